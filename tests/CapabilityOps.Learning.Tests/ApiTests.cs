namespace CapabilityOps.Learning.Tests;

[CollectionDefinition(ApiCollection.Name)]
public sealed class ApiTests : ICollectionFixture<ApiFixture>;
