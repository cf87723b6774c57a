using CapabilityOps.Appraisal.Compliance;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Appraisal.Scoring;

/// <summary>One weighted indicator of a unit's appraisal.</summary>
/// <param name="Weight">The rulebook's weight for this kind of unit.</param>
/// <param name="Value">The share achieved, 0–1.</param>
/// <param name="Score">Points earned, after the weights present were scaled to 100.</param>
public sealed record IndicatorView(string Id, Text Name, decimal Weight, decimal Value, decimal Score, Text Detail);

/// <summary>An indicator left out because no module has measured it for the unit yet; the others are scaled to 100.</summary>
public sealed record LeftOutIndicator(string Id, Text Name, decimal Weight, Text Reason);

/// <summary>A unit's annual target-performance appraisal (APR-1).</summary>
/// <param name="Bonus">Points for the commendations of the subtree's cadres this year (provincial, municipal or national titles; capped).</param>
/// <param name="ComputedAt">The live view: when the newest cadre result it counts was computed in the background (null when computed for this request).</param>
/// <param name="Pending">The live view: how many cadres of the subtree the background has not yet recomputed since their last change; 0 when computed for this request.</param>
public sealed record UnitAppraisalView(string UnitCode, int Year, int RulebookVersion, decimal Score, IReadOnlyList<IndicatorView> Indicators,
    IReadOnlyList<LeftOutIndicator> LeftOut, decimal Bonus, IReadOnlyList<CheckView> UnitChecks, DateTimeOffset? AsOf, DateTimeOffset? ComputedAt = null,
    int Pending = 0);

public static class UnitAppraisal
{
    /// <summary>APPRAISAL.md's indicators, in the order the views list them; each is named by <c>Indicator.{id}</c> in Messages.</summary>
    private static readonly string[] Known =
    [
        Indicators.StudyHours, Indicators.UnitTraining, Indicators.ServiceVisits, Indicators.Care, Indicators.MonthlyReports,
        Indicators.EquipmentAndInformatization, Indicators.Discipline, Indicators.BusinessTargets, Indicators.DailyWork,
    ];

    /// <summary>The reason an indicator with weight is left out: no module measured anything for it in this unit and year.</summary>
    public static Text NotMeasured => Msg("NotMeasured");

    /// <summary>
    /// The unit's score from every module's indicator parts: an indicator's value is its parts' achieved over their out-of,
    /// weighed by the rulebook's weight for the unit's kind; indicators with weight and no part are left out and the weights
    /// present scaled to 100. The subtree's cadres' commendations add the rulebook's unit bonus, capped.
    /// </summary>
    /// <param name="commendations">How many commendations the subtree's cadres have in the year.</param>
    public static UnitAppraisalView Score(UnitRecord unit, YearView year, IReadOnlyList<RuleCheck> unitChecks, IReadOnlyList<IndicatorPart> parts,
        int commendations, DateTimeOffset? asOf)
    {
        var rules = year.Rulebook;
        var weights = rules.UnitWeights.TryGetValue(unit.Kind, out var w) ? w : RulebookDefaults.UnitWeights[unit.Kind];
        var measured = new List<(string Id, decimal Weight, decimal Value, Text Detail)>();
        var leftOut = new List<LeftOutIndicator>();
        var ids = Known.Concat(weights.Keys.Where(id => !Known.Contains(id)).Order(StringComparer.Ordinal));
        foreach (var id in ids)
        {
            var weight = weights.GetValueOrDefault(id);
            if (weight == 0) continue;
            var mine = parts.Where(p => p.Indicator == id).ToList();
            var outOf = mine.Sum(p => p.OutOf);
            if (outOf == 0) leftOut.Add(new(id, NameOf(id), weight, NotMeasured));
            else measured.Add((id, weight, mine.Sum(p => p.Achieved) / outOf, Msg("Details", mine.Select(p => p.Detail).ToList())));
        }

        var present = measured.Sum(m => m.Weight);
        var scale = present == 0 ? 0 : 100 / present;
        var indicators = measured.Select(m => new IndicatorView(m.Id, NameOf(m.Id), m.Weight, Math.Round(m.Value, 4),
            Math.Round(m.Weight * m.Value * scale, 2), m.Detail)).ToList();

        var bonus = Math.Min(commendations * rules.Target("unit.titleBonus"), rules.Target("unit.titleBonusMax"));
        var score = Math.Round(Math.Min(100, indicators.Sum(i => i.Score) + bonus), 1);
        return new UnitAppraisalView(unit.Code, year.Year, rules.Version, score, indicators, leftOut, bonus,
            unitChecks.Select(CheckView.From).ToList(), asOf);
    }

    /// <summary>An indicator's name as a person reads it; an indicator a later rulebook adds is named by its id until Messages names it.</summary>
    public static Text NameOf(string id) => Known.Contains(id) ? Msg($"Indicator.{id}") : Text.Verbatim(id);
}

public static class GetUnitAppraisalEndpoint
{
    /// <summary>A unit's annual appraisal: weighted indicators for its kind of unit, scaled to 100, plus title bonus.</summary>
    /// <remarks>Departments, direct units and county bureaus weigh indicators differently (the rulebook's unit weights). Indicators no module has measured yet are listed under <c>leftOut</c>.</remarks>
    /// <param name="code">The unit's code.</param>
    /// <param name="year">The calendar year; this year when absent.</param>
    /// <param name="asOf">As it was known at this instant.</param>
    /// <param name="rulebook">Recompute under this rulebook version.</param>
    [WolverineGet("/api/v1/appraisals/units/{code}", OperationId = "GetUnitAppraisal"), Tags("Appraisal"), ReadAccess, ScopedToUnit]
    [ProducesResponseType<UnitAppraisalView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string code, int? year, DateTimeOffset? asOf, int? rulebook, IQuerySession session,
        YearViews years, ComplianceCalculator calculator, AppraisalContributions contributions, LiveCompliance live, CancellationToken cancellation)
    {
        if (asOf is null && rulebook is null)
        {
            // The live view: a read of the compliance read model's tally of the subtree, the unit's own facts measured as ever.
            var (dates, wrong) = years.Dates(year, null, null);
            if (wrong is not null) return wrong.ToResult();
            var (unitRecord, subtree) = await GetUnitComplianceEndpoint.SubtreeAsync(session, code, cancellation);
            if (unitRecord is null) return Problem.NoSuchUnit(code).ToResult();
            if (await live.UnitAppraisalAsync(session, unitRecord, subtree, dates!.Value.Year, dates.Value.ViewDate, cancellation) is { } appraisal)
                return Results.Ok(appraisal);
        }
        var (view, invalid) = await years.ResolveAsync(session, year, asOf, null, rulebook, cancellation);
        if (invalid is not null) return invalid.ToResult();
        var (unit, problem) = await calculator.EvaluateUnitAsync(session, code, view!, cancellation);
        if (problem is not null) return problem.ToResult();
        return Results.Ok(await contributions.ScoreUnitAsync(unit!, asOf, session, cancellation));
    }
}
