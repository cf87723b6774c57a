using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Appraisal.Contracts.Events;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CapabilityOps.Appraisal.Rulebooks;

/// <summary>Every published rulebook version (stream <c>rulebook</c>), with when each was published.</summary>
public sealed class RulebookHistory
{
    public const string StreamKey = "rulebook";

    public string Id { get; set; } = StreamKey;
    public List<PublishedRulebook> Versions { get; set; } = [];

    /// <summary>The version that applies to <paramref name="year"/>, as published up to <paramref name="asOf"/> when given.</summary>
    public RulebookVersion ForYear(int year, DateTimeOffset? asOf = null) =>
        Versions.Where(v => v.Rulebook.EffectiveFromYear <= year && (asOf is null || v.PublishedAt <= asOf))
            .OrderByDescending(v => v.Rulebook.EffectiveFromYear).ThenByDescending(v => v.Rulebook.Version)
            .Select(v => v.Rulebook).FirstOrDefault() ?? RulebookDefaults.Version1;

    public RulebookVersion? Number(int version) => Versions.FirstOrDefault(v => v.Rulebook.Version == version)?.Rulebook;

    public int Latest => Versions.Count == 0 ? 0 : Versions.Max(v => v.Rulebook.Version);

    /// <summary>The history, or one holding only the programme's defaults before anything was published.</summary>
    public static async Task<RulebookHistory> LoadAsync(IQuerySession session, CancellationToken cancellation = default) =>
        await session.LoadAsync<RulebookHistory>(StreamKey, cancellation)
        ?? new RulebookHistory { Versions = [new PublishedRulebook(RulebookDefaults.Version1, DateTimeOffset.MinValue)] };
}

public sealed record PublishedRulebook(RulebookVersion Rulebook, DateTimeOffset PublishedAt);

public sealed partial class RulebookProjection : SingleStreamProjection<RulebookHistory, string>
{
    public RulebookProjection() => IncludeType<RulebookVersionPublished>();

    public override RulebookHistory? Evolve(RulebookHistory? snapshot, string id, IEvent e)
    {
        if (e.Data is not RulebookVersionPublished p) return snapshot;
        snapshot ??= new RulebookHistory { Id = id };
        snapshot.Versions.Add(new PublishedRulebook(
            new RulebookVersion(p.Version, p.Name, p.EffectiveFromYear, p.Targets, p.UnitWeights), e.Timestamp));
        return snapshot;
    }
}

/// <summary>Records rulebook version 1 — the programme's defaults — on a fresh installation.</summary>
public sealed class RulebookSeed(IDocumentStore store, ILogger<RulebookSeed> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        session.LastModifiedBy = "system";
        if (await session.Events.FetchStreamStateAsync(RulebookHistory.StreamKey, cancellationToken) is not null) return;
        var v1 = RulebookDefaults.Version1;
        session.Events.StartStream<RulebookHistory>(RulebookHistory.StreamKey,
            new RulebookVersionPublished(v1.Version, v1.Name, v1.EffectiveFromYear, v1.Targets, v1.UnitWeights));
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Another instance seeded it at the same moment; one copy is enough.
            logger.LogInformation("Rulebook version 1 was seeded by another instance ({Error})", e.GetType().Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
