namespace CapabilityOps.ServiceVisits.Tests;

[CollectionDefinition(ApiCollection.Name)]
public sealed class ApiTests : ICollectionFixture<ApiFixture>;
