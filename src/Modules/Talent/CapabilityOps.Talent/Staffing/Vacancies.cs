using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Talent.Staffing;

/// <summary>A unit's quota and vacancies on a day.</summary>
/// <param name="Quota">The staffing quota (编制) in force; null when none was set.</param>
/// <param name="Staffed">The cadres of the unit itself who are members on the day (departed cadres do not count).</param>
/// <param name="Vacancies">Quota less staffed, never below zero.</param>
/// <param name="OpenPosts">Posts opened by recruitment campaigns and not filled yet.</param>
public sealed record VacanciesView(string UnitCode, DateOnly OnDate, int? Quota, int Staffed, int Vacancies, int OpenPosts)
{
    public static VacanciesView Of(string unitCode, DateOnly day, UnitStaffing? staffing, int staffed)
    {
        var quota = staffing?.QuotaOn(day);
        return new(unitCode, day, quota, staffed, Math.Max(0, (quota ?? 0) - staffed), staffing?.UnfilledPosts ?? 0);
    }

    /// <summary>Vacancies not yet held by a campaign's open posts: what a new campaign may open.</summary>
    public int Available => Math.Max(0, Vacancies - OpenPosts);

    /// <summary>The unit's cadres who are members on <paramref name="day"/> (the unit held that day; departed cadres do not count).</summary>
    public static async Task<int> StaffedAsync(IQuerySession session, string unitCode, DateOnly day, CancellationToken cancellation)
    {
        var cadres = await session.Query<CadreRecord>().Where(c => c.UnitsHeld.Contains(unitCode)).ToListAsync(cancellation);
        return cadres.Count(c => c.JoinedOn <= day && c.IsMemberOn(day) && c.UnitOn(day) == unitCode);
    }
}

public static class GetVacanciesEndpoint
{
    /// <summary>A unit's staffing quota, staffed posts and vacancies today.</summary>
    /// <remarks>Staffed counts the cadres of the unit itself who are members today; cadres who left do not count.</remarks>
    /// <param name="code">The unit's code.</param>
    /// <param name="session"></param>
    /// <param name="clock"></param>
    /// <param name="cancellation"></param>
    [WolverineGet("/api/v1/units/{code}/vacancies", OperationId = "GetVacancies"), Tags("Talent and care"), ReadAccess, ScopedToUnit]
    [ProducesResponseType<VacanciesView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string code, IQuerySession session, TimeProvider clock, CancellationToken cancellation)
    {
        if (await session.LoadAsync<UnitRecord>(StreamKeys.Unit(code), cancellation) is null) return Problem.NoSuchUnit(code).ToResult();
        var today = ChinaTime.Today(clock);
        var staffing = await session.LoadAsync<UnitStaffing>(StaffingStreams.Of(code), cancellation);
        return Results.Ok(VacanciesView.Of(code, today, staffing, await VacanciesView.StaffedAsync(session, code, today, cancellation)));
    }
}
