namespace CapabilityOps.Informatization.Tests;

[CollectionDefinition(ApiCollection.Name)]
public sealed class ApiTests : ICollectionFixture<ApiFixture>;
