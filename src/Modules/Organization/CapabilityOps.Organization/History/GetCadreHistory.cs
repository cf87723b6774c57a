using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Organization.History;

/// <summary>One recorded fact about a cadre.</summary>
/// <param name="Version">The fact's position in the cadre's history, from 1.</param>
/// <param name="Id">The event's id.</param>
/// <param name="Type">The fact's type, e.g. CadreTransferred or StudyHoursLogged.</param>
/// <param name="RecordedAt">When it was recorded.</param>
/// <param name="RecordedBy">The name of the API key that recorded it.</param>
/// <param name="Source">The calling system, from the X-Source-System header when it was given.</param>
/// <param name="CorrelationId">The request's correlation id (from traceparent when sent).</param>
/// <param name="Data">The fact itself, including its business dates.</param>
public sealed record HistoryEntry(
    long Version,
    Guid Id,
    string Type,
    DateTimeOffset RecordedAt,
    string? RecordedBy,
    string? Source,
    string? CorrelationId,
    object Data);

public static class GetCadreHistoryEndpoint
{
    /// <summary>Every fact recorded about a cadre, by every module, oldest first.</summary>
    /// <param name="staffNo">The staff number.</param>
    /// <param name="from">Only facts recorded at or after this instant.</param>
    /// <param name="to">Only facts recorded at or before this instant.</param>
    /// <param name="session"></param>
    [WolverineGet("/api/v1/cadres/{staffNo}/history", OperationId = "GetCadreHistory"), Tags("Organization"), ReadAccess, ScopedToCadre]
    [ProducesResponseType<IReadOnlyList<HistoryEntry>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string staffNo, DateTimeOffset? from, DateTimeOffset? to, IQuerySession session, IAccessScope scope)
    {
        if (from > to) return Problem.Invalid("from", "'from' must not be after 'to'.").ToResult();
        var events = await session.Events.FetchStreamAsync(StreamKeys.Cadre(staffNo));
        if (events.Count == 0) return Problem.NotFound($"There is no cadre with staff number '{staffNo}'.").ToResult();

        var entries = events
            .Where(e => (from is null || e.Timestamp >= from) && (to is null || e.Timestamp <= to))
            .Select(e => new HistoryEntry(e.Version, e.Id, e.Data.GetType().Name, e.Timestamp, e.UserName,
                e.GetHeader(RecordingHeaders.Source)?.ToString(), e.CorrelationId,
                e.Data is IConfidentialFact && !scope.IsAdmin ? new { confidential = true } : e.Data))
            .ToList();
        return Results.Ok(entries);
    }
}
