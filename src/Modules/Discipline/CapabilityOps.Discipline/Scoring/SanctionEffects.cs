using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Discipline.Contracts.Events;
using JasperFx.Events;

namespace CapabilityOps.Discipline.Scoring;

/// <summary>
/// DSC-3 in the appraisal (APPRAISAL.md): a sanction heavier than a warning whose period reaches into the year means no
/// grade; a warning, an admonition or organisational handling in the year means no Excellent (critical education has no
/// grade effect). Only the effect is stated, never the violation, the outcome or the reason: the reasons are read by
/// everyone who reads the appraisal.
/// </summary>
public sealed class SanctionEffects : ICadreAppraisalContribution
{
    public IEnumerable<CadreAppraisalEffect> Evaluate(CadreMeasureContext context, IReadOnlyList<IEvent> cadreEvents)
    {
        var yearStart = new DateOnly(context.Year, 1, 1);
        var known = Sanctions(cadreEvents).Where(s => s.Sanction.ImposedOn <= context.ViewDate).ToList();

        var heavier = known.Where(s => s.Sanction.Severity > SanctionSeverity.Warning && s.Sanction.PeriodEnds >= yearStart).ToList();
        if (heavier.Count > 0)
            yield return new NoGrade(Msg("NoGrade"), heavier.Select(s => s.Id).ToList());

        var warnings = known.Where(s => s.Sanction.Severity == SanctionSeverity.Warning && s.Sanction.ImposedOn.Year == context.Year).ToList();
        if (warnings.Count > 0)
            yield return new NotExcellent(Msg("NotExcellent"), warnings.Select(s => s.Id).ToList());

        var admonished = Admonitions(cadreEvents)
            .Where(a => a.Admonition.Kind != AdmonitionKind.CriticalEducation && a.Admonition.On.Year == context.Year && a.Admonition.On <= context.ViewDate)
            .ToList();
        if (admonished.Count > 0)
            yield return new NotExcellent(Msg("NotExcellentAdmonished"), admonished.Select(a => a.Id).ToList());
    }

    internal static IEnumerable<(Guid Id, AdmonitionGiven Admonition)> Admonitions(IReadOnlyList<IEvent> cadreEvents) =>
        cadreEvents.Where(e => e.Data is AdmonitionGiven).Select(e => (e.Id, (AdmonitionGiven)e.Data));

    internal static IEnumerable<(Guid Id, SanctionImposed Sanction)> Sanctions(IReadOnlyList<IEvent> cadreEvents) =>
        cadreEvents.Where(e => e.Data is SanctionImposed).Select(e => (e.Id, (SanctionImposed)e.Data));
}

/// <summary>
/// DSC-3 in promotion eligibility (TAL-5): a cadre in an open sanction period — imposed by the view date, its period not
/// yet ended — is not a candidate, nor is one admonished or under organisational handling in the view date's year (by the
/// view date). The reason is for the audit trail; the eligibility answer never says why.
/// </summary>
public sealed class SanctionEligibility : IPromotionEligibilityContribution
{
    public IEnumerable<EligibilityNote> Evaluate(CadreRuleContext context, IReadOnlyList<IEvent> cadreEvents)
    {
        var open = SanctionEffects.Sanctions(cadreEvents)
            .Where(s => s.Sanction.ImposedOn <= context.ViewDate && s.Sanction.PeriodEnds >= context.ViewDate).ToList();
        if (open.Count > 0)
            yield return new EligibilityExclusion(Msg("InSanctionPeriod", open.Max(s => s.Sanction.PeriodEnds)), open.Select(s => s.Id).ToList());

        var admonished = SanctionEffects.Admonitions(cadreEvents)
            .Where(a => a.Admonition.Kind != AdmonitionKind.CriticalEducation && a.Admonition.On.Year == context.ViewDate.Year && a.Admonition.On <= context.ViewDate)
            .ToList();
        if (admonished.Count > 0)
            yield return new EligibilityExclusion(Msg("AdmonishedThisYear", context.ViewDate.Year), admonished.Select(a => a.Id).ToList());
    }
}
