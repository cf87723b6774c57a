namespace CapabilityOps.Training.Tests;

[CollectionDefinition(ApiCollection.Name)]
public sealed class ApiTests : ICollectionFixture<ApiFixture>;
