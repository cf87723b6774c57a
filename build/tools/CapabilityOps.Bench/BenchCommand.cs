using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using CapabilityOps.Bench.Generation;
using CapabilityOps.Bench.Scenarios;
using Npgsql;

namespace CapabilityOps.Bench;

/// <summary>
/// <c>bench [--quick] [--only …]</c>: a fresh database <c>capabilityops_bench</c>, the schema by <c>db-apply</c>, a generated
/// bureau, then the host (Release, Production) started by the bench and the scenarios, each beside its same-run
/// baseline; prints a table and writes <c>artifacts/bench/results.json</c> (with the database's largest tables and indexes
/// at the end of the run, <see cref="StorageReport"/>).
/// </summary>
public static class BenchCommand
{
    public const string Database = "capabilityops_bench";
    private static readonly string[] Order = ["write", "capture", .. ModuleWriteScenarios.Names, "import", "rebuild", "read", "dashboard", "asof", "readmodel", "startup", "verify"];

    public static async Task<int> RunAsync(Options options, CancellationToken cancellation)
    {
        var quick = options.Flag("quick");
        var defaults = quick ? BenchSizes.Quick : BenchSizes.Full;
        var sizes = defaults with
        {
            Cadres = options.Int("cadres", defaults.Cadres), Years = options.Int("years", defaults.Years),
            WriteSeconds = options.Int("write-seconds", defaults.WriteSeconds),
        };
        var only = (options.Get("only") ?? string.Join(',', Order)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        var root = options.Get("root") ?? Directory.GetCurrentDirectory();
        var output = options.Get("out") ?? Path.Combine(root, "artifacts/bench/results.json");
        var logs = Path.GetDirectoryName(Path.GetFullPath(output))!;
        Directory.CreateDirectory(logs);
        var server = options.Get("connection") ?? Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
            ?? throw new ArgumentException("give --connection or set ConnectionStrings__Postgres (build/bench does)");
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = Database }.ConnectionString;
        var started = Stopwatch.StartNew();

        var context = new BenchContext
        {
            Root = root, ConnectionString = connection, Url = options.Get("url", "http://127.0.0.1:55465"), Sizes = sizes, LogDirectory = logs,
            AdminKey = "bench-bootstrap-admin-" + Guid.NewGuid().ToString("N"),
        };
        var results = new List<ScenarioResult>();
        try
        {
            results = await RunScenariosAsync(context, options, only, started, cancellation);
        }
        finally
        {
            // The host must not outlive the bench, whatever failed.
            if (context.Host is not null) await context.Host.DisposeAsync();
        }
        return 0;
    }

