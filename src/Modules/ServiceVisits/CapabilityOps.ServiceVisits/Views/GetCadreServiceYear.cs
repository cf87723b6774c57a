using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.ServiceVisits.Views;

public static class GetCadreServiceYearEndpoint
{
    /// <summary>A cadre's grassroots days, assisted enterprises, articles and suggestions in a year, against SVC-1 or SVC-2.</summary>
    /// <remarks>
    /// The rule follows the rank held at the end of the year (or on the view date for the current year): <c>rank</c>
    /// and <c>measuredOn</c> say which. Days are distinct calendar days; revoked visits do not count. <c>details</c>
    /// lists the facts behind the numbers.
    /// </remarks>
    /// <param name="staffNo">The cadre's staff number.</param>
    /// <param name="year">The calendar year (China Standard Time); the current year when absent.</param>
    /// <param name="asOf">An instant (RFC 3339 with offset): the year as it was known then, from the facts recorded up to it, measured on that instant's date. 404 if the cadre was not registered yet.</param>
    /// <param name="session"></param>
    /// <param name="clock"></param>
    [WolverineGet("/api/v1/service-visits/cadres/{staffNo}", OperationId = "GetCadreServiceYear"), Tags("ServiceVisits"), ReadAccess, ScopedToCadre]
    [ProducesResponseType<CadreServiceYear>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string staffNo, int? year, DateTimeOffset? asOf, IQuerySession session, TimeProvider clock)
    {
        var today = ChinaTime.Today(clock);
        var key = StreamKeys.Cadre(staffNo);
        CadreServiceLog? log;
        var viewDate = today;
        if (asOf is { } instant)
        {
            // As known then: the same fold as the stored log, over the facts recorded up to the instant.
            var events = await session.Events.FetchStreamAsync(key, timestamp: instant.ToUniversalTime());
            log = CadreServiceLog.Fold(key, events.Select(e => e.Data));
            if (log is null) return Problem.NotFound($"Cadre '{staffNo}' was not registered at {instant:O}.").ToResult();
            var then = ChinaTime.DateOf(instant);
            if (then < viewDate) viewDate = then;
        }
        else
        {
            log = await session.LoadAsync<CadreServiceLog>(key);
            if (log is null) return Problem.NotFound($"There is no cadre with staff number '{staffNo}'.").ToResult();
        }

        if (YearProblem(year, viewDate) is { } problem) return problem.ToResult();
        var summary = ServiceYear.Summarise(log, year ?? viewDate.Year, viewDate, DefaultServiceTargets.Rulebook);
        return Results.Ok(summary);
    }

    /// <summary>A year is one that has begun by the view date, from <see cref="ServiceYear.FirstYear"/> on.</summary>
    internal static Problem? YearProblem(int? year, DateOnly viewDate) =>
        year is { } y && (y < ServiceYear.FirstYear || y > viewDate.Year)
            ? Problem.Invalid("year", $"'year' must be from {ServiceYear.FirstYear} to {viewDate.Year}.")
            : null;
}
