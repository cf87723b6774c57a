using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Learning.Compliance;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Learning.Views;

public static class GetLearningViewsEndpoint
{
    /// <summary>A cadre's learning in a year: hours by channel and source against the LRN-1 target.</summary>
    /// <remarks>
    /// The target is the rulebook's <c>LRN-1.hoursPerYear</c> in the version that applies to the year (the same number the
    /// compliance view shows); a cadre who joined during the year has it pro-rated by whole months of membership, and
    /// <c>targetProrated</c>, <c>monthsOfMembership</c> and <c>targetBasis</c> say so. Revoked records do not count. A write shows at once.
    /// </remarks>
    /// <param name="staffNo">The staff number.</param>
    /// <param name="year">The calendar year (China Standard Time); the current year when left out.</param>
    /// <param name="asOf">An instant (RFC 3339 with offset): the view as it was known then, from the facts recorded up to it.</param>
    /// <param name="rulebook">Compute under this rulebook version instead of the one that applies to the year.</param>
    /// <param name="session"></param>
    /// <param name="years"></param>
    /// <param name="cancellation"></param>
    [WolverineGet("/api/v1/learning/cadres/{staffNo}", OperationId = "GetCadreLearning"), Tags("Learning"), ReadAccess, ScopedToCadre]
    [ProducesResponseType<CadreLearningYear>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Cadre(string staffNo, int? year, DateTimeOffset? asOf, int? rulebook, IQuerySession session, IYearViews years,
        CancellationToken cancellation)
    {
        // The cadre first: a cadre not registered at asOf is not found, whatever year is asked.
        var key = StreamKeys.Cadre(staffNo);
        var learning = CadreLearningFold.Fold(key, await session.ReadStreamAsync(key, asOf, CadreLearningFold.EventTypesIn(session), cancellation));
        if (learning?.JoinedOn is null)
            return (asOf is null ? Problem.NoSuchCadre(staffNo) : Problem.NotFound(Msg("NotRegisteredAt", staffNo, asOf))).ToResult();
        var (view, problem) = await years.ResolveAsync(session, year, asOf, null, rulebook, cancellation);
        if (problem is not null) return problem.ToResult();
        return Results.Ok(CadreLearningFold.Summarize(learning, staffNo, view!.Year, LearningRules.TargetsOf(view.Rulebook), asOf));
    }

    /// <summary>A unit's own learning activities in a year: central-group studies per quarter, trainings, competitions and more.</summary>
    /// <remarks>
    /// Counts the sessions, competitions and interest groups recorded for this unit itself (not the units below it),
    /// with LRN-2 (quarters with a central-group study, of the quarters due so far), LRN-3 and LRN-4 checked against the
    /// targets of the rulebook version that applies to the year.
    /// </remarks>
    /// <param name="code">The unit code.</param>
    /// <param name="year">The calendar year (China Standard Time); the current year when left out.</param>
    /// <param name="rulebook">Compute under this rulebook version instead of the one that applies to the year.</param>
    /// <param name="session"></param>
    /// <param name="years"></param>
    /// <param name="learning"></param>
    /// <param name="cancellation"></param>
    [WolverineGet("/api/v1/learning/units/{code}", OperationId = "GetUnitLearning"), Tags("Learning"), ReadAccess, ScopedToUnit]
    [ProducesResponseType<UnitLearningYear>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Unit(string code, int? year, int? rulebook, IQuerySession session, IYearViews years, ILearningYears learning,
        CancellationToken cancellation)
    {
        var (view, problem) = await years.ResolveAsync(session, year, null, null, rulebook, cancellation);
        if (problem is not null) return problem.ToResult();
        var found = await learning.ForUnitAsync(code, view!.Year, view.ViewDate, LearningRules.TargetsOf(view.Rulebook), cancellation);
        return found is null ? Problem.NoSuchUnit(code).ToResult() : Results.Ok(found);
    }
}
