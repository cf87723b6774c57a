using CapabilityOps.Appraisal.Compliance;
using CapabilityOps.Appraisal.Contracts;
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
    public IReadOnlyList<CadreAppraisalEffect> EffectsOn(CadreCompliance compliance)
    {
        var context = new CadreRuleContext(compliance.Cadre, compliance.Year.Year, compliance.Year.ViewDate, compliance.Rulebook);
        return _cadreContributions.SelectMany(c => c.Evaluate(context, compliance.Events)).ToList();
    }

    /// <summary>The cadre's score, before the unit's cadres are graded together.</summary>
    public CadreAppraisal.Scored Score(CadreCompliance compliance) => CadreAppraisal.Score(compliance, EffectsOn(compliance));

    /// <summary>The unit's appraisal from every module's indicator parts and its subtree's commendations.</summary>
    public async Task<UnitAppraisalView> ScoreUnitAsync(UnitCompliance unit, DateTimeOffset? asOf, IQuerySession session, CancellationToken cancellation)
    {
        var context = new UnitAppraisalContext(unit.Unit, unit.Year, unit.Cadres.Select(c => new AppraisedCadre(c.Cadre, c.Checks, c.Events)).ToList(),
            unit.UnitChecks);
        var parts = new List<IndicatorPart>();
        foreach (var source in _indicatorSources) parts.AddRange(await source.MeasureAsync(context, session, cancellation));
        var commendations = unit.Cadres.SelectMany(EffectsOn).OfType<Commendation>().ToList();
        return UnitAppraisal.Score(unit, parts, commendations, asOf);
    }
}
