using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CapabilityOps.Bench.Scenarios;

/// <summary>
/// 7. <c>GET /api/v1/audit/verify</c> over the generated events once the audit chain (an asynchronous subscription) has
/// caught up, against PostgreSQL hashing every event row itself (sha256 of the stored row, one query).
/// </summary>
public static class VerifyScenario
{
    public const string BaselineSql = """
        select count(*), sum(get_byte(sha256(convert_to(concat_ws('|', seq_id, id, stream_id, version, type, timestamp, data::text, headers::text), 'UTF8')), 0))
        from capops.mt_events
        """;

    /// <summary>Waits, with progress, until the chain's tip is the store's last event; returns the seconds it took.</summary>
    public static async Task<double> WaitForChainAsync(BenchContext context, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var highest = await context.ScalarAsync<long>("select coalesce(max(seq_id), 0) from capops.mt_events", cancellation);
        var progress = new Progress("audit chain catching up", highest, "events");
        while (true)
        {
            var tip = await context.ScalarAsync<long>("select coalesce(max(seq_id), 0) from capops.audit_chain", cancellation);
            progress.Report(tip);
            if (tip >= highest) break;
            if (context.Host!.Exited) throw new InvalidOperationException("the host exited while the audit chain caught up");
            await Task.Delay(500, cancellation);
        }
        progress.Done(highest);
        return clock.Elapsed.TotalSeconds;
    }

    public static async Task<ScenarioResult> RunAsync(BenchContext context, double chainSeconds, CancellationToken cancellation)
    {
        await WaitForChainAsync(context, cancellation);
        using var admin = context.Admin();
        var clock = Stopwatch.StartNew();
        var report = JsonNode.Parse(await admin.GetStringAsync("/api/v1/audit/verify", cancellation))!;
        var wall = clock.Elapsed.TotalSeconds;
        var checkedEvents = report["eventsChecked"]!.GetValue<long>();
        var verified = report["verified"]!.GetValue<bool>();
        var baselineSeconds = await context.TimeSqlAsync(BaselineSql, cancellation);
        var rate = checkedEvents / wall;
        var baselineRate = checkedEvents / baselineSeconds;
        return new ScenarioResult("verify", new() { ["events"] = checkedEvents, ["workers"] = report["workers"]!.GetValue<int>() },
            new() { ["eventsPerSecond"] = Math.Round(rate, 0), ["seconds"] = Math.Round(wall, 2), ["verified"] = verified,
                ["chainCatchUpSeconds"] = Math.Round(chainSeconds, 1), ["chainCatchUpEventsPerSecond"] = Math.Round(checkedEvents / chainSeconds, 0) },
            new() { ["eventsPerSecond"] = Math.Round(baselineRate, 0), ["seconds"] = Math.Round(baselineSeconds, 2) },
            Math.Round(rate / baselineRate, 3), "≥200,000 events/s", verified && rate >= 200_000);
    }
}
