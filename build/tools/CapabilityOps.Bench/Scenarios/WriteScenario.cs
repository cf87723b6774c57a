using System.Net.Http.Json;
using CapabilityOps.SharedKernel;

namespace CapabilityOps.Bench.Scenarios;

/// <summary>
/// 1. POST study-hours at 16 connections with auth, validation and idempotency on, against the raw one-INSERT-per-request
/// route on the same server. Requests spread over every cadre and the days of the current year so far (half an hour each,
/// far from the 24-hours-a-day limit), each with its own Idempotency-Key and external id: every one is valid and new.
/// <see cref="MeasureAsync"/> is the measurement every write scenario shares (this one, capture and each module's).
/// </summary>
public static class WriteScenario
{
    public const int Connections = 16;

    public const string Target = "≥35% of raw-INSERT req/s, p99 ≤25 ms, zero 5xx, ≤0.5% 409";

    /// <summary>Study-hours bodies, each new and valid: spread over every cadre and the days of the current year so far.</summary>
    public static Func<long, object> Bodies(IReadOnlyList<string> staff)
    {
        var today = ChinaTime.Today(TimeProvider.System);
        var firstDay = new DateOnly(today.Year, 1, 1);
        var days = today.DayNumber - firstDay.DayNumber + 1;
        var run = Guid.NewGuid().ToString("N")[..8];
        return n => new
        {
            hours = 0.5m, studiedOn = firstDay.AddDays((int)(n / staff.Count % days)).ToString("yyyy-MM-dd"), channel = "Online",
            source = "bench-write", topic = "压力测试", externalId = $"W-{run}-{n}",
        };
    }

