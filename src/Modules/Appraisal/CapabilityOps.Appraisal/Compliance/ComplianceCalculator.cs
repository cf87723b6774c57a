using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using JasperFx.Events;
using Marten;

namespace CapabilityOps.Appraisal.Compliance;

/// <summary>A cadre's compliance in a year: the record it was judged on and every applicable check.</summary>
/// <param name="Year">The year view it was evaluated for: its year, view date and rulebook.</param>
public sealed record CadreCompliance(CadreRecord Cadre, YearView Year, IReadOnlyList<RuleCheck> Checks, IReadOnlyList<IEvent> Events)
{
    public RulebookVersion Rulebook => Year.Rulebook;

    public bool Compliant => Checks.All(c => c.Met);

    /// <summary>
    /// The unit the cadre counts in on the view date; null when the cadre had left the system by then. Unit views, the Excellent
    /// quota and the appraisal count a cadre only where this says: the cadre's own year is still judged (pro-rated), but a cadre
    /// who left counts in no unit figure.
    /// </summary>
    public string? CountsIn => Cadre.IsMemberOn(Year.ViewDate) ? Cadre.UnitOn(Year.ViewDate) : null;
}

/// <summary>A cadre's year measured (<see cref="ComplianceCalculator.Measure"/>): the record, each rule set's measure in the calculator's order, and the events read (none when read back from the read model).</summary>
public sealed record CadreMeasured(CadreRecord Cadre, object?[] Rules, IReadOnlyList<IEvent> Events);

/// <summary>A unit's subtree evaluated: each cadre's compliance and the unit's own checks.</summary>
public sealed record UnitCompliance(UnitRecord Unit, YearView Year, IReadOnlyList<CadreCompliance> Cadres, IReadOnlyList<RuleCheck> UnitChecks)
{
    public RulebookVersion Rulebook => Year.Rulebook;
}

/// <summary>
/// Evaluates every module's cadre and unit rules for a year view. The same computation serves the live view (all events),
/// <c>?asOf=</c> (events recorded up to an instant) and <c>?rulebook=</c> (another version): the view says which.
/// </summary>
public sealed class ComplianceCalculator(IEnumerable<ICadreRuleSet> cadreRules, IEnumerable<IUnitRuleSet> unitRules)
{
    private readonly IReadOnlyList<ICadreRuleSet> _cadreRules = cadreRules.ToList();
    private readonly IReadOnlyList<IUnitRuleSet> _unitRules = unitRules.ToList();

    /// <summary>
    /// Null when the events hold no cadre, or the year is not the cadre's: not joined by its end, or not a member for a whole
    /// month of it (<see cref="Membership"/>: joined too late in it, or left too early, or away all of it). The one place that
    /// decides it, so the live view, the memo, <c>?asOf=</c> and a rebuild agree.
    /// </summary>
    public CadreCompliance? Evaluate(string streamKey, IReadOnlyList<IEvent> events, YearView view) =>
        Measure(streamKey, events, view.Year, view.ViewDate) is { } measured ? Judge(measured, view) : null;

    /// <summary>
    /// The cadre's year measured by every rule set, without the rulebook (<see cref="ICadreRuleSet.Measure"/>); null when the
    /// year is not the cadre's (<see cref="Evaluate"/>).
    /// </summary>
    public CadreMeasured? Measure(string streamKey, IReadOnlyList<IEvent> events, int year, DateOnly viewDate)
    {
        var cadre = CadreRecordFold.Fold(streamKey, events);
        if (cadre is null || cadre.JoinedOn.Year > year || cadre.WholeMonthsIn(year).Count == 0) return null;
        var context = new CadreMeasureContext(cadre, year, viewDate);
        return new CadreMeasured(cadre, _cadreRules.Select(r => r.Measure(context, events)).ToArray(), events);
    }

    /// <summary>A measured year judged under the view's rulebook: every applicable check, by rule.</summary>
    public CadreCompliance Judge(CadreMeasured measured, YearView view)
    {
        var context = new CadreRuleContext(measured.Cadre, view.Year, view.ViewDate, view.Rulebook);
        var checks = _cadreRules.SelectMany((r, i) => r.Judge(context, measured.Rules[i])).OrderBy(c => c.Rule, StringComparer.Ordinal).ToList();
        return new CadreCompliance(measured.Cadre, view, checks, measured.Events);
    }

