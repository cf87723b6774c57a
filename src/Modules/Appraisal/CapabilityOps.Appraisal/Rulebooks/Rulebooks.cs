using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Appraisal.Contracts.Events;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CapabilityOps.Appraisal.Rulebooks;

/// <summary>Every published rulebook version (stream <c>rulebook</c>), with when each was published, as stored.</summary>
public sealed class RulebookHistory
{
    public const string StreamKey = "rulebook";

    public string Id { get; set; } = StreamKey;
    public List<PublishedRulebook> Versions { get; set; } = [];

    /// <summary>The version that applies to <paramref name="year"/>, as published up to <paramref name="asOf"/> when given.</summary>
    public RulebookVersion ForYear(int year, RulebookVersion defaults, DateTimeOffset? asOf = null) =>
        Versions.Where(v => v.Rulebook.EffectiveFromYear <= year && (asOf is null || v.PublishedAt <= asOf))
            .OrderByDescending(v => v.Rulebook.EffectiveFromYear).ThenByDescending(v => v.Rulebook.Version)
            .Select(v => v.Rulebook).FirstOrDefault() ?? defaults;

    public RulebookVersion? Number(int version) => Versions.FirstOrDefault(v => v.Rulebook.Version == version)?.Rulebook;

    public int Latest => Versions.Count == 0 ? 0 : Versions.Max(v => v.Rulebook.Version);

    /// <summary>
    /// The history with every declared target in every version: a version stored before a module declared a key gets the key's
    /// default (what the rules read before the key could be set), and the history before anything was published holds version 1.
    /// </summary>
    public RulebookHistory WithDefaults(RulebookVersion defaults) => new()
    {
        Id = Id,
        Versions = Versions.Count == 0
            ? [new PublishedRulebook(defaults, DateTimeOffset.MinValue)]
            : Versions.Select(v => v with { Rulebook = Filled(v.Rulebook, defaults) }).ToList(),
    };

    private static RulebookVersion Filled(RulebookVersion stored, RulebookVersion defaults) =>
        defaults.Targets.Keys.All(stored.Targets.ContainsKey)
            ? stored
            : stored with { Targets = defaults.Targets.Where(d => !stored.Targets.ContainsKey(d.Key)).Concat(stored.Targets).ToDictionary() };
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

/// <summary>Records rulebook version 1 — every module's declared defaults (<see cref="IRulebooks.Defaults"/>) — on a fresh installation.</summary>
public sealed class RulebookSeed(IDocumentStore store, IRulebooks rulebooks, ILogger<RulebookSeed> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        session.LastModifiedBy = "system";
        if (await session.Events.FetchStreamStateAsync(RulebookHistory.StreamKey, cancellationToken) is not null) return;
        var v1 = rulebooks.Defaults;
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

/// <summary>
/// <see cref="IRulebooks"/>: version 1 composed from every module's declared targets (<see cref="RulebookTargets"/>), and the
/// stored history read with those defaults filled in — so a rule never finds its key missing, and no number lives anywhere else.
/// </summary>
public sealed class Rulebooks(IEnumerable<RulebookTargets> declared) : IRulebooks
{
    public RulebookVersion Defaults { get; } = RulebookDefaults.Compose(declared.Select(d => d.Defaults));

    public async Task<RulebookHistory> HistoryAsync(IQuerySession session, CancellationToken cancellation = default) =>
        ((await session.LoadAsync<RulebookHistory>(RulebookHistory.StreamKey, cancellation)) ?? new RulebookHistory()).WithDefaults(Defaults);

    public async Task<RulebookVersion> ForYearAsync(IQuerySession session, int year, DateTimeOffset? asOf = null, CancellationToken cancellation = default) =>
        (await HistoryAsync(session, cancellation)).ForYear(year, Defaults, asOf);

    public async Task<RulebookVersion?> NumberAsync(IQuerySession session, int version, CancellationToken cancellation = default) =>
        (await HistoryAsync(session, cancellation)).Number(version);
}
