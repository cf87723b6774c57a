using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace CapabilityOps.Dashboard.Tests;

/// <summary>
/// The real host on a real Kestrel port (a browser cannot reach a test server in memory): the host this checkout built, started as
/// its own process as build/screenshots starts it, on a fresh database, with every log line it writes (every category at Debug)
/// kept in <see cref="Logs"/>, so a test can show that no key was ever logged. The organisation: a city bureau with two
/// county bureaus (XQ-…, DQ-…) and a department, cadres in the counties, and keys.
/// </summary>
public sealed class DashboardHost : IAsyncLifetime
{
    public const string AdminKey = "dashboard-test-admin-key-0123456789";

    private TestDatabase? _database;
    private Process? _host;

    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentQueue<string> Logs { get; } = new();

    public string City { get; } = Ids.Next("CITY");
    public string CountyWest { get; } = Ids.Next("XQ");
    public string CountyEast { get; } = Ids.Next("DQ");
    public string Department { get; } = Ids.Next("RSK");
    public string CadreWest { get; private set; } = "";
    public string CadreEast { get; private set; } = "";
    public string ReaderWestKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        _host = StartHost(BaseAddress, _database.ConnectionString);
        await WaitUntilLive(_host, BaseAddress);

        var api = Api();
        await (await api.PostJson("/api/v1/units", new { code = City, name = "测试市生态环境局", kind = "CityBureau" })).Json(HttpStatusCode.Created);
        await (await api.PostJson("/api/v1/units", new { code = CountyWest, name = "西区分局", kind = "CountyBureau", parentCode = City })).Json(HttpStatusCode.Created);
        await (await api.PostJson("/api/v1/units", new { code = CountyEast, name = "东区分局", kind = "CountyBureau", parentCode = City })).Json(HttpStatusCode.Created);
        await (await api.PostJson("/api/v1/units", new { code = Department, name = "人事科", kind = "Department", parentCode = City })).Json(HttpStatusCode.Created);
        CadreWest = await api.Cadre(CountyWest, name: "王小明");
        await api.Cadre(CountyWest, name: "赵丽");
        CadreEast = await api.Cadre(CountyEast, rank: "SectionLevel", name: "钱多多");
        var diligent = await api.Cadre(CountyWest, name: "李华");
        var department = await api.Cadre(Department, name: "孙悟");
        // Some facts, so that the rules' rates differ: one west cadre meets every rule, the department's cadre some of them.
        await Study(api, diligent, 60);
        await Facts(api, diligent, talk: true, healthCheck: true);
        await Study(api, department, 30);
        await Facts(api, department, talk: true, healthCheck: false);
        await Facts(api, CadreEast, talk: true, healthCheck: true);
        ReaderWestKey = await IssueKey("Reader", CountyWest);
        await WaitForReadModel();
    }

    /// <summary>Study hours this year, at most 20 a day from 2 March.</summary>
    private static async Task Study(HttpClient api, string staffNo, int hours)
    {
        for (var day = 0; hours > 0; day++, hours -= 20)
            await (await api.PostJson($"/api/v1/cadres/{staffNo}/study-hours", new
            {
                hours = Math.Min(hours, 20), studiedOn = new DateOnly(DateTime.UtcNow.Year, 3, 2 + day), channel = "Online", source = "学习强国",
                topic = "习近平生态文明思想", externalId = Ids.Next("XXQG"),
            })).Json(HttpStatusCode.Created);
    }

    private static async Task Facts(HttpClient api, string staffNo, bool talk, bool healthCheck)
    {
        var day = new DateOnly(DateTime.UtcNow.Year, 4, 10);
        if (talk) await (await api.PostJson($"/api/v1/cadres/{staffNo}/talks", new { heldOn = day, by = "党组书记" })).Json(HttpStatusCode.Created);
        if (healthCheck) await (await api.PostJson($"/api/v1/cadres/{staffNo}/health-checks", new { checkedOn = day })).Json(HttpStatusCode.Created);
    }

    /// <summary>A client of the API with the administrator's key.</summary>
    public HttpClient Api(string? apiKey = AdminKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return client;
    }

    public async Task<string> IssueKey(string role, string? unitCode, string? name = null)
    {
        var response = await Api().PostJson("/api/v1/admin/api-keys", new { name = name ?? Ids.Next("key"), role, unitCode });
        return (await response.Json(HttpStatusCode.Created))["key"]!.GetValue<string>();
    }

    /// <summary>Until the compliance read model counts every cadre (the live unit view's <c>pending</c> is 0 and it counts them all).</summary>
    public async Task WaitForReadModel()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var view = await Api().GetJson($"/api/v1/compliance/units/{City}");
            if (view["pending"]!.GetValue<int>() == 0 && view["cadreCount"]!.GetValue<int>() == 5) return;
            if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException("The compliance read model did not catch up within 60 s.");
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        if (_host is { HasExited: false })
        {
            _host.Kill(entireProcessTree: true);
            await _host.WaitForExitAsync();
        }
        _host?.Dispose();
        if (_database is not null) await _database.DisposeAsync();
    }

    /// <summary>
    /// The host this checkout built (<c>src/Host/CapabilityOps.Host/bin/…</c>, the configuration the tests were built in), as a
    /// process of its own at <paramref name="baseAddress"/>, every log category at Debug, its output kept in <see cref="Logs"/>.
    /// </summary>
    private Process StartHost(Uri baseAddress, string connectionString)
    {
        var root = Root();
        var testBin = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var configuration = testBin.Parent!.Name; // …/bin/{Configuration}/net10.0
        var hostDir = Path.Combine(root, "src", "Host", "CapabilityOps.Host");
        var dll = Path.Combine(hostDir, "bin", configuration, "net10.0", "CapabilityOps.Host.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build the host first ({dll} is missing).", dll);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = hostDir };
        start.ArgumentList.Add(dll);
        // A home folder of its own, as on another machine: nothing is shared through ~/.aspnet (data protection's default key ring).
        start.Environment["HOME"] = Directory.CreateTempSubdirectory("capops-dashboard-host-").FullName;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/');
        start.Environment["ASPNETCORE_CONTENTROOT"] = hostDir;
        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        start.Environment["Auth__BootstrapAdminKey"] = AdminKey;
        start.Environment["RateLimit__PermitsPerSecond"] = "100000";
        start.Environment["RateLimit__Burst"] = "100000";
        // The monthly trend's points are computed again as soon as cadres' facts change, so a test sees its own cadres there.
        start.Environment["Compliance__TrendRefreshInterval"] = "00:00:00";
        start.Environment["Logging__LogLevel__Default"] = "Debug";
        start.Environment["Logging__LogLevel__Microsoft"] = "Debug";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Debug";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The host did not start.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Logs.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Logs.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>A second instance of the host on the same database, on a port of its own (the caller stops it).</summary>
    public async Task<(Process Process, Uri BaseAddress)> StartAnotherHost()
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var process = StartHost(address, _database!.ConnectionString);
        await WaitUntilLive(process, address);
        return (process, address);
    }

    private async Task WaitUntilLive(Process host, Uri address)
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (host.HasExited) throw new InvalidOperationException("The host exited: " + string.Join('\n', Logs.TakeLast(40)));
            try
            {
                if ((await client.GetAsync("/health/live")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("The host did not answer /health/live within 120 s: " + string.Join('\n', Logs.TakeLast(40)));
    }

    /// <summary>The checkout's root (where CapabilityOps.sln is).</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CapabilityOps.sln"))) return dir.FullName;
        throw new InvalidOperationException("CapabilityOps.sln not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardHost>
{
    public const string Name = "dashboard";
}
