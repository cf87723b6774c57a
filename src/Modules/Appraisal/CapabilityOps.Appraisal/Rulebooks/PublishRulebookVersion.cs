using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Appraisal.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Appraisal.Rulebooks;

/// <summary>Publish a new rulebook version: the previous version's numbers with the changes given.</summary>
/// <param name="Name">What changed and why, e.g. "2027: 50 study hours".</param>
/// <param name="EffectiveFromYear">The first year it applies to; earlier years keep their version.</param>
/// <param name="Targets">Targets to change, by key (see GET /api/v1/rulebook/versions/1 for the keys).</param>
/// <param name="UnitWeights">Appraisal weights to change, per kind of unit and indicator.</param>
public sealed record PublishRulebookVersion(
    string? Name,
    int? EffectiveFromYear,
    Dictionary<string, decimal>? Targets,
    Dictionary<UnitKind, Dictionary<string, decimal>>? UnitWeights) : IHasExample<PublishRulebookVersion>
{
    public static PublishRulebookVersion Example => new("2027: 50 study hours a year", 2027,
        new Dictionary<string, decimal> { ["LRN-1.hoursPerYear"] = 50 }, null);
}

/// <remarks>The target keys are those the modules declared (<see cref="IRulebooks.Defaults"/>).</remarks>
public sealed class PublishRulebookVersionValidator : AbstractValidator<PublishRulebookVersion>
{
    public PublishRulebookVersionValidator(IRulebooks rulebooks)
    {
        var known = rulebooks.Defaults.Targets;
        RuleFor(x => x.Name).RequiredText(200);
        RuleFor(x => x.EffectiveFromYear).Required().InclusiveBetween(RulebookDefaults.ProgrammeStartYear, 2100)
            .WithText(Msg("EffectiveFromYear", RulebookDefaults.ProgrammeStartYear));
        RuleFor(x => x.Targets).Must(t => t is null || t.Keys.All(known.ContainsKey))
            .WithText(x => Msg("UnknownTargets", string.Join(", ", x.Targets!.Keys.Where(k => !known.ContainsKey(k)))));
        RuleFor(x => x.Targets).Must(t => t is null || t.Values.All(v => v >= 0)).WithText(Msg("TargetsNegative"));
        RuleFor(x => x.UnitWeights)
            .Must(w => w is null || w.Values.All(i => i.All(x => RulebookDefaults.UnitWeights[UnitKind.Department].ContainsKey(x.Key) && x.Value >= 0)))
            .WithText(Msg("WeightsKnown", string.Join(", ", RulebookDefaults.UnitWeights[UnitKind.Department].Keys)));
    }
}

public static class PublishRulebookVersionEndpoint
{
    /// <param name="history">The published versions with every declared target filled in (<see cref="RulebookHistory.WithDefaults"/>).</param>
    public static Decision Decide(PublishRulebookVersion command, RulebookHistory history)
    {
        var previous = history.ForYear(int.MaxValue, history.Versions[0].Rulebook);
        var targets = previous.Targets.ToDictionary();
        foreach (var (key, value) in command.Targets ?? []) targets[key] = value;
        var weights = previous.UnitWeights.ToDictionary(k => k.Key, k => k.Value.ToDictionary());
        foreach (var (kind, changes) in command.UnitWeights ?? [])
        foreach (var (indicator, weight) in changes)
            weights[kind][indicator] = weight;
        if (weights.Any(k => k.Value.Values.Sum() <= 0)) return Problem.Invalid("unitWeights", Msg("WeightsNeeded"));

        return Decision.Accept(new RulebookVersionPublished(history.Latest + 1, command.Name!.Trim(), command.EffectiveFromYear!.Value, targets,
            weights.ToDictionary(k => k.Key, k => (IReadOnlyDictionary<string, decimal>)k.Value)));
    }

    /// <summary>Publish a rulebook version.</summary>
    /// <remarks>Views of years before <c>effectiveFromYear</c> keep the version they had; any view can be recomputed under a version with <c>?rulebook=</c>.</remarks>
    [WolverinePost("/api/v1/admin/rulebook/versions", OperationId = "PublishRulebookVersion"), Tags("Appraisal"), AdminAccess]
    [NotUnitScoped("administration: the rulebook applies to every unit")]
    [ProducesResponseType<RulebookVersion>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(PublishRulebookVersion command, IDocumentSession session, Rulebooks rulebooks)
    {
        var stream = await session.Events.FetchForExclusiveWriting<RulebookHistory>(RulebookHistory.StreamKey);
        var decision = Decide(command, (stream.Aggregate ?? new RulebookHistory()).WithDefaults(rulebooks.Defaults));
        if (decision.Problem is { } problem) return problem.ToResult();
        stream.AppendMany(decision.Events);
        var published = (RulebookVersionPublished)decision.Events[0];
        return Results.Created($"/api/v1/rulebook/versions/{published.Version}",
            new RulebookVersion(published.Version, published.Name, published.EffectiveFromYear, published.Targets, published.UnitWeights));
    }

    /// <summary>List rulebook versions, with the year each applies from and when it was published.</summary>
    [WolverineGet("/api/v1/rulebook/versions", OperationId = "ListRulebookVersions"), Tags("Appraisal"), ReadAccess]
    [NotUnitScoped("the rulebook applies to every unit")]
    public static async Task<IReadOnlyList<PublishedRulebookSummary>> List(IQuerySession session, Rulebooks rulebooks) =>
        (await rulebooks.HistoryAsync(session)).Versions
        .Select(v => new PublishedRulebookSummary(v.Rulebook.Version, v.Rulebook.Name, v.Rulebook.EffectiveFromYear, v.PublishedAt)).ToList();

    /// <summary>Read one rulebook version: every target and weight.</summary>
    [WolverineGet("/api/v1/rulebook/versions/{version}", OperationId = "GetRulebookVersion"), Tags("Appraisal"), ReadAccess]
    [NotUnitScoped("the rulebook applies to every unit")]
    [ProducesResponseType<RulebookVersion>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(int version, IQuerySession session, IRulebooks rulebooks) =>
        await rulebooks.NumberAsync(session, version) is { } found
            ? Results.Ok(found)
            : Problem.NotFound(Msg("NoRulebookVersion", version)).ToResult();
}

/// <summary>A rulebook version in the list.</summary>
public sealed record PublishedRulebookSummary(int Version, string Name, int EffectiveFromYear, DateTimeOffset PublishedAt);
