using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.ServiceVisits.Compliance;
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
    /// lists the facts behind the numbers. The targets are the rulebook's (<c>SVC-1.*</c>, <c>SVC-2.*</c>) in the version that applies to the
    /// year, the same numbers the compliance view shows; <c>rulebookVersion</c> names it (<c>v1</c>, …).
    /// </remarks>
    /// <param name="staffNo">The cadre's staff number.</param>
    /// <param name="year">The calendar year (China Standard Time); the current year when absent.</param>
    /// <param name="asOf">An instant (RFC 3339 with offset): the year as it was known then, from the facts recorded up to it, measured on that instant's date. 404 if the cadre was not registered yet.</param>
    /// <param name="rulebook">Compute under this rulebook version instead of the one that applies to the year.</param>
    /// <param name="session"></param>
    /// <param name="years"></param>
    /// <param name="cancellation"></param>
    [WolverineGet("/api/v1/service-visits/cadres/{staffNo}", OperationId = "GetCadreServiceYear"), Tags("ServiceVisits"), ReadAccess, ScopedToCadre]
    [ProducesResponseType<CadreServiceYear>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string staffNo, int? year, DateTimeOffset? asOf, int? rulebook, IQuerySession session, IYearViews years,
        CancellationToken cancellation)
    {
        var key = StreamKeys.Cadre(staffNo);
        CadreServiceLog? log;
        if (asOf is { } instant)
        {
            // As known then: the same fold as the stored log, over the facts recorded up to the instant.
            var events = await session.Events.FetchStreamAsync(key, timestamp: instant.ToUniversalTime(), token: cancellation);
            log = CadreServiceLog.Fold(key, events.Select(e => e.Data));
            if (log is null) return Problem.NotFound(Msg("NotRegisteredAt", staffNo, instant)).ToResult();
        }
        else
        {
            log = await session.LoadAsync<CadreServiceLog>(key, cancellation);
            if (log is null) return Problem.NoSuchCadre(staffNo).ToResult();
        }

        var (view, problem) = await years.ResolveAsync(session, year, asOf, null, rulebook, cancellation);
        if (problem is not null) return problem.ToResult();
        return Results.Ok(ServiceYear.Summarise(log, view!.Year, view.ViewDate, ServiceRules.Targets(view.Rulebook)));
    }
}
