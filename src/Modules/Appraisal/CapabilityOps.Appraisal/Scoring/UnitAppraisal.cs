using CapabilityOps.Appraisal.Compliance;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Appraisal.Contracts.Events;
using CapabilityOps.SharedKernel;
using CapabilityOps.Talent.Contracts.Events;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Appraisal.Scoring;

/// <summary>One weighted indicator of a unit's appraisal.</summary>
/// <param name="Weight">The rulebook's weight for this kind of unit.</param>
/// <param name="Value">The share achieved, 0–1.</param>
/// <param name="Score">Points earned, after the weights present were scaled to 100.</param>
public sealed record IndicatorView(string Id, string Name, decimal Weight, decimal Value, decimal Score, string Detail);

/// <summary>An indicator left out because its module has no facts yet; the others are scaled to 100.</summary>
public sealed record LeftOutIndicator(string Id, string Name, decimal Weight, string Reason);

/// <summary>A unit's annual target-performance appraisal (APR-1).</summary>
/// <param name="Bonus">Points for provincial, municipal or national titles of the subtree's cadres this year (capped).</param>
public sealed record UnitAppraisalView(string UnitCode, int Year, int RulebookVersion, decimal Score, IReadOnlyList<IndicatorView> Indicators,
    IReadOnlyList<LeftOutIndicator> LeftOut, decimal Bonus, IReadOnlyList<CheckView> UnitChecks, DateTimeOffset? AsOf);

public static class UnitAppraisal
{
    private static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [Indicators.StudyHours] = "Share of cadres with their study hours (LRN-1)",
        [Indicators.UnitTraining] = "Unit training held (LRN-3, TRN-5)",
        [Indicators.ServiceVisits] = "Share of leaders and section-level cadres on target (SVC-1, SVC-2)",
        [Indicators.Care] = "Heart-to-heart talks and health checks (CARE-1, CARE-3)",
        [Indicators.MonthlyReports] = "Monthly reports on time (RPT-1)",
        [Indicators.EquipmentAndInformatization] = "Equipment in service life, reserves above minimum, station availability (EQP, INF)",
        [Indicators.Discipline] = "Warning education held, no violations (DSC)",
        [Indicators.BusinessTargets] = "Business targets, scored by the appraisal group",
        [Indicators.DailyWork] = "Daily work, scored by the appraisal group",
    };

    public static UnitAppraisalView Score(UnitCompliance unit, IReadOnlyList<JasperFx.Events.IEvent> unitEvents, DateTimeOffset? asOf)
    {
        var rules = unit.Rulebook;
        var weights = rules.UnitWeights.TryGetValue(unit.Unit.Kind, out var w) ? w : RulebookDefaults.UnitWeights[unit.Unit.Kind];
        var measured = new List<(string Id, decimal Weight, decimal Value, string Detail)>();
        var leftOut = new List<LeftOutIndicator>();

        void Share(string id, string[] ruleIds, IEnumerable<RuleCheck> checks, string noFacts)
        {
            var relevant = checks.Where(c => ruleIds.Contains(c.Rule)).ToList();
            if (weights.GetValueOrDefault(id) == 0) return;
            if (relevant.Count == 0) leftOut.Add(new(id, Names[id], weights[id], noFacts));
            else measured.Add((id, weights[id], (decimal)relevant.Count(c => c.Met) / relevant.Count,
                $"{relevant.Count(c => c.Met)} of {relevant.Count} met"));
        }

        var cadreChecks = unit.Cadres.SelectMany(c => c.Checks).ToList();
        Share(Indicators.StudyHours, ["LRN-1"], cadreChecks, "No cadre of the unit has an LRN-1 check yet.");
        Share(Indicators.UnitTraining, ["LRN-3", "TRN-5"], unit.UnitChecks, "No unit-training rule is evaluated yet.");
        Share(Indicators.ServiceVisits, ["SVC-1", "SVC-2"], cadreChecks, "No leader or section-level cadre in the unit.");
        Share(Indicators.Care, ["CARE-1", "CARE-3"], cadreChecks, "Talks and health checks are not recorded yet (CARE module).");
        if (weights.GetValueOrDefault(Indicators.EquipmentAndInformatization) > 0)
            leftOut.Add(new(Indicators.EquipmentAndInformatization, Names[Indicators.EquipmentAndInformatization], weights[Indicators.EquipmentAndInformatization],
                "Equipment and informatization are not recorded yet (EQP, INF modules)."));
        if (weights.GetValueOrDefault(Indicators.Discipline) > 0)
            leftOut.Add(new(Indicators.Discipline, Names[Indicators.Discipline], weights[Indicators.Discipline],
                "Warning-education sessions are not recorded yet (DSC-2)."));

        var reports = unit.UnitChecks.FirstOrDefault(c => c.Rule == "RPT-1");
        if (reports is { Target: > 0 }) measured.Add((Indicators.MonthlyReports, weights[Indicators.MonthlyReports], reports.Actual / reports.Target,
            $"{reports.Actual} of {reports.Target} months on time"));
        else leftOut.Add(new(Indicators.MonthlyReports, Names[Indicators.MonthlyReports], weights[Indicators.MonthlyReports], "No month is due yet."));

        foreach (var id in new[] { Indicators.BusinessTargets, Indicators.DailyWork })
        {
            var scored = unitEvents.Select(e => e.Data).OfType<UnitTargetScored>().LastOrDefault(s => s.Year == unit.Year.Year && s.Indicator == id);
            if (scored is null) leftOut.Add(new(id, Names[id], weights[id], "Not scored by the appraisal group yet."));
            else measured.Add((id, weights[id], scored.Score / 100, scored.Reason));
        }

        var present = measured.Sum(m => m.Weight);
        var scale = present == 0 ? 0 : 100 / present;
        var indicators = measured.Select(m => new IndicatorView(m.Id, Names[m.Id], m.Weight, Math.Round(m.Value, 4),
            Math.Round(m.Weight * m.Value * scale, 2), m.Detail)).ToList();

        var titles = unit.Cadres.SelectMany(c => c.Events).Select(e => e.Data).OfType<TitleConferred>()
            .Count(t => t.ConferredOn.Year == unit.Year.Year && t.ConferredOn <= unit.Year.ViewDate && t.Level <= TitleLevel.Municipal);
        var bonus = Math.Min(titles * rules.Target("unit.titleBonus"), rules.Target("unit.titleBonusMax"));
        var score = Math.Round(Math.Min(100, indicators.Sum(i => i.Score) + bonus), 1);
        return new UnitAppraisalView(unit.Unit.Code, unit.Year.Year, rules.Version, score, indicators, leftOut, bonus,
            unit.UnitChecks.Select(CheckView.From).ToList(), asOf);
    }
}

