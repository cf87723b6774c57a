using CapabilityOps.SharedKernel;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;

namespace CapabilityOps.Host.Operations;

/// <summary>
/// Rebuilds projections from the events, for the admin route and the <c>projections rebuild</c> command alike: the
/// projections a module rebuilds itself (<see cref="IProjectionRebuilder"/>: in SQL, or from one ordered read of their
/// events) that way, every other one by the daemon, side by side.
/// </summary>
public sealed class ProjectionRebuild(IDocumentStore store, IEnumerable<IProjectionRebuilder> rebuilders, ILogger<ProjectionRebuild> logger)
{
    private StoreOptions Options => (StoreOptions)store.Options;

    /// <summary>Every registered projection's name, in order.</summary>
    public IReadOnlyList<string> AllProjections => Options.Projections.All.Select(p => p.Name).Order(StringComparer.Ordinal).ToList();

    /// <summary>The asynchronous projections' names: a rebuild stops their agents, and a running host starts them again.</summary>
    public IReadOnlySet<string> AsynchronousProjections =>
        Options.Projections.All.Where(p => p.Lifecycle == ProjectionLifecycle.Async).Select(p => p.Name).ToHashSet();

    /// <summary>Rebuilds <paramref name="projections"/> with <paramref name="daemon"/> (the host's own, or one built for the command).</summary>
    public async Task RunAsync(IProjectionDaemon daemon, IReadOnlyCollection<string> projections, CancellationToken cancellation)
    {
        var unknown = projections.Except(AllProjections).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"No projection named {string.Join(", ", unknown)}; the projections are {string.Join(", ", AllProjections)}.");
        var work = new List<(string Name, Func<CancellationToken, Task> Rebuild)>();
        foreach (var rebuilder in rebuilders)
        {
            var own = rebuilder.Projections.Where(projections.Contains).ToHashSet();
            if (own.Count == 0) continue;
            work.Add((string.Join(" + ", own.Order(StringComparer.Ordinal)), token => rebuilder.RebuildAsync(own, token)));
        }
        var ownRebuilds = rebuilders.SelectMany(r => r.Projections).ToHashSet();
        foreach (var name in projections.Where(p => !ownRebuilds.Contains(p)).Order(StringComparer.Ordinal))
            work.Add((name, token => daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(30), token)));

        // Readers of the documents being refilled (the monthly compliance trend) wait for the end, in this process or another.
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var running = await ProjectionRebuildLock.HoldAsync(connection, cancellation);

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
