using JasperFx.Events.Daemon;
using Marten;

namespace CapabilityOps.Host.Operations;

/// <summary>
/// <c>projections rebuild [-p|--projection NAME]…</c>: the admin route's rebuild (<see cref="ProjectionRebuild"/>) from the
/// command line, with a daemon of its own. Taken before JasperFx's command line, whose <c>projections</c> command only
/// knows the daemon's rebuild; its other actions (<c>list</c>, <c>run</c>) and flags stay JasperFx's.
/// </summary>
public static class RebuildProjectionsCommand
{
    public static bool Handles(string[] args) =>
        args is ["projections", "rebuild", ..] && args.Skip(2).Where((_, i) => i % 2 == 0).All(flag => flag is "-p" or "--projection") && args.Length % 2 == 0;

    public static async Task<int> RunAsync(IHost host, string[] args, CancellationToken cancellation = default)
    {
        var rebuild = host.Services.GetRequiredService<ProjectionRebuild>();
        var named = args.Skip(2).Where((_, i) => i % 2 == 1).ToList();
        var projections = named.Count > 0 ? named : rebuild.AllProjections;
        var store = (DocumentStore)host.Services.GetRequiredService<IDocumentStore>();
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.PrepareForRebuildsAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await rebuild.RunAsync(daemon, projections, cancellation);
        await daemon.StopAllAsync();
        Console.WriteLine($"Rebuilt {string.Join(", ", projections)} in {clock.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }
}
