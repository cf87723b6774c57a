using JasperFx.Events;
using CapabilityOps.Appraisal.Compliance;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using Marten;

namespace CapabilityOps.Appraisal.Scoring;

/// <summary>
/// What the modules contribute to the appraisal, gathered from their registrations: each cadre's effects (commendations,
/// grade caps, no grade) and each unit indicator's parts. The scoring itself (<see cref="CadreAppraisal"/>,
/// <see cref="UnitAppraisal"/>) is pure over what this gathers, and knows no module.
/// </summary>
public sealed class AppraisalContributions(IEnumerable<ICadreAppraisalContribution> cadreContributions, IEnumerable<IUnitIndicatorSource> indicatorSources)
{
    private readonly IReadOnlyList<ICadreAppraisalContribution> _cadreContributions = cadreContributions.ToList();
    private readonly IReadOnlyList<IUnitIndicatorSource> _indicatorSources = indicatorSources.ToList();

    /// <summary>Every module's effects on the cadre's year, in the order the modules registered.</summary>
    public IReadOnlyList<CadreAppraisalEffect> EffectsOn(CadreCompliance compliance) =>
        EffectsOn(new CadreMeasureContext(compliance.Cadre, compliance.Year.Year, compliance.Year.ViewDate), compliance.Events);

    /// <inheritdoc cref="EffectsOn(CadreCompliance)"/>
    public IReadOnlyList<CadreAppraisalEffect> EffectsOn(CadreMeasureContext context, IReadOnlyList<IEvent> events) =>
        _cadreContributions.SelectMany(c => c.Evaluate(context, events)).ToList();

    /// <summary>The cadre's score, before the unit's cadres are graded together.</summary>
    public CadreAppraisal.Scored Score(CadreCompliance compliance) =>
        CadreAppraisal.Score(compliance, EffectsOn(compliance), CadreAppraisal.AssessmentOf(compliance.Events, compliance.Year.Year));

    /// <summary>The unit's appraisal from every module's indicator parts and its subtree's commendations.</summary>
    public Task<UnitAppraisalView> ScoreUnitAsync(UnitCompliance unit, DateTimeOffset? asOf, IQuerySession session, CancellationToken cancellation) =>
        ScoreUnitAsync(unit.Unit, unit.Year, TallyChecks(unit.Cadres.SelectMany(c => c.Checks)), unit.UnitChecks,
            unit.Cadres.Sum(c => EffectsOn(c).OfType<Commendation>().Count()), asOf, session, cancellation);

    /// <summary>
    /// The unit's appraisal from its subtree's cadre checks by rule and their commendations: what the computed path counts from
    /// the cadres it evaluated, and the live path reads from the compliance read model.
    /// </summary>
    public async Task<UnitAppraisalView> ScoreUnitAsync(UnitRecord unit, YearView year, IReadOnlyList<CheckTally> cadreChecks, IReadOnlyList<RuleCheck> unitChecks,
        int commendations, DateTimeOffset? asOf, IQuerySession session, CancellationToken cancellation)
    {
        var parts = await MeasureAsync(new UnitAppraisalContext(unit, year, cadreChecks, unitChecks), session, cancellation);
        return UnitAppraisal.Score(unit, year, unitChecks, parts, commendations, asOf);
    }

    /// <summary>Every module's indicator parts for the unit, in the order the modules registered.</summary>
    public async Task<IReadOnlyList<IndicatorPart>> MeasureAsync(UnitAppraisalContext context, IQuerySession session, CancellationToken cancellation)
    {
        var parts = new List<IndicatorPart>();
        foreach (var source in _indicatorSources) parts.AddRange(await source.MeasureAsync(context, session, cancellation));
        return parts;
    }

    /// <summary>Checks counted by rule, in rule order.</summary>
    public static IReadOnlyList<CheckTally> TallyChecks(IEnumerable<RuleCheck> checks) =>
        checks.GroupBy(c => c.Rule).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new CheckTally(g.Key, g.Count(c => c.Met), g.Count())).ToList();
}
