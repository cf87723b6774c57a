using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Talent.Contracts.Events;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Talent.Care;

/// <summary>Who was due a festival's visit in a unit's subtree, who was visited and who is missing.</summary>
/// <param name="FestivalOn">The festival's day that year: the care flags and units are those of this day.</param>
/// <param name="Due">Cadres with a care flag on the festival's day, members that day or retired, whose unit (the unit left, for a retired cadre) is in the subtree.</param>
/// <param name="Visited">Of the subtree's cadres, those visited for this festival and year.</param>
/// <param name="Missing">Due and not visited.</param>
public sealed record HolidayVisitCoverage(string UnitCode, int Year, CareFestival Festival, DateOnly FestivalOn,
    IReadOnlyList<string> Due, IReadOnlyList<string> Visited, IReadOnlyList<string> Missing);

public static class GetHolidayVisitCoverageEndpoint
{
    /// <summary>Pure: the coverage from the cadres who ever belonged to the subtree and the visits paid to them.</summary>
    public static HolidayVisitCoverage Cover(string unitCode, int year, CareFestival festival, IReadOnlySet<string> subtree,
        IEnumerable<CadreRecord> candidates, IEnumerable<string> visitedStaffNos)
    {
        var day = Festivals.DayOf(festival, year);
        var inSubtree = candidates.Where(c => c.JoinedOn <= day && subtree.Contains(c.UnitOn(day))).ToList();
        var due = inSubtree
            .Where(c => c.CareFlagsOn(day) is { Any: true } flags && (c.IsMemberOn(day) || flags.Retired))
            .Select(c => c.StaffNo).Order(StringComparer.Ordinal).ToList();
        var known = inSubtree.Select(c => c.StaffNo).ToHashSet(StringComparer.Ordinal);
        var visited = visitedStaffNos.Where(known.Contains).Distinct().Order(StringComparer.Ordinal).ToList();
        return new HolidayVisitCoverage(unitCode, year, festival, day, due, visited, due.Except(visited).ToList());
    }

    /// <summary>The holiday-visit coverage of a unit and every unit below it, for one festival of one year.</summary>
    /// <remarks>
    /// Due are the cadres with a care flag on the festival's day; a retired cadre stays in the coverage of the unit left.
    /// `missing` lists those due and not visited.
    /// </remarks>
    /// <param name="unit">The unit's code; its subtree is covered. It must be the key's unit or a unit below it.</param>
    /// <param name="year">The festival's year; the current year when absent.</param>
    /// <param name="festival">SpringFestival, ArmyDay or DoubleNinth.</param>
    /// <param name="session"></param>
    /// <param name="scope"></param>
    /// <param name="years"></param>
    /// <param name="cancellation"></param>
    [WolverineGet("/api/v1/care/holiday-visits", OperationId = "GetHolidayVisitCoverage"), Tags("Talent and care"), ReadAccess]
    [NotUnitScoped("the unit is named in the query: the endpoint checks it is the key's unit or below it")]
    [ProducesResponseType<HolidayVisitCoverage>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string? unit, int? year, string? festival, IQuerySession session, IAccessScope scope, IYearViews years,
        CancellationToken cancellation)
    {
        var (resolved, yearProblem) = years.Year(year);
        var errors = new Dictionary<string, Text>();
        if (string.IsNullOrWhiteSpace(unit)) errors["unit"] = Msg("UnitRequired");
        if (!Enum.TryParse<CareFestival>(festival, ignoreCase: false, out var which) || !Enum.IsDefined(which) || int.TryParse(festival, out _))
            errors["festival"] = Msg("OneOfFestivals", string.Join(", ", Enum.GetNames<CareFestival>()));
        if (errors.Count > 0) return Problems.Fields(errors).ToResult();
        if (yearProblem is not null) return yearProblem.ToResult();
        if (!await scope.CoversUnitAsync(unit!, cancellation)) return Problem.OutOfScope.ToResult();
        if (await session.LoadAsync<UnitRecord>(StreamKeys.Unit(unit!), cancellation) is null) return Problem.NoSuchUnit(unit!).ToResult();

        var subtree = await Subtrees.CodesAsync(session, unit!, cancellation);
        var codes = subtree.ToArray();
        var candidates = await session.Query<CadreRecord>().Where(c => c.UnitsHeld.Any(u => codes.Contains(u))).ToListAsync(cancellation);
        var staffNos = candidates.Select(c => c.StaffNo).ToArray();
        var visited = await session.Query<HolidayVisitRecord>()
            .Where(v => v.Year == resolved && v.Festival == which && staffNos.Contains(v.StaffNo))
            .Select(v => v.StaffNo).ToListAsync(cancellation);
        return Results.Ok(Cover(unit!, resolved, which, subtree, candidates, visited));
    }
}
