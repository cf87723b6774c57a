using System.Net.Http.Headers;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Marten;
using Marten.Events;
using Wolverine;
using Xunit;

namespace CapabilityOps.Testing;

/// <summary>The real host on a fresh PostgreSQL database, shared by the API tests of one test assembly.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    /// <summary>The bootstrap administrator key the test host is configured with.</summary>
    public const string AdminKey = "test-bootstrap-admin-key-0123456789";

    public IAlbaHost Host { get; private set; } = null!;

    public TestDatabase Database => _database!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:Postgres", _database.ConnectionString);
            builder.UseSetting("Auth:BootstrapAdminKey", AdminKey);
            builder.ConfigureServices(services => services.DisableAllExternalWolverineTransports());
        });
    }

    /// <summary>
    /// A client as another bureau system would use it: <paramref name="apiKey"/> in X-Api-Key (the bootstrap
    /// admin key unless given; null for none), <paramref name="source"/> in X-Source-System.
    /// </summary>
    public HttpClient Client(string? source = "test-suite", string? apiKey = AdminKey)
    {
        var client = Host.Server.CreateClient();
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (source is not null) client.DefaultRequestHeaders.Add("X-Source-System", source);
        return client;
    }

    /// <summary>Waits until every asynchronous projection has caught up with the events recorded so far.</summary>
    public Task WaitForProjections() => Host.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

/// <summary>The xunit collection of API tests; each test project declares it (xunit needs that in the same assembly).</summary>
public static class ApiCollection
{
    public const string Name = "api";
}
