using CapabilityOps.Learning.Contracts;
using CapabilityOps.SharedKernel;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Learning.Views;

public static class GetLearningViewsEndpoint
{
    /// <summary>A cadre's learning in a year: hours by channel and source against the LRN-1 target.</summary>
    /// <remarks>
    /// The target is 60 hours (the programme's default until the rulebook sets it); a cadre who joined during the
    /// year has it pro-rated by whole months of membership, and <c>targetProrated</c>, <c>monthsOfMembership</c> and
    /// <c>targetBasis</c> say so. Revoked records do not count. A write shows at once (the projection is brought up to date on read).
    /// </remarks>
    /// <param name="staffNo">The staff number.</param>
    /// <param name="year">The calendar year (China Standard Time); the current year when left out.</param>
    /// <param name="asOf">An instant (RFC 3339 with offset): the view as it was known then, from the facts recorded up to it.</param>
    /// <param name="years"></param>
    /// <param name="clock"></param>
    [WolverineGet("/api/v1/learning/cadres/{staffNo}", OperationId = "GetCadreLearning"), Tags("Learning"), ReadAccess, ScopedToCadre]
    [ProducesResponseType<CadreLearningYear>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Cadre(string staffNo, int? year, DateTimeOffset? asOf, ILearningYears years, TimeProvider clock)
    {
        if (YearOf(year, clock) is not { } y) return Problem.Invalid("year", "'year' must be a calendar year, e.g. 2026.").ToResult();
        var view = await years.ForCadreAsync(staffNo, y, LearningDefaults.Targets, asOf);
        return view is null
            ? Problem.NotFound(asOf is null ? $"There is no cadre with staff number '{staffNo}'." : $"Cadre '{staffNo}' was not registered at {asOf:O}.").ToResult()
            : Results.Ok(view);
    }

    /// <summary>A unit's own learning activities in a year: central-group studies per quarter, trainings, competitions and more.</summary>
    /// <remarks>
    /// Counts the sessions, competitions and interest groups recorded for this unit itself (not the units below it),
    /// with LRN-2 (quarters with a central-group study, of the quarters due so far), LRN-3 and LRN-4 checked against the programme's defaults.
    /// </remarks>
    /// <param name="code">The unit code.</param>
    /// <param name="year">The calendar year (China Standard Time); the current year when left out.</param>
    /// <param name="years"></param>
    /// <param name="clock"></param>
    [WolverineGet("/api/v1/learning/units/{code}", OperationId = "GetUnitLearning"), Tags("Learning"), ReadAccess, ScopedToUnit]
    [ProducesResponseType<UnitLearningYear>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Unit(string code, int? year, ILearningYears years, TimeProvider clock)
    {
        if (YearOf(year, clock) is not { } y) return Problem.Invalid("year", "'year' must be a calendar year, e.g. 2026.").ToResult();
        var view = await years.ForUnitAsync(code, y, LearningDefaults.Targets);
        return view is null ? Problem.NotFound($"There is no unit with code '{code}'.").ToResult() : Results.Ok(view);
    }

    /// <summary>The year asked for, or the current China year; null when it is not a plausible calendar year.</summary>
    internal static int? YearOf(int? year, TimeProvider clock)
    {
        var y = year ?? ChinaTime.Today(clock).Year;
        return y is >= 1900 and <= 9999 ? y : null;
    }
}