    /// <summary>The rule sets, in the order of <see cref="CadreMeasured.Rules"/>.</summary>
    public IReadOnlyList<ICadreRuleSet> CadreRules => _cadreRules;

    /// <summary>
    /// Every cadre of a unit's subtree (as of the view's instant, counted where each was on the view date, members only) and the
    /// unit's own rules: what the unit compliance view, the appraisal, the Excellent quota and the export show.
    /// </summary>
    public async Task<(UnitCompliance? Result, Problem? Problem)> EvaluateUnitAsync(IQuerySession session, string code, YearView view,
        CancellationToken cancellation)
    {
        var (result, problem) = await EvaluateSubtreeAsync(session, code, [view], cancellation);
        if (problem is not null) return (null, problem);
        var (unit, cadres) = result!.Value;
        return (new UnitCompliance(unit, view, cadres[0], await UnitChecksAsync(session, unit, view, cancellation)), null);
    }

    /// <summary>
    /// The cadres of a unit's subtree evaluated for each of several views of one reading of their streams (the views share
    /// <c>asOf</c>): the unit view on each month's end of a year (the dashboard's trend) costs one read, not twelve. Each list is
    /// what <see cref="EvaluateUnitAsync"/> counts for that view.
    /// </summary>
    public async Task<((UnitRecord Unit, IReadOnlyList<IReadOnlyList<CadreCompliance>> Cadres)? Result, Problem? Problem)> EvaluateSubtreeAsync(
        IQuerySession session, string code, IReadOnlyList<YearView> views, CancellationToken cancellation)
    {
        var (unit, codes) = await GetUnitComplianceEndpoint.SubtreeAsync(session, code, cancellation);
        if (unit is null) return (null, Problem.NoSuchUnit(code));

        var subtree = codes.ToHashSet();
        // Candidates: every cadre who has ever been in the subtree; the fold then says where each was on the view date.
        var candidates = await session.Query<CadreRecord>().Where(c => c.UnitsHeld.Any(u => codes.Contains(u))).Select(c => c.Id).ToListAsync(cancellation);
        var events = await GetUnitComplianceEndpoint.StreamEventsAsync(session, candidates, views.Count == 0 ? null : views[0].AsOf, cancellation);

        var streams = events.ToArray();
        var evaluated = new CadreCompliance?[streams.Length][];
        // Several views (the trend's months) are cadres × views evaluations: cadres in parallel, as the read model's catch-up does.
        if (views.Count > 1) Parallel.For(0, streams.Length, i => evaluated[i] = views.Select(view => Evaluate(streams[i].Key, streams[i].Value, view)).ToArray());
        else for (var i = 0; i < streams.Length; i++) evaluated[i] = views.Select(view => Evaluate(streams[i].Key, streams[i].Value, view)).ToArray();
        var perView = views.Select((_, v) => (IReadOnlyList<CadreCompliance>)evaluated
            .Select(cadre => cadre[v])
            .OfType<CadreCompliance>()
            .Where(c => c.CountsIn is { } counted && subtree.Contains(counted))
            .OrderBy(c => c.Cadre.StaffNo, StringComparer.Ordinal)
            .ToList()).ToList();
        return ((unit, perView), null);
    }

    /// <summary>The rules the unit itself must meet, by rule.</summary>
    public async Task<IReadOnlyList<RuleCheck>> UnitChecksAsync(IQuerySession session, UnitRecord unit, YearView view, CancellationToken cancellation)
    {
        var context = new UnitRuleContext(unit, view.Year, view.ViewDate, view.AsOf, view.Rulebook);
        var unitChecks = new List<RuleCheck>();
        foreach (var set in _unitRules) unitChecks.AddRange(await set.EvaluateAsync(context, session, cancellation));
        return unitChecks.OrderBy(c => c.Rule, StringComparer.Ordinal).ToList();
    }
}
