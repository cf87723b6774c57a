using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Talent.Contracts.Events;
using JasperFx.Events;

namespace CapabilityOps.Talent.Compliance;

/// <summary>
/// CARE-1 (a heart-to-heart talk with every cadre every year) and CARE-3 (a health check for every cadre every year), from the
/// cadre's own talks and checks of the year up to the view date. They apply to every cadre-year compliance applies to (a member
/// for at least one whole month of the year); count targets are not pro-rated.
/// </summary>
public sealed class CareRules : ICadreRuleSet
{
    /// <summary>The keys these rules read, with the programme document's numbers (§三(十二)): part of rulebook version 1.</summary>
    public static readonly IReadOnlyDictionary<string, decimal> TargetDefaults = new Dictionary<string, decimal>
    {
        ["CARE-1.talksPerYear"] = 1,
        ["CARE-3.healthChecksPerYear"] = 1,
    };

    public IEnumerable<RuleCheck> Evaluate(CadreRuleContext context, IReadOnlyList<IEvent> cadreEvents)
    {
        var talks = cadreEvents.Where(e => e.Data is HeartToHeartTalkHeld t && In(context, t.HeldOn)).Select(e => e.Id).ToList();
        var checks = cadreEvents.Where(e => e.Data is HealthCheckRecorded c && In(context, c.CheckedOn)).Select(e => e.Id).ToList();
        var talksTarget = context.Rulebook.Target("CARE-1.talksPerYear");
        var checksTarget = context.Rulebook.Target("CARE-3.healthChecksPerYear");
        return
        [
            new RuleCheck("CARE-1", talksTarget, talks.Count, talks.Count >= talksTarget, Msg("Care1Note", talks.Count, context.Year), talks),
            new RuleCheck("CARE-3", checksTarget, checks.Count, checks.Count >= checksTarget, Msg("Care3Note", checks.Count, context.Year), checks),
        ];
    }

    private static bool In(CadreRuleContext context, DateOnly day) => day.Year == context.Year && day <= context.ViewDate;
}
