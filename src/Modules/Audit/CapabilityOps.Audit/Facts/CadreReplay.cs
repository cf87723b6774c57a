using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Audit.Changes;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using JasperFx.Events;
using Marten;

namespace CapabilityOps.Audit.Facts;

/// <summary>
/// A cadre's stream read once and replayed at any instant: the record and the yearly compliance as the live routes
/// answered at that instant (the events recorded up to it, the same folds, the same compliance computation).
/// </summary>
public sealed class CadreReplay
{
    private readonly IQuerySession _session;
    private readonly ICadreComplianceQuery _compliance;

    private CadreReplay(IQuerySession session, ICadreComplianceQuery compliance, string staffNo, IReadOnlyList<IEvent> events)
    {
        _session = session;
        _compliance = compliance;
        StaffNo = staffNo;
        Key = StreamKeys.Cadre(staffNo);
        Events = events;
    }

    public string StaffNo { get; }
    public string Key { get; }

    /// <summary>Every fact about the cadre, by version.</summary>
    public IReadOnlyList<IEvent> Events { get; }

    /// <summary>The cadre's stream, or null when nothing was ever recorded about that staff number.</summary>
    public static async Task<CadreReplay?> LoadAsync(IQuerySession session, ICadreComplianceQuery compliance, string staffNo, CancellationToken cancellation)
    {
        var events = await session.Events.FetchStreamAsync(StreamKeys.Cadre(staffNo), token: cancellation);
        return events.Count == 0 ? null : new CadreReplay(session, compliance, staffNo, events);
    }

    /// <summary>The facts recorded up to an instant (all of them for null): a filter, as Marten's read up to a timestamp is.</summary>
    public IReadOnlyList<IEvent> UpTo(DateTimeOffset? instant) => instant is { } t ? Events.Where(e => e.Timestamp <= t).ToList() : Events;

    /// <summary>The record as it was known at <paramref name="instant"/>, or null when the cadre was not registered yet.</summary>
    public RecordSnapshot? Record(DateTimeOffset? instant)
    {
        var events = UpTo(instant);
        var record = CadreRecordFold.Fold(Key, events);
        return record is null ? null : RecordSnapshot.From(record, events[^1].Version);
    }

    /// <summary>A year's compliance as the compliance route answered at <paramref name="instant"/> (now for null); null when there was none.</summary>
    public async Task<YearComplianceView?> ComplianceAsync(int year, DateTimeOffset? instant, CancellationToken cancellation) =>
        await _compliance.EvaluateAsync(_session, Key, UpTo(instant), year, instant, cancellation: cancellation) is { } c
            ? YearComplianceView.From(c)
            : null;

    /// <summary>The years a compliance view exists for at <paramref name="instant"/>: from the programme's start or the year the cadre joined, to that instant's year.</summary>
    public IEnumerable<int> Years(DateTimeOffset instant)
    {
        var joined = CadreRecordFold.Fold(Key, UpTo(instant))?.JoinedOn.Year;
        if (joined is null) return [];
        var first = Math.Max(RulebookDefaults.ProgrammeStartYear, joined.Value);
        var last = ChinaTime.DateOf(instant).Year;
        return first > last ? [] : Enumerable.Range(first, last - first + 1);
    }
}
