using CapabilityOps.Appraisal.Compliance;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace CapabilityOps.Host.Infrastructure;

/// <summary>
/// Ready = the database answers and every asynchronous projection keeps up: a projection further than
/// <c>Health:MaxProjectionLag</c> events behind the event store's high-water mark is reported unhealthy.
/// So is a stalled or dead projection — a shard whose agent is paused or stopped (an apply error
/// stops a strict projection), or one that is behind and has not beaten its heartbeat for
/// <c>Health:MaxProjectionSilence</c> (default 60 s; Marten's extended progression tracking, Platform.cs).
/// The compliance read model (<see cref="ComplianceReadModel"/>) reports its lag the same way: the cadre-years not yet recomputed
/// (<c>lag:ComplianceReadModel</c>, counted up to one past the limit) and when a row was last computed; it is unhealthy when more than
/// <c>Health:MaxProjectionLag</c> wait and none was computed for <c>Health:MaxProjectionSilence</c> (stalled, not busy). It also says
/// how many closed months' trend points are due (<c>trendDue:ComplianceReadModel</c>, <see cref="ComplianceReadModel.TrendDueAsync"/>): work the
/// background has before it is idle, which never makes the host unready.
/// </summary>
internal sealed class ReadinessCheck(IDocumentStore store, IConfiguration configuration, LiveCompliance live, ComplianceReadModel readModel) : IHealthCheck
{
    /// <summary>
    /// Shards of projections this version no longer runs: their progress rows stay where they stopped in a database that
    /// ran them, and must not make an upgraded host unready. <c>CadreLearning</c>: the cadres' yearly learning totals, now folded when read.
    /// </summary>
    public static readonly IReadOnlySet<string> RetiredShards = new HashSet<string>(StringComparer.Ordinal) { "CadreLearning:All" };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var progress = await store.Advanced.AllProjectionProgress(token: cancellationToken);
            var highWater = progress.FirstOrDefault(p => p.ShardName == "HighWaterMark")?.Sequence ?? await LastSequenceAsync(cancellationToken);
            var maxLag = configuration.GetValue("Health:MaxProjectionLag", 10_000L);
            var data = new Dictionary<string, object> { ["highWaterMark"] = highWater };
            var maxSilence = configuration.GetValue("Health:MaxProjectionSilence", TimeSpan.FromSeconds(60));
            var lagging = new List<string>();
            var stalled = new List<string>();
            foreach (var shard in progress.Where(p => p.ShardName != "HighWaterMark" && !RetiredShards.Contains(p.ShardName)))
            {
                var lag = highWater - shard.Sequence;
                data[$"lag:{shard.ShardName}"] = lag;
                if (lag > maxLag) lagging.Add(shard.ShardName);
                if (shard.AgentStatus is { } status) data[$"status:{shard.ShardName}"] = status;
                var dead = shard.AgentStatus is "Paused" or "Stopped" || !string.IsNullOrEmpty(shard.PauseReason);
                var silent = lag > 0 && shard.LastHeartbeat is { } beat && DateTimeOffset.UtcNow - beat > maxSilence;
                if (dead || silent) stalled.Add(shard.ShardName);
            }
            var (pending, lastComputed, trendDue) = await ReadModelLagAsync(maxLag, cancellationToken);
            data[$"lag:{ComplianceReadModel.Name}"] = pending;
            data[$"trendDue:{ComplianceReadModel.Name}"] = trendDue;
            if (lastComputed is { } computed) data[$"computedAt:{ComplianceReadModel.Name}"] = computed;
            if (pending > maxLag && (lastComputed is null || DateTimeOffset.UtcNow - lastComputed > maxSilence)) stalled.Add(ComplianceReadModel.Name);
            if (stalled.Count > 0)
                return HealthCheckResult.Unhealthy($"Projections stopped or stalled: {string.Join(", ", stalled)}.", data: data);
            return lagging.Count == 0
                ? HealthCheckResult.Healthy("Database reachable; projections keeping up.", data)
                : HealthCheckResult.Unhealthy($"Projections behind by more than {maxLag} events: {string.Join(", ", lagging)}.", data: data);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Database unreachable.", e);
        }
    }

    /// <summary>
    /// The last event sequence number drawn, before the daemon first recorded its high-water mark. Not Marten's event store statistics:
    /// they count every event and stream, hundreds of milliseconds a probe on a store of millions of events.
    /// </summary>
    private async Task<long> LastSequenceAsync(CancellationToken cancellation)
    {
        await using var connection = await live.Memo.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(
            $"select case when is_called then last_value else 0 end from {store.Options.Events.DatabaseSchemaName}.mt_events_sequence", connection);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    private async Task<(long Pending, DateTimeOffset? LastComputed, int TrendDue)> ReadModelLagAsync(long limit, CancellationToken cancellation)
    {
        await using var connection = await live.Memo.OpenAsync(cancellation);
        var rulebook = await live.Memo.RulebookStreamVersionAsync(connection, cancellation);
        var pending = (await live.Memo.StaleAsync(connection, live.BackgroundYears(), rulebook, (int)Math.Min(limit + 1, int.MaxValue), cancellation)).Count;
        var trendDue = await readModel.TrendDueAsync(connection, await live.Memo.StampAsync(connection, cancellation), cancellation);
        return (pending, await live.Memo.LastComputedAsync(connection, cancellation), trendDue.Count);
    }
}
