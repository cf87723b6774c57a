namespace CapabilityOps.Equipment.Tests;

[CollectionDefinition(ApiCollection.Name)]
public sealed class ApiTests : ICollectionFixture<ApiFixture>;
