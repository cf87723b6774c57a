using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;

namespace CapabilityOps.ServiceVisits;

/// <summary>A recorded service fact.</summary>
/// <param name="Id">Its id.</param>
public sealed record ServiceFactRecorded(Guid Id);

/// <summary>
/// The shared shape of recording a service fact: fetch the cadre's log for exclusive writing, decide, append, answer
/// 201 built from the log before the change and the first event recorded.
/// </summary>
/// <remarks>
/// Exclusive (a row lock on the cadre's stream until the request commits) rather than optimistic: a plain or
/// optimistic append that races another append to the same stream fails on the stream's version (a 409 the
/// caller must retry), and systems record a cadre's visits in parallel (imports). With the lock the second request
/// waits a few milliseconds, then decides on the facts the first recorded, so a revocation can never pass twice.
/// </remarks>
internal static class ServiceLogChange
{
    public static async Task<IResult> Apply(IDocumentSession session, string staffNo, Func<CadreServiceLog, Decision> decide,
        Func<CadreServiceLog, object, IResult> created)
    {
        var stream = await session.Events.FetchForExclusiveWriting<CadreServiceLog>(StreamKeys.Cadre(staffNo));
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