    private static async Task<List<ScenarioResult>> RunScenariosAsync(BenchContext context, Options options, HashSet<string> only, Stopwatch started,
        CancellationToken cancellation)
    {
        var (root, sizes, logs, connection) = (context.Root, context.Sizes, context.LogDirectory, context.ConnectionString);
        var quick = options.Flag("quick");
        var output = options.Get("out") ?? Path.Combine(root, "artifacts/bench/results.json");
        var server = options.Get("connection") ?? Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")!;
        var loadBefore = File.ReadAllText("/proc/loadavg").Trim();
        var results = new List<ScenarioResult>();

        Step($"fresh database {Database}; schema by db-apply");
        await RecreateDatabaseAsync(server, cancellation);
        await HostProcess.RunCommandAsync(root, connection, Path.Combine(logs, "db-apply.log"), "db-apply");
        await CpuReading.WatchDatabaseAsync(connection, cancellation);

        Step($"generate {sizes.Cadres:N0} cadres × {sizes.Years} year(s), and one cadre with a 1,000-event stream");
        var generateOptions = new Options(["generate", "--cadres", $"{sizes.Cadres}", "--years", $"{sizes.Years}", "--seed", options.Get("seed", "8"), "--long-stream", "1000"]);
        var generated = await GenerateCommand.GenerateAsync(connection, GenerateCommand.Plan(generateOptions), cancellation);
        context.Plan = generated.Plan;
        // The scenarios record facts dated this year: only cadres who never left the system may take them.
        context.StaffNos = generated.Profiles.Where(p => p.Departures.Count == 0).Select(p => p.StaffNo).ToList();
        context.GeneratedEvents = generated.Events;
        Console.Error.WriteLine($"  {generated.Events:N0} events in {generated.Seconds:0.0} s");

        Step("host (to catch up the audit chain, rebuild and verify)");
        context.Host = HostProcess.Start(root, connection, context.Url, context.AdminKey, Path.Combine(logs, "host-1.log"));
        await WaitForAsync(context, "/health/live", null, TimeSpan.FromMinutes(2), cancellation);
        var chainSeconds = await VerifyScenario.WaitForChainAsync(context, cancellation);
        if (only.Contains("rebuild")) results.Add(await Scenario("rebuild", () => RebuildScenario.RunAsync(context, cancellation), context, trend: false));
        else await RebuildIfSkippedAsync(context, cancellation);
        if (only.Contains("verify")) results.Add(await Scenario("verify", () => VerifyScenario.RunAsync(context, chainSeconds, cancellation), context, trend: false));
        await context.Host.DisposeAsync();

        // The bulk load and the rebuild leave millions of rows that autovacuum would otherwise visit (and checkpoint) in
        // the middle of the load scenarios; a DBA vacuums after a bulk load, and the scenarios measure the steady state.
        Step("VACUUM (ANALYZE) after the bulk load and the rebuild (untimed)");
        Console.Error.WriteLine($"  vacuum: {await context.TimeSqlAsync("vacuum (analyze)", cancellation):0.0} s");

        Step("host restarted: startup to the first answered API request");
        var startup = await StartupAsync(context, cancellation);
        context.WriterKey = await context.IssueKeyAsync("UnitWriter", BureauShape.CityCode, cancellation);
        context.ReaderKey = await context.IssueKeyAsync("Reader", BureauShape.CityCode, cancellation);
        // The read model first: its "after a restart" is the first city view this host answers.
        if (only.Contains("readmodel")) results.Add(await Scenario("readmodel", () => ReadModelScenario.RunAsync(context, cancellation)));
        // Write next: its peak RSS is then that of the start and the write load alone.
        if (only.Contains("write")) results.Add(await Scenario("write", () => WriteScenario.RunAsync(context, cancellation), context));
        if (only.Contains("capture")) results.Add(await Scenario("capture", () => CaptureScenario.RunAsync(context, cancellation), context));
        foreach (var name in ModuleWriteScenarios.Names.Where(only.Contains))
            results.Add(await Scenario(name, () => ModuleWriteScenarios.RunAsync(name, context, cancellation), context));
        if (only.Contains("read")) results.Add(await Scenario("read", () => ReadScenario.RunAsync(context, cancellation), context));
        if (only.Contains("dashboard")) results.Add(await Scenario("dashboard", () => DashboardScenario.RunAsync(context, cancellation), context));
        if (only.Contains("asof")) results.Add(await Scenario("asof", () => AsOfScenario.RunAsync(context, cancellation), context));
        if (only.Contains("import")) results.Add(await Scenario("import", () => ImportScenario.RunAsync(context, cancellation), context));
        if (only.Contains("startup")) results.Add(StartupResult(context, startup));
        await context.Host.DisposeAsync();

        var loadAfter = File.ReadAllText("/proc/loadavg").Trim();
        var storage = await StorageReport.ReadAsync(context, cancellation);
        results = [.. results.OrderBy(r => Array.IndexOf(Order, r.Name))];
        var machine = await MachineAsync(connection, cancellation);
        var document = new
        {
            machine = machine.Summary, machineDetails = machine.Details, run = quick ? "quick" : "full",
            generated = new { cadres = sizes.Cadres, years = sizes.Years, events = context.GeneratedEvents, seconds = Math.Round(generated.Seconds, 1),
                eventsPerSecond = Math.Round(context.GeneratedEvents / generated.Seconds, 0), firstYear = context.Plan.FirstYear, lastYear = context.Plan.LastYear },
            loadAverage = new { before = loadBefore, after = loadAfter }, seconds = Math.Round(started.Elapsed.TotalSeconds, 0),
            when = DateTimeOffset.UtcNow, scenarios = results, storage, quietWaits = context.QuietWaits,
        };
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(document, Json), cancellation);
        Console.WriteLine();
        Console.WriteLine(Table.Render(results));
        Console.WriteLine($"machine: {machine.Summary}; load average before {loadBefore}, after {loadAfter}; {started.Elapsed.TotalSeconds:0} s in all");
        Console.WriteLine($"written: {output}");
        return results;
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static void Step(string what) => Console.Error.WriteLine($"\n== {what}");

    private static async Task<ScenarioResult> Scenario(string name, Func<Task<ScenarioResult>> run, BenchContext? quietFirst = null, bool trend = true)
    {
        Step($"scenario {name}");
        if (quietFirst is not null) await quietFirst.WaitForQuietAsync(name, CancellationToken.None, trend);
        var result = await run();
        Console.Error.WriteLine($"  {name}: {string.Join(", ", result.Metrics.Select(m => $"{m.Key} {m.Value}"))}; ratio {result.Ratio}; met {result.Met}");
        return result;
    }

    /// <summary>The inline documents exist only after a rebuild; without the rebuild scenario it is still done, untimed.</summary>
    private static async Task RebuildIfSkippedAsync(BenchContext context, CancellationToken cancellation)
    {
        using var admin = context.Admin();
        (await admin.PostAsync("/api/v1/admin/projections/rebuild", null, cancellation)).EnsureSuccessStatusCode();
    }

