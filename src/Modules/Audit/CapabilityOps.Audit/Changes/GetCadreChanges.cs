using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Audit.Contracts;
using CapabilityOps.Audit.Facts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Audit.Changes;

/// <summary>What the facts recorded in a window changed.</summary>
/// <param name="From">The window's start: the "before" views are those known at this instant.</param>
/// <param name="To">The window's end: the "after" views are those known at this instant.</param>
/// <param name="Facts">The facts recorded in the window (after <c>from</c>, up to and including <c>to</c>), oldest first.</param>
/// <param name="Record">The cadre's record before and after, and the fields that differ.</param>
/// <param name="Compliance">Each year whose compliance view differs, before and after, with the fields that differ.</param>
public sealed record CadreChanges(string StaffNo, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<HistoryEntry> Facts, RecordChange Record,
    IReadOnlyList<ComplianceChange> Compliance);

/// <summary>The record at both ends of the window (null: not registered yet) and what differs; the version counts facts of every module.</summary>
public sealed record RecordChange(RecordSnapshot? Before, RecordSnapshot? After, long VersionBefore, long VersionAfter, IReadOnlyList<FieldChange> Changes);

/// <summary>A year's compliance at both ends of the window (null: no view yet, e.g. the year had not begun) and what differs.</summary>
public sealed record ComplianceChange(int Year, YearComplianceView? Before, YearComplianceView? After, IReadOnlyList<FieldChange> Changes);

public static class GetCadreChangesEndpoint
{
    /// <summary>The facts recorded about a cadre between two instants, and what they changed: record fields and compliance numbers.</summary>
    /// <remarks>
    /// "Before" is exactly what `GET /api/v1/cadres/{staffNo}?asOf={from}` and `GET /api/v1/compliance/cadres/{staffNo}?year=…&amp;asOf={from}`
    /// answered, "after" what they answer with `asOf={to}`: the same folds and the same compliance computation over the facts
    /// recorded up to each instant. Only years whose compliance view differs are listed (for the current year the view date
    /// itself moves with the instant). Confidential facts show only that they exist.
    /// </remarks>
    /// <param name="staffNo">The staff number.</param>
    /// <param name="from">The window's start (required).</param>
    /// <param name="to">The window's end; now when absent.</param>
    [WolverineGet("/api/v1/cadres/{staffNo}/changes", OperationId = "GetCadreChanges"), Tags("Audit"), ReadAccess, ScopedToCadre]
    [ProducesResponseType<CadreChanges>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string staffNo, DateTimeOffset? from, DateTimeOffset? to, IQuerySession session,
        ICadreComplianceQuery compliance, TimeProvider clock, CancellationToken cancellation)
    {
        if (from is null) return Problem.Invalid("from", Msg("FromRequired")).ToResult();
        var end = to ?? clock.GetUtcNow();
        if (from > end) return Problem.Invalid("from", Msg("FromAfterTo")).ToResult();
        var replay = await CadreReplay.LoadAsync(session, compliance, staffNo, cancellation);
        if (replay is null) return Problem.NoSuchCadre(staffNo).ToResult();
        return Results.Ok(await CompareAsync(replay, from.Value, end, cancellation));
    }

    public static async Task<CadreChanges> CompareAsync(CadreReplay replay, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellation)
    {
        var facts = replay.Events.Where(e => e.Timestamp > from && e.Timestamp <= to).SelectMany(EventFacts.Entries).ToList();
        var (before, after) = (replay.Record(from), replay.Record(to));
        var years = new List<ComplianceChange>();
        foreach (var year in replay.Years(to))
        {
            var (was, now) = (await replay.ComplianceAsync(year, from, cancellation), await replay.ComplianceAsync(year, to, cancellation));
            var changes = FieldDiff.Compare(was, now);
            if (changes.Count > 0) years.Add(new ComplianceChange(year, was, now, changes));
        }
        return new CadreChanges(replay.StaffNo, from, to, facts,
            new RecordChange(before, after, before?.Version ?? 0, after?.Version ?? 0, FieldDiff.Compare(before, after)), years);
    }
}
