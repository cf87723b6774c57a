using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;

namespace CapabilityOps.ServiceVisits;

/// <summary>A recorded service fact.</summary>
/// <param name="Id">Its id.</param>
public sealed record ServiceFactRecorded(Guid Id);

/// <summary>
/// The shared shape of recording a service fact: fetch the cadre's log for writing (optimistic concurrency on
/// the cadre stream, so two racing corrections cannot both pass), decide, append, answer 201 built from the log
/// before the change and the first event recorded.
/// </summary>
internal static class ServiceLogChange
{
    public static async Task<IResult> Apply(IDocumentSession session, string staffNo, Func<CadreServiceLog, Decision> decide,
        Func<CadreServiceLog, object, IResult> created)
    {
        var stream = await session.Events.FetchForWriting<CadreServiceLog>(StreamKeys.Cadre(staffNo));
        if (stream.Aggregate is null) return Problem.NotFound($"There is no cadre with staff number '{staffNo}'.").ToResult();

        var decision = decide(stream.Aggregate);
        if (decision.Problem is { } problem) return problem.ToResult();

        stream.AppendMany(decision.Events);
        return created(stream.Aggregate, decision.Events[0]);
    }

    /// <summary>The date checks every service fact shares: not in the future, not before the cadre joined.</summary>
    public static Problem? CheckDate(CadreServiceLog log, DateOnly day, DateOnly today, string field) =>
        day > today ? Problem.Invalid(field, $"'{field}' must not be in the future.")
        : day < log.JoinedOn ? Problem.Invalid(field, $"'{field}' must not be before the cadre joined ({log.JoinedOn:yyyy-MM-dd}).")
        : null;

    /// <summary>Where a cadre's service year can be read.</summary>
    public static string YearView(string staffNo, int year) => $"/api/v1/service-visits/cadres/{staffNo}?year={year}";
}