    private sealed record StartupFigures(double FirstAnswerMs, double LiveMs, double IdleRssMb);

    /// <summary>6. Process start → the first 200 of a real API GET (a cadre record, through auth and the scope check); liveness as the baseline.</summary>
    private static async Task<StartupFigures> StartupAsync(BenchContext context, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        context.Host = HostProcess.Start(context.Root, context.ConnectionString, context.Url, context.AdminKey, Path.Combine(context.LogDirectory, "host-2.log"));
        var live = await WaitForAsync(context, "/health/live", null, TimeSpan.FromMinutes(2), cancellation, clock);
        var first = await WaitForAsync(context, $"/api/v1/cadres/{context.StaffNos[0]}", context.AdminKey, TimeSpan.FromMinutes(2), cancellation, clock);
        Console.Error.WriteLine($"  first answer {first:0} ms after the process started (liveness {live:0} ms)");
        await Task.Delay(1000, cancellation);
        return new StartupFigures(first, live, context.Host.MemoryMb("VmRSS"));
    }

    private static ScenarioResult StartupResult(BenchContext context, StartupFigures startup)
    {
        var rss = context.PeakRssUnderWriteMb ?? double.NaN;
        return new ScenarioResult("startup", new() { ["events"] = context.GeneratedEvents, ["cadres"] = context.StaffNos.Count },
            new() { ["firstAnswerMs"] = Math.Round(startup.FirstAnswerMs, 0), ["peakRssUnderWriteMb"] = Math.Round(rss, 0), ["idleRssMb"] = Math.Round(startup.IdleRssMb, 0) },
            new() { ["firstAnswerMs"] = Math.Round(startup.LiveMs, 0) },
            Math.Round(startup.LiveMs / startup.FirstAnswerMs, 3), "≤2 s to the first answer; RSS ≤400 MB under write load",
            startup.FirstAnswerMs <= 2000 && rss <= 400,
            "baseline: the same start's first /health/live answer (the web server up, before any API work)");
    }

    /// <summary>Polls <paramref name="path"/> until a 200; returns the milliseconds on <paramref name="clock"/>.</summary>
    private static async Task<double> WaitForAsync(BenchContext context, string path, string? key, TimeSpan limit, CancellationToken cancellation, Stopwatch? clock = null)
    {
        clock ??= Stopwatch.StartNew();
        using var client = LoadDriver.Client(context.Url, key, 1);
        client.Timeout = TimeSpan.FromSeconds(10);
        while (clock.Elapsed < limit)
        {
            try
            {
                using var response = await client.GetAsync(path, cancellation);
                if (response.IsSuccessStatusCode) return clock.Elapsed.TotalMilliseconds;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested) { }
            if (context.Host!.Exited) throw new InvalidOperationException($"the host exited; see {context.LogDirectory}");
            await Task.Delay(20, cancellation);
        }
        throw new TimeoutException($"{path} did not answer 200 within {limit}");
    }

    private static async Task RecreateDatabaseAsync(string server, CancellationToken cancellation)
    {
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(cancellation);
        await using var drop = new NpgsqlCommand($"drop database if exists {Database} with (force)", connection);
        await drop.ExecuteNonQueryAsync(cancellation);
        // Collation "C", as docs/OPERATIONS.md advises: keys compare by bytes (memcmp) instead of the locale's strcoll; for
        // UTF-8 that is the code-point order C.UTF-8 gives, so no answer changes. The character classes stay the cluster's.
        await using var ctype = new NpgsqlCommand("select datctype from pg_database where datname = 'template0'", connection);
        var characterClasses = (string)(await ctype.ExecuteScalarAsync(cancellation))!;
        await using var create = new NpgsqlCommand(
            $"create database {Database} template template0 lc_collate 'C' lc_ctype '{characterClasses.Replace("'", "''")}'", connection);
        await create.ExecuteNonQueryAsync(cancellation);
    }

    private static async Task<(string Summary, Dictionary<string, object> Details)> MachineAsync(string connection, CancellationToken cancellation)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memory = File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var ramGb = double.Parse(memory, System.Globalization.CultureInfo.InvariantCulture) / 1048576;
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync(cancellation);
        await using var v = new NpgsqlCommand("show server_version", c);
        var postgres = (string)(await v.ExecuteScalarAsync(cancellation))!;
        var summary = $"{Environment.ProcessorCount} cores ({cpu}), {ramGb:0.0} GB RAM, PostgreSQL {postgres}, .NET {Environment.Version}";
        return (summary, new() { ["cores"] = Environment.ProcessorCount, ["cpu"] = cpu, ["ramGb"] = Math.Round(ramGb, 1), ["postgres"] = postgres, ["dotnet"] = Environment.Version.ToString() });
    }
}