    public static async Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken cancellation)
    {
        var staff = context.StaffNos;
        var body = Bodies(staff);
        var run = await MeasureAsync(context, "write", context.WriterKey, n => Api(staff, n, body(n)), cancellation);
        // The scenario runs first after the start, so the process's own peak (VmHWM) is the peak of the start and this load.
        context.PeakRssUnderWriteMb = Math.Max(run.PeakRssMb, context.Host!.MemoryMb("VmHWM"));
        return Result("write", new() { ["connections"] = Connections, ["seconds"] = context.Sizes.WriteSeconds, ["cadres"] = staff.Count }, run,
            $"peak host RSS {context.PeakRssUnderWriteMb:0} MB");
    }

    /// <summary>A write scenario's two load runs: the same run's raw-INSERT baseline, then the API route.</summary>
    public sealed record Measured(LoadResult Baseline, LoadResult Api, double PeakRssMb)
    {
        public double Ratio => Api.RequestsPerSecond / Baseline.RequestsPerSecond;

        public double ConflictShare => Api.Requests == 0 ? 1 : (double)Api.Status409 / Api.Requests;

        /// <summary>The write targets: ≥ 0.35 of raw, p99 ≤ 25 ms, no 5xx, at most 0.5% 409.</summary>
        public bool Met => Ratio >= 0.35 && Api.P99Ms <= 25 && Api.Status5xx == 0 && ConflictShare <= 0.005;
    }

    /// <summary>
    /// The measurement every write scenario shares, at <see cref="Connections"/> connections: warm the raw-INSERT baseline
    /// (once a bench run) and the API route (JIT, pools, prepared statements: warm-up numbers lie above the measured ones),
    /// then, once the background caught up with the warm-up, the baseline for the write duration, then the API route with the host's RSS sampled.
    /// A checkpoint comes before the API's warm-up (<see cref="WalReading.CheckpointAsync"/>), and each run's WAL is recorded. <paramref name="api"/>
    /// gets a request number and must make a valid, new request for every one; the warm-up gets numbers from 10¹² up, the
    /// measured run from 0 (or <paramref name="warmUp"/> makes the warm-up's own requests). Each load run lasts
    /// <paramref name="seconds"/> (default: the size's write seconds); the API's may instead be given <paramref name="duration"/>
    /// or <paramref name="maxRequests"/>. The API's warm-up lasts at most <paramref name="warmUpSeconds"/> (default: the size's).
    /// </summary>
    public static async Task<Measured> MeasureAsync(BenchContext context, string name, string key, Func<long, HttpRequestMessage> api,
        CancellationToken cancellation, Func<long, HttpRequestMessage>? warmUp = null, TimeSpan? duration = null, long maxRequests = long.MaxValue,
        int? seconds = null, int? warmUpSeconds = null)
    {
        var runSeconds = TimeSpan.FromSeconds(seconds ?? context.Sizes.WriteSeconds);
        const long warm = 1_000_000_000_000;
        var staff = context.StaffNos;
        var body = Bodies(staff);
        var pid = context.Host!.Pid;
        using var baselineClient = LoadDriver.Client(context.Url, null, Connections);
        using var apiClient = LoadDriver.Client(context.Url, key, Connections);
        if (!context.BaselineWarmedUp)
        {
            await LoadDriver.WarmUpAsync(baselineClient, Connections, n => Baseline(staff, n, body(warm + n)), $"{name} warm-up (baseline)", pid,
                context.Sizes.WarmUpSeconds, cancellation);
            context.BaselineWarmedUp = true;
        }
        // Both measured runs start from the same point of a checkpoint cycle, the API's pages written whole once in its warm-up.
        await WalReading.CheckpointAsync(context, name, cancellation);
        await LoadDriver.WarmUpAsync(apiClient, Connections, warmUp ?? (n => api(warm + n)), $"{name} warm-up (API)", pid,
            warmUpSeconds ?? context.Sizes.WarmUpSeconds, cancellation);

        // The warm-up's facts are caught up by the background first: the baseline measures the machine, not the machine less that.
        await context.WaitForQuietAsync($"{name} baseline", cancellation);
        var walBefore = await WalReading.TakeAsync(context, cancellation);
        var baseline = await LoadDriver.RunAsync(baselineClient, Connections, runSeconds,
            n => Baseline(staff, n, body(n)), $"{name} baseline (raw INSERT)", cancellation: cancellation, hostPid: pid);
        var walBetween = await WalReading.TakeAsync(context, cancellation);
        double peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, context.Host!.MemoryMb("VmRSS"));
                try { await Task.Delay(100, sampling.Token); } catch (OperationCanceledException) { }
            }
        }, cancellation);
        var measured = await LoadDriver.RunAsync(apiClient, Connections, duration ?? runSeconds, api, $"{name} (API)",
            maxRequests, cancellation, pid);
        var walAfter = await WalReading.TakeAsync(context, cancellation);
        await sampling.CancelAsync();
        await sampler;
        // The WAL of each run: a checkpoint begun just before or during one makes its writes log whole pages.
        baseline = baseline with { Wal = walBetween - walBefore };
        measured = measured with { Wal = walAfter - walBetween };
        return new Measured(baseline, measured, peak);
    }

    /// <summary>A write scenario's line in results.json: the API's figures beside the baseline's, the ratio and the write targets.</summary>
    public static ScenarioResult Result(string name, Dictionary<string, object> size, Measured run, string? note = null)
    {
        var metrics = run.Api.Metrics();
        metrics["status409Share"] = Math.Round(run.ConflictShare, 4);
        return new ScenarioResult(name, size, metrics, run.Baseline.Metrics(), Math.Round(run.Ratio, 3), Target, run.Met, note);
    }

    /// <summary>A POST with its own Idempotency-Key, as an integrating system sends it.</summary>
    public static HttpRequestMessage Post(string path, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", $"bench-{Guid.NewGuid():N}");
        return request;
    }

    private static HttpRequestMessage Api(IReadOnlyList<string> staff, long n, object body) =>
        Post($"/api/v1/cadres/{staff[(int)(n % staff.Count)]}/study-hours", body);

    /// <summary>The raw one-INSERT route every write scenario is measured against.</summary>
    public static HttpRequestMessage Baseline(IReadOnlyList<string> staff, long n, object body) =>
        new(HttpMethod.Post, $"/bench/baseline/cadres/{staff[(int)(n % staff.Count)]}/study-hours") { Content = JsonContent.Create(body) };
}
