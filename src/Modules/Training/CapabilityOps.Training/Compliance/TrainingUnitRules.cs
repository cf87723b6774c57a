using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.Training.Designations;
using Marten;

namespace CapabilityOps.Training.Compliance;

/// <summary>
/// The rules a unit itself must meet: TRN-5 (a business training a year) for departments, direct units and county bureaus, from
/// the unit's own business trainings; TRN-7 (the 5 + 5 designations) for the city bureau, over its subtree. Each is one or two
/// indexed reads (trainings by unit, designations by day); as of an instant, only what was recorded by then counts.
/// </summary>
public sealed class TrainingUnitRules : IUnitRuleSet
{
    /// <summary>TRN-5's key, with the programme document's number: part of rulebook version 1.</summary>
    public static readonly IReadOnlyDictionary<string, decimal> TargetDefaults = new Dictionary<string, decimal>
    {
        ["TRN-5.trainingsPerYear"] = 1,
    };

    public async Task<IEnumerable<RuleCheck>> EvaluateAsync(UnitRuleContext context, IQuerySession session, CancellationToken cancellation)
    {
        switch (context.Unit.Kind)
        {
            case UnitKind.Department or UnitKind.DirectUnit or UnitKind.CountyBureau:
                return [await BusinessTrainingsAsync(context, session, cancellation)];
            case UnitKind.CityBureau:
                var (view, evidence) = await DesignationTally.ReadAsync(session, context.Unit.Code, context.Year, context.ViewDate, context.AsOf,
                    context.Rulebook, cancellation);
                var (experts, pacesetters) = (context.Rulebook.Whole("TRN-7.postExperts"), context.Rulebook.Whole("TRN-7.pacesetters"));
                return [new RuleCheck("TRN-7", experts + pacesetters, Math.Min(view.PostExperts, experts) + Math.Min(view.BusinessPacesetters, pacesetters), view.Met,
                    Msg(context.Rulebook.Whole("TRN-7.perPost") == 1 ? "Trn7NotePerPost" : "Trn7Note", view.PostExperts, experts, view.BusinessPacesetters, pacesetters),
                    evidence)];
            default:
                return [];
        }
    }

    private static async Task<RuleCheck> BusinessTrainingsAsync(UnitRuleContext context, IQuerySession session, CancellationToken cancellation)
    {
        var unit = context.Unit.Code;
        var start = new DateOnly(context.Year, 1, 1);
        var trainings = await session.Query<BusinessTrainingRecord>()
            .Where(t => t.UnitCode == unit && t.HeldOn >= start && t.HeldOn <= context.ViewDate).ToListAsync(cancellation);
        // The first event of each training's stream records it: when it was recorded is what "as of" asks, and its id the evidence.
        var keys = trainings.Select(t => t.Id).ToArray();
        var query = session.Events.QueryAllRawEvents().Where(e => keys.Contains(e.StreamKey!) && e.Version == 1);
        if (context.AsOf is { } asOf)
        {
            var instant = asOf.ToUniversalTime();
            query = query.Where(e => e.Timestamp <= instant);
        }
        var recorded = keys.Length == 0 ? [] : await query.ToListAsync(cancellation);
        var target = context.Rulebook.Whole("TRN-5.trainingsPerYear");
        return new RuleCheck("TRN-5", target, recorded.Count, recorded.Count >= target, Msg("Trn5Note", context.Year, recorded.Count),
            recorded.Select(e => e.Id).ToList());
    }
}
