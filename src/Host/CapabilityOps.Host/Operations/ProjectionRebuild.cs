using CapabilityOps.SharedKernel;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;

namespace CapabilityOps.Host.Operations;

/// <summary>
/// Rebuilds projections from the events, for the admin route and the <c>projections rebuild</c> command alike: the
/// projections a module rebuilds itself (<see cref="IProjectionRebuilder"/>, one read of their events for several
/// projections) that way, every other one by the daemon, side by side.
/// </summary>
public sealed class ProjectionRebuild(IDocumentStore store, IEnumerable<IProjectionRebuilder> rebuilders, ILogger<ProjectionRebuild> logger)
{
    private StoreOptions Options => (StoreOptions)store.Options;

    /// <summary>Every registered projection's name, in order.</summary>
    public IReadOnlyList<string> AllProjections => Options.Projections.All.Select(p => p.Name).Order(StringComparer.Ordinal).ToList();

    /// <summary>The asynchronous projections' names: a rebuild stops their agents, and a running host starts them again.</summary>
    public IReadOnlySet<string> AsynchronousProjections =>
        Options.Projections.All.Where(p => p.Lifecycle == ProjectionLifecycle.Async).Select(p => p.Name).ToHashSet();

    /// <summary>
    /// The daemon's high-water mark, the point up to which no event can still appear. Just after a start it is 0 until
    /// the daemon's first look; a module's rebuild from 0 would leave its asynchronous documents for the daemon to fold
    /// again from the first event (correct, but minutes of work), so wait a little for that first look.
    /// </summary>
    private async Task<long> HighWaterMarkAsync(IProjectionDaemon daemon, CancellationToken cancellation)
    {
        if (daemon.HighWaterMark() > 0 || await store.Storage.Database.FetchHighestEventSequenceNumber(cancellation) == 0) return daemon.HighWaterMark();
        for (var waited = TimeSpan.Zero; daemon.HighWaterMark() == 0 && waited < TimeSpan.FromSeconds(30); waited += TimeSpan.FromMilliseconds(200))
            await Task.Delay(200, cancellation);
        return daemon.HighWaterMark();
    }

    /// <summary>Rebuilds <paramref name="projections"/> with <paramref name="daemon"/> (the host's own, or one built for the command).</summary>
    public async Task RunAsync(IProjectionDaemon daemon, IReadOnlyCollection<string> projections, CancellationToken cancellation)
    {
        var unknown = projections.Except(AllProjections).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"No projection named {string.Join(", ", unknown)}; the projections are {string.Join(", ", AllProjections)}.");
        var asynchronous = AsynchronousProjections;

        var highWaterMark = await HighWaterMarkAsync(daemon, cancellation);
        var work = new List<(string Name, Func<CancellationToken, Task> Rebuild)>();
        foreach (var rebuilder in rebuilders)
        {
            var own = rebuilder.Projections.Where(projections.Contains).ToHashSet();
            if (own.Count == 0) continue;
            work.Add((string.Join(" + ", own.Order(StringComparer.Ordinal)), async token =>
            {
                // Its agent must not write the documents meanwhile; the caller starts it again afterwards.
                foreach (var name in own.Where(asynchronous.Contains)) await daemon.StopAgentAsync($"{name}:All");
                await rebuilder.RebuildAsync(own, highWaterMark, token);
            }));
        }
        var ownRebuilds = rebuilders.SelectMany(r => r.Projections).ToHashSet();
        foreach (var name in projections.Where(p => !ownRebuilds.Contains(p)).Order(StringComparer.Ordinal))
            work.Add((name, token => daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(30), token)));

        // Side by side, the modules' own (the largest) first: each waits on the database for part of its time, and the
        // small ones finish while the large ones are still reading.
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount), CancellationToken = cancellation },
            async (item, token) =>
            {
                logger.LogInformation("Rebuilding projection {Projection}", item.Name);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                await item.Rebuild(token);
                logger.LogInformation("Rebuilt projection {Projection} in {Seconds:0.0} s", item.Name, clock.Elapsed.TotalSeconds);
            });
    }
}
