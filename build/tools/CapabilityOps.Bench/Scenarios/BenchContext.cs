using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CapabilityOps.Bench.Generation;
using Npgsql;

namespace CapabilityOps.Bench.Scenarios;

/// <summary>How big a run is: <c>--quick</c> (about 3 minutes) or the full run of issue 8.</summary>
/// <param name="WarmUpSeconds">At most this much load before each measured load run, per path, until the host's CPU per request settles (<see cref="LoadDriver.WarmUpAsync"/>).</param>
/// <param name="ModuleWriteSeconds">Each load run of a module's write scenario (<see cref="ModuleWriteScenarios"/>): shorter in the quick run, which has four of them.</param>
/// <param name="ModuleWarmUpSeconds">At most this much warm-up of a module's write route: they share the write scenario's appender, auth and idempotency, already warm.</param>
public sealed record BenchSizes(int Cadres, int Years, int WriteSeconds, int ImportRows, int ReadSeconds, int CityViewRequests, int AsOfRequests, int WarmUpSeconds,
    int ModuleWriteSeconds, int ModuleWarmUpSeconds)
{
    public static BenchSizes Quick { get; } = new(2_000, 1, 5, 100_000, 5, 5, 100, 30, 3, 8);

    public static BenchSizes Full { get; } = new(20_000, 3, 20, 1_000_000, 15, 5, 300, 60, 20, 60);
}

/// <summary>One scenario's line in results.json: the figures, the same-run baseline, their ratio and the target.</summary>
public sealed record ScenarioResult(string Name, Dictionary<string, object> Size, Dictionary<string, object> Metrics, Dictionary<string, object>? Baseline,
    double? Ratio, string Target, bool Met, string? Note = null);

/// <summary>What the scenarios share: the database, the running host, the keys, the generated bureau.</summary>
public sealed class BenchContext
{
    public required string Root { get; init; }
    public required string ConnectionString { get; init; }
    public required string Url { get; init; }
    public required string AdminKey { get; init; }
    public required BenchSizes Sizes { get; init; }
    public required string LogDirectory { get; init; }
    public GenerationPlan Plan { get; set; } = null!;
    public IReadOnlyList<string> StaffNos { get; set; } = [];

    /// <summary>Whether the bureau is the targets' size (20,000 cadres generated; <see cref="StaffNos"/> leaves out those who left).</summary>
    public bool TargetSize => Plan.Cadres >= 20_000;
    public long GeneratedEvents { get; set; }
    public HostProcess? Host { get; set; }
    public string WriterKey { get; set; } = "";
    public string ReaderKey { get; set; } = "";
    public string DisciplineKey { get; set; } = "";

    /// <summary>Whether the raw-INSERT baseline has been warmed up in this run (once is enough: it is the same route for every write scenario).</summary>
    public bool BaselineWarmedUp { get; set; }

    /// <summary>Peak RSS of the host during the write scenario, for the startup scenario's line.</summary>
    public double? PeakRssUnderWriteMb { get; set; }

    public HttpClient Admin(int connections = 4) => LoadDriver.Client(Url, AdminKey, connections);

    /// <summary>Seconds each scenario waited for a quiet background before it began (results.json's <c>quietWaits</c>).</summary>
    public Dictionary<string, double> QuietWaits { get; } = [];

    /// <summary>
    /// Waits until the host's background has nothing left to do (<c>/bench/background</c>: every projection's and the read model's lag
    /// 0, no trend month due), seen twice a second apart, so that a timed scenario measures its own load and not the last one's
    /// aftermath; at most 20 minutes. Returns the seconds waited.
    /// </summary>
    /// <param name="trend">Whether to wait for the monthly trend too: not before the rebuild, when the generated events have no
    /// documents yet (no units, so the trend's points can never be written and stay due).</param>
    public async Task<double> WaitForQuietAsync(string before, CancellationToken cancellation, bool trend = true)
    {
        var clock = Stopwatch.StartNew();
        using var client = LoadDriver.Client(Url, null, 1);
        var quietTimes = 0;
        while (quietTimes < 2 && clock.Elapsed < TimeSpan.FromMinutes(20))
        {
            var figures = await client.GetFromJsonAsync<Dictionary<string, JsonNode>>("/bench/background", cancellation);
            var busy = figures!.Where(f => (f.Key.StartsWith("lag:", StringComparison.Ordinal) || (trend && f.Key.StartsWith("trendDue:", StringComparison.Ordinal)))
                                           && f.Value.GetValue<double>() > 0).Select(f => $"{f.Key} {f.Value}").ToList();
            quietTimes = busy.Count == 0 ? quietTimes + 1 : 0;
            if (busy.Count > 0 && clock.Elapsed.TotalSeconds > 5 && (int)clock.Elapsed.TotalSeconds % 30 == 0)
                Console.Error.WriteLine($"  waiting for a quiet background before {before}: {string.Join(", ", busy)}");
            if (Host?.Exited == true) throw new InvalidOperationException($"the host exited; see {LogDirectory}");
            if (quietTimes < 2) await Task.Delay(1000, cancellation);
        }
        var seconds = Math.Round(clock.Elapsed.TotalSeconds, 1);
        QuietWaits[before] = seconds;
        Console.Error.WriteLine($"  background quiet before {before} after {seconds:0.0} s{(quietTimes < 2 ? " (gave up: still busy)" : "")}");
        return seconds;
    }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellation)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellation);
        return connection;
    }

    public async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 3600 };
        return (T)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>Times one SQL statement run on its own connection.</summary>
    public async Task<double> TimeSqlAsync(string sql, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 3600 };
        var clock = Stopwatch.StartNew();
        await using (var reader = await command.ExecuteReaderAsync(cancellation)) while (await reader.ReadAsync(cancellation)) { }
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Issues a key through the admin route, as the API tests do.</summary>
    public async Task<string> IssueKeyAsync(string role, string unitCode, CancellationToken cancellation)
    {
        using var admin = Admin();
        var response = await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = $"bench-{role}-{Guid.NewGuid().ToString("N")[..8]}", role, unitCode }, cancellation);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>(cancellation))!["key"]!.GetValue<string>();
    }
}
