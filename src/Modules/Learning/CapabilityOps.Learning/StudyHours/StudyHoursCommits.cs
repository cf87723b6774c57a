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
/// </summary>
public sealed class StudyHoursCommits(IDocumentStore store, StudyHoursWriter writer, TimeProvider clock, ILogger<StudyHoursCommits> logger)
    : GroupCommits<QueuedRecord, StudyLedger>(store, logger, lanes: 1)
{
    protected override Task<StudyLedger> ReadAsync(NpgsqlBatch read, IReadOnlyList<QueuedRecord> group, IReadOnlyList<QueuedRecord> valid) =>
        StudyLedger.ReadAsync(Store, read, group.Select(r => r.StaffNo),
            valid.Select(r => StudyHoursKeys.Day(r.StaffNo, r.Command!.StudiedOn!.Value)), valid.Where(r => r.DuplicateKey is not null).Select(r => r.DuplicateKey!));

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
