using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.ServiceVisits.Compliance;
using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.ServiceVisits.Views;

/// <summary>One cadre's line in a unit's service year.</summary>
public sealed record UnitCadreLine(string StaffNo, string Name, string UnitCode, Rank Rank, string? Rule, DayCounts Days,
    int ActiveEnterprises, int ResearchArticles, int Suggestions, bool? Met, bool? OnTrack);

/// <summary>How the cadres under one rule stand.</summary>
/// <param name="Cadres">Cadres the rule applies to.</param>
/// <param name="Met">Of them, those who reached every measure.</param>
/// <param name="OnTrack">Of them, those at or above what is due by the measured date.</param>
public sealed record UnitRuleLine(string Rule, int Cadres, int Met, int OnTrack);

/// <summary>A unit's service year: its cadres and those of every unit below it, summed.</summary>
/// <param name="MeasuredOn">31 December, or today for the current year: a cadre counts in the unit held on this date, under the rank held on it.</param>
/// <param name="CadreCount">Cadres counted (members on the measured date: joined, and not departed).</param>
/// <param name="UnderRuleCount">Of them, those a service rule applies to (leaders and section-level cadres).</param>
/// <param name="MetCount">Cadres who reached every measure of their rule.</param>
/// <param name="OnTrackCount">Cadres at or above what their rule makes due by the measured date (equals metCount for a closed year).</param>
/// <param name="Days">Each cadre's distinct days, summed.</param>
/// <param name="NotMet">Staff numbers of the cadres under a rule who have not reached it.</param>
public sealed record UnitServiceYear(
    string UnitCode,
    int Year,
    DateOnly MeasuredOn,
    string RulebookVersion,
    int CadreCount,
    int UnderRuleCount,
    int MetCount,
    int OnTrackCount,
    DayCounts Days,
    int ActiveEnterprises,
    int ResearchArticles,
    int Suggestions,
    IReadOnlyList<UnitRuleLine> Rules,
    IReadOnlyList<string> NotMet,
    IReadOnlyList<UnitCadreLine> Cadres);

public static class GetUnitServiceYearEndpoint
{
    /// <summary>The service year of a unit and every unit below it (SVC-1, SVC-2).</summary>
    /// <remarks>
    /// A cadre counts in the unit held at the end of the year (today for the current year) and under the rank held then,
    /// with the same numbers as the cadre's own view.
    /// </remarks>
    /// <param name="code">The unit's code; its subtree is counted.</param>
    /// <param name="year">The calendar year (China Standard Time); the current year when absent.</param>
    /// <param name="rulebook">Compute under this rulebook version instead of the one that applies to the year.</param>
    /// <param name="session"></param>
    /// <param name="years"></param>
    /// <param name="cancellation"></param>
    [WolverineGet("/api/v1/service-visits/units/{code}", OperationId = "GetUnitServiceYear"), Tags("ServiceVisits"), ReadAccess, ScopedToUnit("code")]
    [ProducesResponseType<UnitServiceYear>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string code, int? year, int? rulebook, IQuerySession session, IYearViews years, CancellationToken cancellation)
    {
        var (view, problem) = await years.ResolveAsync(session, year, null, null, rulebook, cancellation);
        if (problem is not null) return problem.ToResult();
        if (await session.LoadAsync<UnitRecord>(StreamKeys.Unit(code), cancellation) is null)
            return Problem.NoSuchUnit(code).ToResult();

        var subtree = await session.Query<UnitRecord>().Where(u => u.Path.Contains(code)).Select(u => u.Code).ToListAsync(cancellation);
        // Everyone who ever belonged to the subtree; where each counts for the year is decided below, by date.
        var candidates = await session.Query<CadreServiceLog>().Where(l => l.UnitCodes.Any(c => subtree.Contains(c))).ToListAsync(cancellation);
        return Results.Ok(Sum(code, view!.Year, view.ViewDate, subtree.ToHashSet(), candidates, ServiceRules.Targets(view.Rulebook)));
    }

    /// <summary>Pure: the unit's year from the logs of the cadres who may count in it.</summary>
    public static UnitServiceYear Sum(string unitCode, int year, DateOnly viewDate, IReadOnlySet<string> subtree,
        IEnumerable<CadreServiceLog> candidates, ServiceRulebook rulebook)
    {
        var measuredOn = ServiceYear.MeasuredOn(year, viewDate);
        var years = candidates
            .Where(l => l.JoinedOn <= measuredOn && l.IsMemberOn(measuredOn)) // members on the measured date only
            .Select(l => ServiceYear.Summarise(l, year, viewDate, rulebook))
            .Where(s => subtree.Contains(s.UnitCode))
            .OrderBy(s => s.UnitCode, StringComparer.Ordinal).ThenBy(s => s.StaffNo, StringComparer.Ordinal)
            .ToList();
        var ruled = years.Where(s => s.Rule is not null).ToList();

        return new UnitServiceYear(unitCode, year, measuredOn, rulebook.Version,
            CadreCount: years.Count,
            UnderRuleCount: ruled.Count,
            MetCount: ruled.Count(s => s.Met == true),
            OnTrackCount: ruled.Count(s => s.OnTrack == true),
            Days: new DayCounts(years.Sum(s => s.Days.Rural), years.Sum(s => s.Days.Enterprise), years.Sum(s => s.Days.Total)),
            ActiveEnterprises: years.Sum(s => s.ActiveEnterprises),
            ResearchArticles: years.Sum(s => s.ResearchArticles),
            Suggestions: years.Sum(s => s.Suggestions),
            Rules: ruled.GroupBy(s => s.Rule!).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new UnitRuleLine(g.Key, g.Count(), g.Count(s => s.Met == true), g.Count(s => s.OnTrack == true))).ToList(),
            NotMet: ruled.Where(s => s.Met == false).Select(s => s.StaffNo).ToList(),
            Cadres: years.Select(s => new UnitCadreLine(s.StaffNo, s.Name, s.UnitCode, s.Rank, s.Rule, s.Days,
                s.ActiveEnterprises, s.ResearchArticles, s.Suggestions, s.Met, s.OnTrack)).ToList());
    }
}
