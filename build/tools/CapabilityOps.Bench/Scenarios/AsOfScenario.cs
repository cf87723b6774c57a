using CapabilityOps.Bench.Generation;

namespace CapabilityOps.Bench.Scenarios;

/// <summary>
/// 5. A cadre record and a compliance view <c>?asOf=</c> now, on a cadre whose stream holds 1,000 events, one request at a
/// time; against one query returning the same stream's events up to the instant.
/// </summary>
public static class AsOfScenario
{
    public static async Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken cancellation)
    {
        var staffNo = FactGenerator.LongStreamStaffNo;
        var streamEvents = await context.ScalarAsync<long>($"select count(*) from capops.mt_events where stream_id = 'cadre:{staffNo}'", cancellation);
        var asOf = Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss+00:00"));
        var year = context.Plan.LastYear;
        var requests = context.Sizes.AsOfRequests;
        var forever = TimeSpan.FromHours(1);
        using var api = LoadDriver.Client(context.Url, context.ReaderKey, 1);
        using var raw = LoadDriver.Client(context.Url, null, 1);
        HttpRequestMessage Record(long _) => new(HttpMethod.Get, $"/api/v1/cadres/{staffNo}?asOf={asOf}");
        HttpRequestMessage Compliance(long _) => new(HttpMethod.Get, $"/api/v1/compliance/cadres/{staffNo}?year={year}&asOf={asOf}");
        HttpRequestMessage Events(long _) => new(HttpMethod.Get, $"/bench/baseline/cadres/{staffNo}/events?asOf={asOf}");
        // As the load scenarios do: measure once the JIT has settled on each path.
        await LoadDriver.WarmUpAsync(api, 1, Record, "as-of warm-up (record)", context.Host!.Pid, context.Sizes.WarmUpSeconds, cancellation);
        await LoadDriver.WarmUpAsync(api, 1, Compliance, "as-of warm-up (compliance)", context.Host!.Pid, context.Sizes.WarmUpSeconds, cancellation);
        await LoadDriver.WarmUpAsync(raw, 1, Events, "as-of warm-up (baseline)", context.Host!.Pid, context.Sizes.WarmUpSeconds, cancellation);
        var record = await LoadDriver.RunAsync(api, 1, forever, Record, "as-of cadre record", requests, cancellation);
        var compliance = await LoadDriver.RunAsync(api, 1, forever, Compliance, "as-of compliance", requests, cancellation);
        var baseline = await LoadDriver.RunAsync(raw, 1, forever, Events, "as-of baseline (stream query)", requests, cancellation);
        var metrics = new Dictionary<string, object>
        {
            ["recordP50Ms"] = Math.Round(record.P50Ms, 2), ["recordP99Ms"] = Math.Round(record.P99Ms, 2),
            ["complianceP50Ms"] = Math.Round(compliance.P50Ms, 2), ["complianceP99Ms"] = Math.Round(compliance.P99Ms, 2),
            ["non2xx"] = record.Non2xx + compliance.Non2xx,
        };
        var met = record.P50Ms <= 10 && compliance.P50Ms <= 10 && record.Non2xx + compliance.Non2xx == 0 && streamEvents >= 1_000;
        return new ScenarioResult("asof", new() { ["streamEvents"] = streamEvents, ["requests"] = requests },
            metrics, new() { ["p50Ms"] = Math.Round(baseline.P50Ms, 2), ["p99Ms"] = Math.Round(baseline.P99Ms, 2) },
            Math.Round(baseline.P50Ms / Math.Max(record.P50Ms, compliance.P50Ms), 3), "p50 ≤10 ms on a 1,000-event stream", met);
    }
}
