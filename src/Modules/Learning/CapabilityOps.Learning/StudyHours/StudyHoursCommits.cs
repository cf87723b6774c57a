using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CapabilityOps.Learning.StudyHours;

/// <summary>A study-hours record of one request, waiting for the transaction that decides and commits it.</summary>
public sealed record QueuedRecord(string StaffNo, LogStudyHours? Command, Guid RecordId, IIdempotencyClaim? Claim, IAccessScope Scope,
    IResult? Invalid, EventRecording Recording) : GroupedRequest(Claim, Scope, Invalid)
{
    public string? DuplicateKey { get; } = Command?.Source?.Trim() is { } source ? StudyHoursKeys.Duplicate(StaffNo, source, Command.ExternalId) : null;
}

/// <summary>
/// Group commit for <c>POST /api/v1/cadres/{staffNo}/study-hours</c> (<see cref="GroupCommits{TRequest, TLedger}"/>): the first round
/// trip locks the records' cadre streams and reads what the decisions need (<see cref="StudyLedger"/>, as an import batch does), so
/// two records of one cadre and day in one group still respect the 24-hours rule; the second writes each accepted fact with its entry
/// in one statement (<see cref="StudyHoursWriter.AddAppend"/>). One lane: the lock, the ledger's reads, the commit and the
/// wake-ups are paid once a group, and one transaction at a time makes the groups larger than two lanes do.
/// <para>
/// A group whose cadres were all read before is decided ahead, in one round trip (<see cref="DecideAheadAsync"/>): on the cadres'
/// records as last read, with the group's own records only on their days. Under the lock, the transaction then fails unless each
/// record is unchanged, no record has the group's duplicate keys and each day's hours stay within 24 (<see cref="StudyLedger.AddExpectationAsync"/>);
/// a group so refused is decided again on its reads. Any record the ahead decision would refuse is decided on reads from the start,
/// so every refusal's message names what the database holds.
/// </para>
/// </summary>
public sealed class StudyHoursCommits(IDocumentStore store, StudyHoursWriter writer, TimeProvider clock, IMeterFactory meters, ILogger<StudyHoursCommits> logger)
    : GroupCommits<QueuedRecord, StudyLedger>(store, logger, meters, lanes: 1)
{
    /// <summary>
    /// Each cadre's record as this lane last read it, with its version: one entry per cadre written to (a city has a few tens of
    /// thousands), replaced at each read. A record that changed since costs its next group one refused round trip before its reads.
    /// </summary>
    private readonly ConcurrentDictionary<string, (CadreRecord Record, long Version)> _known = new(StringComparer.Ordinal);

    protected override async Task<StudyLedger> ReadAsync(NpgsqlBatch read, IReadOnlyList<QueuedRecord> group, IReadOnlyList<QueuedRecord> valid)
    {
        var ledger = await StudyLedger.ReadAsync(Store, read, group.Select(r => r.StaffNo),
            valid.Select(r => StudyHoursKeys.Day(r.StaffNo, r.Command!.StudiedOn!.Value)), valid.Where(r => r.DuplicateKey is not null).Select(r => r.DuplicateKey!));
        foreach (var record in group)
            if (ledger.Cadre(record.StaffNo) is { } cadre && ledger.RecordVersion(record.StaffNo) is { } version) _known[record.StaffNo] = (cadre, version);
        return ledger;
    }

    protected override async ValueTask<bool> DecideAheadAsync(IReadOnlyList<QueuedRecord> group, NpgsqlBatch write)
    {
        var known = new Dictionary<string, (CadreRecord Record, long Version)>(StringComparer.Ordinal);
        foreach (var record in group)
        {
            if (!_known.TryGetValue(record.StaffNo, out var cadre) || !await record.Scope.CoversUnitAsync(cadre.Record.UnitCode)) return false;
            known[record.StaffNo] = cadre;
        }
        var ledger = StudyLedger.Ahead(known.Values.Select(k => k.Record));
        foreach (var record in group)
            if (Decide(ledger, record, write) is not null) return false;
        await ledger.AddExpectationAsync(Store, write, known.ToDictionary(k => k.Key, k => k.Value.Version, StringComparer.Ordinal));
        return true;
    }

    protected override string? UnitOf(StudyLedger ledger, QueuedRecord record) => ledger.Cadre(record.StaffNo)?.UnitCode;

    protected override Problem? Decide(StudyLedger ledger, QueuedRecord record, NpgsqlBatch write)
    {
        var decision = LogStudyHoursEndpoint.Decide(record.StaffNo, record.Command!,
            ledger.StateOf(record.StaffNo, record.Command!.StudiedOn!.Value, record.DuplicateKey), record.DuplicateKey, record.RecordId, ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem;
        ledger.Remember(record.StaffNo, decision.Events); // later records of the group see this one
        writer.AddAppend(write, record.StaffNo, (StudyHoursLogged)decision.Events.Single(), record.Recording);
        return null;
    }
}
