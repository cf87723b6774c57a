using CapabilityOps.SharedKernel;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace CapabilityOps.Host.Operations;

/// <summary>The projections rebuilt and how long it took.</summary>
public sealed record RebuildReport(IReadOnlyList<string> Projections, long Events, double Seconds);

public static class RebuildProjectionsEndpoint
{
    /// <summary>Rebuild every projection from the events, from scratch.</summary>
    /// <remarks>For after a projection's code changed or a fault; the views are rebuilt from the same events, so they come out the same. Runs in the request; large stores can use the `projections rebuild` command instead, which runs the same rebuild (docs/OPERATIONS.md).</remarks>
    [WolverinePost("/api/v1/admin/projections/rebuild", OperationId = "RebuildProjections"), Tags("Administration"), AdminAccess]
    [NotUnitScoped("administration: projections span every unit")]
    [ProducesResponseType<RebuildReport>(StatusCodes.Status200OK)]
    public static async Task<IResult> Rebuild(IDocumentStore store, IProjectionCoordinator coordinator, ProjectionRebuild rebuild,
        CancellationToken cancellation)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var names = rebuild.AllProjections;
        // The host's own daemon: it pauses a running asynchronous projection, rebuilds it and starts it again. A
        // separate daemon would leave the running one's progress marked stopped (and readiness failing).
        var daemon = coordinator.DaemonForMainDatabase();
        await rebuild.RunAsync(daemon, names, cancellation);
        // A rebuild leaves an asynchronous projection's agent stopped; the host keeps running them.
        foreach (var projection in rebuild.AsynchronousProjections) await daemon.StartAgentAsync($"{projection}:All", cancellation);
        var statistics = await store.Advanced.FetchEventStoreStatistics(token: cancellation);
        // An IResult, as every POST answers: its answer commits with its Idempotency-Key claim (IdempotentResponsePolicy).
        return Results.Ok(new RebuildReport(names, statistics.EventCount, started.Elapsed.TotalSeconds));
    }
}
