using System.Threading.Channels;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CapabilityOps.Learning.StudyHours;

/// <summary>A study-hours record of one request, waiting for the transaction that decides and commits it.</summary>
/// <param name="Invalid">The body's validation problem: answered after the scope check, as on every route (403 before 400).</param>
internal sealed record QueuedRecord(string StaffNo, LogStudyHours? Command, Guid RecordId, IIdempotencyClaim? Claim, IAccessScope Scope,
    IResult? Invalid, EventRecording Recording)
{
    public string? DuplicateKey { get; } = Command?.Source?.Trim() is { } source ? StudyHoursKeys.Duplicate(StaffNo, source, Command.ExternalId) : null;

    /// <summary>The request's language, taken when the request queues the record: a lane writes its refusal in it.</summary>
    public System.Globalization.CultureInfo Language { get; } = System.Globalization.CultureInfo.CurrentUICulture;

    public TaskCompletionSource<RecordOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>How a queued record ended, once its transaction committed: recorded, refused with an answer, or its key claimed before.</summary>
internal sealed record RecordOutcome(IResult? Refusal, bool KeyTaken = false)
{
    public static readonly RecordOutcome Recorded = new(Refusal: null);
    public static readonly RecordOutcome Taken = new(Refusal: null, KeyTaken: true);
}

/// <summary>
/// Group commit for <c>POST /api/v1/cadres/{staffNo}/study-hours</c>: the records that arrive while a transaction is under way
/// wait for the next one and are decided and committed together, in two round trips however many they are. The first
/// round trip opens the transaction, claims their Idempotency-Keys, locks their cadres' streams and reads what the decisions
/// need (<see cref="StudyLedger"/>, as an import batch does); the records are decided in arrival order on that ledger, so two
/// records of one cadre and day in one group still respect the 24-hours rule; the second round trip writes the accepted facts
/// (<see cref="StudyHoursWriter.AddAppend"/>) and the refusals' claims, and commits. Each request is answered after the commit.
/// Per request this saves a transaction, its WAL flush, and most round trips and wake-ups of a server process: the costs that
/// dominate one small durable write here (docs/PERFORMANCE.md). Keys are claimed in key order and streams locked in key order,
/// so two groups never deadlock on each other. A group the database refuses is rolled back whole and its records are
/// committed one by one, so one failing record fails alone.
/// </summary>
public sealed class StudyHoursCommits : IAsyncDisposable
{
    /// <summary>Concurrent transactions: while one waits on the database, the next group gathers and starts.</summary>
    public const int Lanes = 2;

    /// <summary>At most this many records a transaction: a group's locks are held only as long as two round trips take.</summary>
    public const int MaxGroup = 64;

    private readonly Channel<QueuedRecord> _queue = Channel.CreateUnbounded<QueuedRecord>();
    private readonly IDocumentStore _store;
    private readonly StudyHoursWriter _writer;
    private readonly TimeProvider _clock;
    private readonly ILogger<StudyHoursCommits> _logger;
    private readonly Task[] _lanes;

    public StudyHoursCommits(IDocumentStore store, StudyHoursWriter writer, TimeProvider clock, ILogger<StudyHoursCommits> logger)
    {
        (_store, _writer, _clock, _logger) = (store, writer, clock, logger);
        // Not under the first request's execution context: its HttpContext and activity must not follow the lanes.
        using (ExecutionContext.SuppressFlow())
            _lanes = Enumerable.Range(0, Lanes).Select(_ => Task.Run(RunLaneAsync)).ToArray();
    }

    internal Task<RecordOutcome> CommitAsync(QueuedRecord record)
    {
        if (!_queue.Writer.TryWrite(record)) throw new ObjectDisposedException(nameof(StudyHoursCommits));
        return record.Outcome.Task;
    }

    private async Task RunLaneAsync()
    {
        var group = new List<QueuedRecord>(MaxGroup);
        var later = new List<QueuedRecord>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (later.Count > 0 || await _queue.Reader.WaitToReadAsync())
        {
            var waiting = later.ToList();
            later.Clear();
            foreach (var record in waiting) Gather(record);
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var record)) Gather(record);
            if (group.Count == 0) continue;
            await CommitGroupAsync(group);
            group.Clear();
            keys.Clear();
        }

        // A repeat of a key already in the group waits for the next one: it must see the first's claim committed or gone.
        void Gather(QueuedRecord record)
        {
            if (group.Count < MaxGroup && (record.Claim is null || keys.Add(record.Claim.Key))) group.Add(record);
            else later.Add(record);
        }
    }

    private async Task CommitGroupAsync(List<QueuedRecord> group)
    {
        try
        {
            var outcomes = await TryCommitAsync(group);
            for (var i = 0; i < group.Count; i++) group[i].Outcome.TrySetResult(outcomes[i]);
        }
        catch (PostgresException e) when (group.Count > 1)
        {
            // The server refused the transaction, so none of it committed: each record alone, so that only its own fails.
            _logger.LogWarning(e, "A group of {Count} study-hours records was refused ({SqlState}); committing them one by one", group.Count, e.SqlState);
            foreach (var record in group) await CommitGroupAsync([record]);
        }
        catch (Exception e)
        {
            // Not known to have committed or not (the connection broke): the requests fail, as a lone request's would.
            foreach (var record in group) record.Outcome.TrySetException(e);
        }
    }

    private async Task<RecordOutcome[]> TryCommitAsync(List<QueuedRecord> group)
    {
        await using var connection = _store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var read = new NpgsqlBatch(connection) { BatchCommands = { new("begin") } };
        var claims = new NpgsqlBatchCommand?[group.Count]; // by the record's place in the group
        foreach (var i in Enumerable.Range(0, group.Count).Where(i => group[i].Claim is not null).OrderBy(i => group[i].Claim!.Key, StringComparer.Ordinal))
            read.BatchCommands.Add(claims[i] = group[i].Claim!.Insert());
        var valid = group.Where(r => r.Invalid is null).ToList();
        var ledger = await StudyLedger.ReadAsync(_store, read, group.Select(r => r.StaffNo),
            valid.Select(r => StudyHoursKeys.Day(r.StaffNo, r.Command!.StudiedOn!.Value)), valid.Where(r => r.DuplicateKey is not null).Select(r => r.DuplicateKey!));

        var today = ChinaTime.Today(_clock);
        var outcomes = new RecordOutcome[group.Count];
        await using var write = new NpgsqlBatch(connection);
        for (var i = 0; i < group.Count; i++)
        {
            var record = group[i];
            if (claims[i] is { RecordsAffected: 0 })
            {
                outcomes[i] = RecordOutcome.Taken;
                continue;
            }
            if (ledger.Cadre(record.StaffNo) is { } cadre && !await record.Scope.CoversUnitAsync(cadre.UnitCode))
                outcomes[i] = Release(Problem.OutOfScope.ToResult(record.Language));
            else if (record.Invalid is { } invalid)
                outcomes[i] = Release(invalid);
            else
            {
                var decision = LogStudyHoursEndpoint.Decide(record.StaffNo, record.Command!,
                    ledger.StateOf(record.StaffNo, record.Command!.StudiedOn!.Value, record.DuplicateKey), record.DuplicateKey, record.RecordId, today);
                if (decision.Problem is { } problem)
                {
                    // The claim stays, holding this refusal in place of the 201, so a repeat gets this answer, not a new decision.
                    if (record.Claim is { } refused)
                    {
                        var (statement, answer) = await refused.RefuseAsync(problem, record.Language);
                        write.BatchCommands.Add(statement);
                        outcomes[i] = new RecordOutcome(answer);
                    }
                    else outcomes[i] = new RecordOutcome(problem.ToResult(record.Language));
                }
                else
                {
                    ledger.Remember(record.StaffNo, decision.Events); // later records of the group see this one
                    _writer.AddAppend(write, record.StaffNo, (StudyHoursLogged)decision.Events.Single(), record.Recording);
                    outcomes[i] = RecordOutcome.Recorded;
                }
            }

            // Refused before any decision (403, 400): the claim goes, as when a lone request's transaction rolls back.
            RecordOutcome Release(IResult answer)
            {
                if (record.Claim is { } released) write.BatchCommands.Add(released.Release());
                return new RecordOutcome(answer);
            }
        }
        write.BatchCommands.Add(new("commit"));
        await write.ExecuteNonQueryAsync();
        return outcomes;
    }

    /// <summary>Takes no more records and lets the lanes finish the ones queued (the server has stopped taking requests by now).</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_lanes);
    }
}
