using System.Net.Http.Headers;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Xunit;

namespace CapabilityOps.Testing;

/// <summary>The real host on a fresh PostgreSQL database, shared by the API tests of one test assembly.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    public IAlbaHost Host { get; private set; } = null!;

    public TestDatabase Database => _database!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:Postgres", _database.ConnectionString);
            builder.ConfigureServices(services => services.DisableAllExternalWolverineTransports());
        });
    }

    /// <summary>A client as another bureau system would use it; <paramref name="source"/> goes in X-Source-System.</summary>
    public HttpClient Client(string? source = "test-suite")
    {
        var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (source is not null) client.DefaultRequestHeaders.Add("X-Source-System", source);
        return client;
    }

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
