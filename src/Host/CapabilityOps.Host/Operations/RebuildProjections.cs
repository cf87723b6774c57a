using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace CapabilityOps.Host.Operations;

/// <summary>The projections rebuilt and how long it took.</summary>
public sealed record RebuildReport(IReadOnlyList<string> Projections, long Events, double Seconds);

public static class RebuildProjectionsEndpoint
{
    /// <summary>Rebuild every projection from the events, from scratch.</summary>
    /// <remarks>For after a projection's code changed or a fault; the views are rebuilt from the same events, so they come out the same. Runs in the request; large stores should use the `projections --rebuild` command instead (docs/OPERATIONS.md).</remarks>
    [WolverinePost("/api/v1/admin/projections/rebuild", OperationId = "RebuildProjections"), Tags("Administration"), AdminAccess]
    [NotUnitScoped("administration: projections span every unit")]
    [ProducesResponseType<RebuildReport>(StatusCodes.Status200OK)]
    public static async Task<RebuildReport> Rebuild(IDocumentStore store, ILogger<RebuildReport> logger, CancellationToken cancellation)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var names = ((StoreOptions)store.Options).Projections.All.Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        using var daemon = await store.BuildProjectionDaemonAsync();
        foreach (var name in names)
        {
            logger.LogInformation("Rebuilding projection {Projection}", name);
            await daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(30), cancellation);
        }
        var statistics = await store.Advanced.FetchEventStoreStatistics(token: cancellation);
        return new RebuildReport(names, statistics.EventCount, started.Elapsed.TotalSeconds);
    }
}
