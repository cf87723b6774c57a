using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Training.Designations;

public static class GetDesignationsEndpoint
{
    /// <summary>The 5 + 5 designations of a year: post experts and business pacesetters, per post.</summary>
    /// <remarks>
    /// Titles conferred in the year at municipal level or above, of the cadres of the unit's subtree (where each cadre was on the
    /// day), or of all cadres when <c>unit</c> is left out (a key's own unit for keys other than Admin). <c>met</c> when both
    /// counts reach the targets of the rulebook version that applies to the year (TRN-7; per post when <c>TRN-7.perPost</c> is 1).
    /// A title without a post counts under the cadre's post category.
    /// </remarks>
    /// <param name="year">The calendar year (China Standard Time); the current year when left out.</param>
    /// <param name="unit">A unit code: its subtree only.</param>
    /// <param name="session"></param>
    /// <param name="years"></param>
    /// <param name="scope"></param>
    /// <param name="cancellation"></param>
    [WolverineGet("/api/v1/designations", OperationId = "GetDesignations"), Tags("Training"), ReadAccess]
    [NotUnitScoped("a unit's subtree when asked, checked against the key's units; the key's own unit otherwise")]
    [ProducesResponseType<DesignationsView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(int? year, string? unit, IQuerySession session, IYearViews years, IAccessScope scope, CancellationToken cancellation)
    {
        if (await Scope.UnitAsync(session, unit, scope, cancellation) is { Problem: { } refused }) return refused.ToResult();
        var code = unit ?? scope.UnitCode;
        var (view, problem) = await years.ResolveAsync(session, year, cancellation: cancellation);
        if (problem is not null) return problem.ToResult();
        var (designations, _) = await DesignationTally.ReadAsync(session, code, view!.Year, view.ViewDate, null, view.Rulebook, cancellation);
        return Results.Ok(designations);
    }
}

/// <summary>The unit a list route is asked about, held against the key's units.</summary>
public static class Scope
{
    public static async Task<(string? Unit, Problem? Problem)> UnitAsync(IQuerySession session, string? unit, IAccessScope scope, CancellationToken cancellation)
    {
        if (unit is null) return (scope.UnitCode, null);
        if (await session.LoadAsync<Organization.Contracts.UnitRecord>(StreamKeys.Unit(unit), cancellation) is null) return (null, Problem.UnknownUnit("unit", unit));
        return await scope.CoversUnitAsync(unit, cancellation) ? (unit, null) : (null, Problem.OutOfScope);
    }
}
