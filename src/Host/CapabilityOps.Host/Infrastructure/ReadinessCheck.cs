using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CapabilityOps.Host.Infrastructure;

/// <summary>
/// Ready = the database answers and every asynchronous projection keeps up: a projection further than
/// <c>Health:MaxProjectionLag</c> events behind the event store's high-water mark is reported unhealthy.
/// </summary>
internal sealed class ReadinessCheck(IDocumentStore store, IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var statistics = await store.Advanced.FetchEventStoreStatistics(token: cancellationToken);
            var progress = await store.Advanced.AllProjectionProgress(token: cancellationToken);
            var highWater = progress.FirstOrDefault(p => p.ShardName == "HighWaterMark")?.Sequence ?? statistics.EventSequenceNumber;
            var maxLag = configuration.GetValue("Health:MaxProjectionLag", 10_000L);
            var data = new Dictionary<string, object> { ["highWaterMark"] = highWater, ["events"] = statistics.EventCount };
            var lagging = new List<string>();
            foreach (var shard in progress.Where(p => p.ShardName != "HighWaterMark"))
            {
                var lag = highWater - shard.Sequence;
                data[$"lag:{shard.ShardName}"] = lag;
                if (lag > maxLag) lagging.Add(shard.ShardName);
            }
            return lagging.Count == 0
                ? HealthCheckResult.Healthy("Database reachable; projections keeping up.", data)
                : HealthCheckResult.Unhealthy($"Projections behind by more than {maxLag} events: {string.Join(", ", lagging)}.", data: data);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Database unreachable.", e);
        }
    }
}
