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
    private readonly bool _ownsDatabase = true;
    private readonly IReadOnlyDictionary<string, string> _settings = new Dictionary<string, string>();

    public ApiFixture()
    {
    }

    /// <summary>A host on a database of its own, with extra settings (a factory: xunit wants one public constructor).</summary>
    public static ApiFixture WithSettings(IReadOnlyDictionary<string, string> settings) => new(null, settings);

    /// <summary>A host on a database the caller owns and drops (a restart test stops and starts hosts on it, none other running).</summary>
    public static ApiFixture OnDatabase(TestDatabase database, IReadOnlyDictionary<string, string> settings) => new(database, settings);

    /// <summary>A second host on an existing fixture's database (a restart, a second instance), with extra settings.</summary>
    private ApiFixture(TestDatabase? database, IReadOnlyDictionary<string, string> settings)
    {
        _database = database;
        _ownsDatabase = database is null;
        _settings = settings;
    }

    public async Task<ApiFixture> StartAnotherHost(IReadOnlyDictionary<string, string>? settings = null)
    {
        var other = new ApiFixture(Database, settings ?? new Dictionary<string, string>());
        await other.InitializeAsync();
        return other;
    }

    /// <summary>The bootstrap administrator key the test host is configured with.</summary>
    public const string AdminKey = "test-bootstrap-admin-key-0123456789";

    public IAlbaHost Host { get; private set; } = null!;

    public TestDatabase Database => _database!;

    public async Task InitializeAsync()
    {
        _database ??= await TestDatabase.CreateAsync();
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:Postgres", _database.ConnectionString);
            builder.UseSetting("Auth:BootstrapAdminKey", AdminKey);
            // The suite shares one key; the rate limit has tests of its own, on a host of their own.
            builder.UseSetting("RateLimit:PermitsPerSecond", "100000");
            builder.UseSetting("RateLimit:Burst", "100000");
            foreach (var (key, value) in _settings) builder.UseSetting(key, value);
            builder.ConfigureServices(services => services.DisableAllExternalWolverineTransports());
        });
    }

    /// <summary>
    /// A client as another bureau system would use it: <paramref name="apiKey"/> in X-Api-Key (the bootstrap
    /// admin key unless given; null for none), <paramref name="source"/> in X-Source-System.
    /// </summary>
    /// <remarks>
    /// The suite reads its messages in English (<paramref name="language"/>, Accept-Language), as most assertions are written;
    /// null sends no Accept-Language: the host's default, Chinese.
    /// </remarks>
    public HttpClient Client(string? source = "test-suite", string? apiKey = AdminKey, string? language = "en")
    {
        var client = Host.Server.CreateClient();
        if (language is not null) client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (source is not null) client.DefaultRequestHeaders.Add("X-Source-System", source);
        return client;
    }

    /// <summary>Issues an API key through the admin route and returns its secret.</summary>
    public async Task<string> IssueKey(string role, string? unitCode, string? name = null)
    {
        var response = await Client().PostJson("/api/v1/admin/api-keys", new { name = name ?? Ids.Next("key"), role, unitCode });
        return (await response.Json(System.Net.HttpStatusCode.Created))["key"]!.GetValue<string>();
    }

    /// <summary>How many events the store holds: "nothing changed" is this number unchanged.</summary>
    public async Task<long> CountEvents()
    {
        await using var connection = new Npgsql.NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand("select count(*) from capops.mt_events", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>Waits until every asynchronous projection has caught up with the events recorded so far.</summary>
    public Task WaitForProjections() => Host.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

    /// <summary>
    /// Waits until the compliance read model has recomputed every cadre-year that changed (the live unit views' <c>pending</c>
    /// is 0 and their tallies count every write so far): the unit views of the years kept in the background follow a write, not
    /// at once.
    /// </summary>
    public async Task WaitForReadModel()
    {
        var live = Host.Services.GetRequiredService<CapabilityOps.Appraisal.Compliance.LiveCompliance>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var connection = await live.Memo.OpenAsync(default);
        while (true)
        {
            var rulebook = await live.Memo.RulebookStreamVersionAsync(connection, default);
            if ((await live.Memo.StaleAsync(connection, live.BackgroundYears(), rulebook, 1, default)).Count == 0) return;
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("The compliance read model did not catch up within 30 s.");
            await Task.Delay(25);
        }
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        if (_ownsDatabase && _database is not null) await _database.DisposeAsync();
    }
}

/// <summary>The xunit collection of API tests; each test project declares it (xunit needs that in the same assembly).</summary>
public static class ApiCollection
{
    public const string Name = "api";
}
