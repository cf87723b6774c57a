using CapabilityOps.Organization.Contracts;
using JasperFx.Events;
using Marten;

namespace CapabilityOps.Appraisal.Contracts;

/// <summary>
/// What a module says about a cadre's appraisal year, beyond its rule checks (APPRAISAL.md): a commendation that weighs,
/// a cap on the grade, or no grade at all. Registered from the module's <c>AddXModule()</c> like its rule sets; the
/// Appraisal module turns the effects into points and grades under the rulebook, and knows no module's events.
/// </summary>
/// <remarks>No rulebook: the effects hold under every version, and the compliance read model keeps them with a cadre-year's measures.</remarks>
public interface ICadreAppraisalContribution
{
    IEnumerable<CadreAppraisalEffect> Evaluate(CadreMeasureContext context, IReadOnlyList<IEvent> cadreEvents);
}

/// <summary>One effect on a cadre's appraisal, with the reason a person reads and the events behind it.</summary>
/// <param name="Reason">Neutral wording where the facts are confidential (discipline): the effect, never the details.</param>
public abstract record CadreAppraisalEffect(Text Reason, IReadOnlyList<Guid> Evidence);

/// <summary>
/// A title or commendation of the year that weighs in the appraisal (APR-3): the cadre's score gains the rulebook's
/// <c>cadre.titleBonus</c> (at most <c>cadre.titleBonusMax</c> in all) and the units above the cadre <c>unit.titleBonus</c>.
/// </summary>
public sealed record Commendation(Text Reason, IReadOnlyList<Guid> Evidence) : CadreAppraisalEffect(Reason, Evidence);

/// <summary>The cadre cannot be Excellent this year (e.g. warned or admonished in the year); other grades are unaffected.</summary>
public sealed record NotExcellent(Text Reason, IReadOnlyList<Guid> Evidence) : CadreAppraisalEffect(Reason, Evidence);

/// <summary>The cadre gets no grade this year, only comments (e.g. a heavier sanction in its period, probation).</summary>
public sealed record NoGrade(Text Reason, IReadOnlyList<Guid> Evidence) : CadreAppraisalEffect(Reason, Evidence);

/// <summary>One rule over the cadres of a unit's subtree: how many of those it applies to meet it.</summary>
public sealed record CheckTally(string Rule, int Met, int Total);

/// <summary>
/// What a unit indicator is measured against: the unit, the year, and what compliance already found for it. The cadres come
/// as tallies by rule, not one by one: the live appraisal reads them from the compliance read model, which keeps per-cadre
/// results and no cadre's events.
/// </summary>
/// <param name="CadreChecks">Per rule, over the cadres counted in the unit's subtree on the view date: met and total.</param>
/// <param name="UnitChecks">The rules the unit itself must meet, as evaluated for the year.</param>
public sealed record UnitAppraisalContext(UnitRecord Unit, YearView View, IReadOnlyList<CheckTally> CadreChecks, IReadOnlyList<RuleCheck> UnitChecks);

/// <summary>
/// A module's measurement of one or more unit indicators (APPRAISAL.md's table: LRN-1, SVC, CARE, EQP/INF, DSC, …).
/// An indicator's value is the sum of its parts' <see cref="IndicatorPart.Achieved"/> over the sum of their
/// <see cref="IndicatorPart.OutOf"/>, over every module that measures it; an indicator with weight and no part is left out
/// and the other weights are scaled to 100.
/// </summary>
public interface IUnitIndicatorSource
{
    Task<IEnumerable<IndicatorPart>> MeasureAsync(UnitAppraisalContext context, IQuerySession session, CancellationToken cancellation);
}

/// <summary>One module's share of an indicator: <see cref="Achieved"/> of <see cref="OutOf"/> (a part with nothing to count is not given).</summary>
/// <param name="Indicator">An id from <see cref="Indicators"/>.</param>
public sealed record IndicatorPart(string Indicator, decimal Achieved, decimal OutOf, Text Detail, IReadOnlyList<Guid>? Evidence = null)
{
    /// <summary>The share of the given rules' checks that are met, or null when none of them was evaluated.</summary>
    public static IndicatorPart? ShareOf(string indicator, IEnumerable<RuleCheck> checks, params string[] rules)
    {
        var relevant = checks.Where(c => rules.Contains(c.Rule)).ToList();
        if (relevant.Count == 0) return null;
        var met = relevant.Count(c => c.Met);
        return new IndicatorPart(indicator, met, relevant.Count, Msg("ChecksMet", met, relevant.Count));
    }

    /// <summary>The share of the given rules' cadre checks that are met, from their tallies; null when none of them was evaluated.</summary>
    public static IndicatorPart? ShareOf(string indicator, IEnumerable<CheckTally> tallies, params string[] rules)
    {
        var relevant = tallies.Where(t => rules.Contains(t.Rule)).ToList();
        var (met, total) = (relevant.Sum(t => t.Met), relevant.Sum(t => t.Total));
        return total == 0 ? null : new IndicatorPart(indicator, met, total, Msg("ChecksMet", met, total));
    }
}

/// <summary>
/// A module's word on a cadre's eligibility for promotion to deputy-section level and above (TAL-5): reasons that make the
/// cadre a candidate (a pacesetter title, say) and exclusions that keep them out (an open sanction period). An exclusion
/// is never explained to the reader; its reason is for the audit trail only.
/// </summary>
public interface IPromotionEligibilityContribution
{
    IEnumerable<EligibilityNote> Evaluate(CadreRuleContext context, IReadOnlyList<IEvent> cadreEvents);
}

/// <summary>A reason for, or an exclusion from, promotion eligibility.</summary>
public abstract record EligibilityNote(Text Reason, IReadOnlyList<Guid> Evidence);

/// <summary>Counts for the cadre: e.g. a municipal post-expert title in 2025.</summary>
/// <param name="Kind">What it is, as the contract names it (a title kind).</param>
/// <param name="Level">Who conferred it, as the contract names it.</param>
public sealed record EligibilityReason(string Kind, string Level, int Year, Text Reason, IReadOnlyList<Guid> Evidence)
    : EligibilityNote(Reason, Evidence);

/// <summary>Keeps the cadre out of the candidates; the answer does not say why.</summary>
public sealed record EligibilityExclusion(Text Reason, IReadOnlyList<Guid> Evidence) : EligibilityNote(Reason, Evidence);
