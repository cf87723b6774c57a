using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Talent.Contracts.Events;
using JasperFx.Events;

namespace CapabilityOps.Talent.Compliance;

/// <summary>
/// CARE-1 (a heart-to-heart talk with every cadre every year) and CARE-3 (a health check for every cadre every year), from the
/// cadre's own talks and checks of the year up to the view date. They apply to every cadre-year compliance applies to (a member
/// for at least one whole month of the year); count targets are not pro-rated.
/// </summary>
public sealed class CareRules : CadreRuleSet<CareMeasure>
{
    /// <summary>The keys these rules read, with the programme document's numbers (§三(十二)): part of rulebook version 1.</summary>
    public static readonly IReadOnlyDictionary<string, decimal> TargetDefaults = new Dictionary<string, decimal>
    {
        ["CARE-1.talksPerYear"] = 1,
        ["CARE-3.healthChecksPerYear"] = 1,
    };

    public override CareMeasure Measure(CadreMeasureContext context, IReadOnlyList<IEvent> cadreEvents) => new(
        cadreEvents.Where(e => e.Data is HeartToHeartTalkHeld t && In(context, t.HeldOn)).Select(e => e.Id).ToList(),
        cadreEvents.Where(e => e.Data is HealthCheckRecorded c && In(context, c.CheckedOn)).Select(e => e.Id).ToList());

    public override IEnumerable<RuleCheck> Judge(CadreRuleContext context, CareMeasure? measure)
    {
        var (talks, checks) = (measure!.Talks, measure.Checks);
        var talksTarget = context.Rulebook.Target("CARE-1.talksPerYear");
        var checksTarget = context.Rulebook.Target("CARE-3.healthChecksPerYear");
        return
        [
            new RuleCheck("CARE-1", talksTarget, talks.Count, talks.Count >= talksTarget, Msg("Care1Note", talks.Count, context.Year), talks),
            new RuleCheck("CARE-3", checksTarget, checks.Count, checks.Count >= checksTarget, Msg("Care3Note", checks.Count, context.Year), checks),
        ];
    }

    private static bool In(CadreMeasureContext context, DateOnly day) => day.Year == context.Year && day <= context.ViewDate;
}

/// <summary>The cadre's talks and health checks of the year up to the view date.</summary>
public sealed record CareMeasure(List<Guid> Talks, List<Guid> Checks);
