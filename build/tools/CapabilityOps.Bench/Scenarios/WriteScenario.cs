using System.Net.Http.Json;
using CapabilityOps.SharedKernel;

namespace CapabilityOps.Bench.Scenarios;

/// <summary>
/// 1. POST study-hours at 16 connections with auth, validation and idempotency on, against the raw one-INSERT-per-request
/// route on the same server. Requests spread over every cadre and the days of the current year so far (half an hour each,
/// far from the 24-hours-a-day limit), each with its own Idempotency-Key and external id: every one is valid and new.
/// </summary>
public static class WriteScenario
{
    public const int Connections = 16;

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
        var Body = Bodies(staff);
        var duration = TimeSpan.FromSeconds(context.Sizes.WriteSeconds);
        using var baselineClient = LoadDriver.Client(context.Url, null, Connections);
        using var apiClient = LoadDriver.Client(context.Url, context.WriterKey, Connections);

        // Warm both paths (JIT, connection pools, prepared statements) before measuring; warm-up numbers lie above the measured ones.
        const long warm = 1_000_000_000_000;
        await LoadDriver.WarmUpAsync(baselineClient, Connections, n => Baseline(staff, n, Body(warm + n)), "write warm-up (baseline)", context.Host!.Pid, context.Sizes.WarmUpSeconds, cancellation);
        await LoadDriver.WarmUpAsync(apiClient, Connections, n => Api(staff, warm + n, Body(warm + n)), "write warm-up (API)", context.Host!.Pid, context.Sizes.WarmUpSeconds, cancellation);

        var baseline = await LoadDriver.RunAsync(baselineClient, Connections, duration, n => Baseline(staff, n, Body(n)), "write baseline (raw INSERT)", cancellation: cancellation, hostPid: context.Host!.Pid);
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
        var api = await LoadDriver.RunAsync(apiClient, Connections, duration, n => Api(staff, n, Body(n)), "write (API)", cancellation: cancellation, hostPid: context.Host!.Pid);
        await sampling.CancelAsync();
        await sampler;
        // The scenario runs first after the start, so the process's own peak (VmHWM) is the peak of the start and this load.
        context.PeakRssUnderWriteMb = Math.Max(peak, context.Host!.MemoryMb("VmHWM"));

        var ratio = api.RequestsPerSecond / baseline.RequestsPerSecond;
        var conflictShare = api.Requests == 0 ? 1 : (double)api.Status409 / api.Requests;
        var met = ratio >= 0.35 && api.P99Ms <= 25 && api.Status5xx == 0 && conflictShare <= 0.005;
        return new ScenarioResult("write", new() { ["connections"] = Connections, ["seconds"] = context.Sizes.WriteSeconds, ["cadres"] = staff.Count },
            api.Metrics(), baseline.Metrics(), Math.Round(ratio, 3), "≥35% of raw-INSERT req/s, p99 ≤25 ms, zero 5xx, ≤0.5% 409", met,
            $"peak host RSS {context.PeakRssUnderWriteMb:0} MB");
    }

    private static HttpRequestMessage Api(IReadOnlyList<string> staff, long n, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cadres/{staff[(int)(n % staff.Count)]}/study-hours") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", $"bench-{Guid.NewGuid():N}");
        return request;
    }

    /// <summary>The raw one-INSERT route every write scenario is measured against.</summary>
    public static HttpRequestMessage Baseline(IReadOnlyList<string> staff, long n, object body) =>
        new(HttpMethod.Post, $"/bench/baseline/cadres/{staff[(int)(n % staff.Count)]}/study-hours") { Content = JsonContent.Create(body) };
}