public static class GetUnitAppraisalEndpoint
{
    /// <summary>A unit's annual appraisal: weighted indicators for its kind of unit, scaled to 100, plus title bonus.</summary>
    /// <remarks>Departments, direct units and county bureaus weigh indicators differently (the rulebook's unit weights). Indicators whose module has no facts yet are listed under <c>leftOut</c>.</remarks>
    /// <param name="code">The unit's code.</param>
    /// <param name="year">The calendar year; this year when absent.</param>
    /// <param name="asOf">As it was known at this instant.</param>
    /// <param name="rulebook">Recompute under this rulebook version.</param>
    [WolverineGet("/api/v1/appraisals/units/{code}", OperationId = "GetUnitAppraisal"), Tags("Appraisal"), ReadAccess, ScopedToUnit]
    [ProducesResponseType<UnitAppraisalView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string code, int? year, DateTimeOffset? asOf, int? rulebook, IQuerySession session,
        IYearViews years, ComplianceCalculator calculator, CancellationToken cancellation)
    {
        var (view, invalid) = await years.ResolveAsync(session, year, asOf, null, rulebook, cancellation);
        if (invalid is not null) return invalid.ToResult();
        var (unit, problem) = await calculator.EvaluateUnitAsync(session, code, view!, cancellation);
        if (problem is not null) return problem.ToResult();
        var unitEvents = asOf is { } instant
            ? await session.Events.FetchStreamAsync(StreamKeys.Unit(code), timestamp: instant.ToUniversalTime(), token: cancellation)
            : await session.Events.FetchStreamAsync(StreamKeys.Unit(code), token: cancellation);
        return Results.Ok(UnitAppraisal.Score(unit!, unitEvents, asOf));
    }
}
