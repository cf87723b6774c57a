using JasperFx.Events.Projections;
using Marten;

namespace CapabilityOps.Host.Infrastructure;

/// <summary>
/// How every module's projections read and write in bulk: registered after the modules, so it sees all of them.
/// Measured with build/bench's rebuild scenario (docs/PERFORMANCE.md).
/// </summary>
public static class ProjectionTuning
{
    public static IServiceCollection TuneProjections(this IServiceCollection services) =>
        services.ConfigureMarten(opts =>
        {
            // A rebuild writes each aggregate once per flush window instead of once per page of events, and writes
            // new documents by binary COPY; continuous processing is unaffected by either.
            opts.Projections.RebuildWithBulkCopy = true;
            foreach (var projection in opts.Projections.All.OfType<ProjectionBase>())
            {
                projection.Options.BatchSize = 5_000;
                projection.Options.RebuildFlushThreshold = 50_000;
            }
        });
}
