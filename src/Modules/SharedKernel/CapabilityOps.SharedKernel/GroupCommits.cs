using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading.Channels;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;

namespace CapabilityOps.SharedKernel;

/// <summary>One request's write, waiting for the transaction that decides and commits it with others (<see cref="GroupCommits{TRequest, TLedger}"/>).</summary>
/// <param name="Claim">The request's Idempotency-Key claim, holding the answer it gets when it is recorded; null without a key.</param>
/// <param name="Scope">The caller's scope: checked on the unit the ledger reads under the lock (403 before 400, as on every route).</param>
/// <param name="Invalid">The body's validation problem, answered after the scope check.</param>
public abstract record GroupedRequest(IIdempotencyClaim? Claim, IAccessScope Scope, IResult? Invalid)
{
    /// <summary>The request's language, taken when it queues: a lane writes its refusal in it.</summary>
    public CultureInfo Language { get; } = CultureInfo.CurrentUICulture;

    internal TaskCompletionSource<GroupOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>How a grouped request ended, once its transaction committed: recorded, refused with an answer, or its key claimed before.</summary>
public sealed record GroupOutcome(IResult? Refusal, bool KeyTaken = false)
{
    public static readonly GroupOutcome Recorded = new(Refusal: null);
    public static readonly GroupOutcome Taken = new(Refusal: null, KeyTaken: true);

    /// <summary>
    /// The request's answer: the refusal, or the answer committed on the claim (a retry gets the same bytes), or
    /// <paramref name="recorded"/> without a key. A key claimed before throws <see cref="IdempotencyKeyTakenException"/>: the first answer is replayed.
    /// </summary>
    public IResult Answer(IIdempotencyClaim? claim, IResult recorded) =>
        KeyTaken ? throw new IdempotencyKeyTakenException() : Refusal ?? claim?.Answer ?? recorded;
}

/// <summary>
/// The check of a group decided ahead of its reads (<see cref="GroupCommits{TRequest, TLedger}"/>), run under the group's locks:
/// a function that fails the transaction when what the decisions assumed no longer holds.
/// </summary>
public static class DecidedAhead
{
    private const string FunctionName = "capops_expect";

    /// <summary>The function, created with the schema (<c>opts.Storage.ExtendedSchemaObjects</c>, <c>db-apply</c>).</summary>
    public static Function Definition(string schema) => new(new PostgresqlObjectName(schema, FunctionName, SchemaUtils.IdentifierUsage.Function), $$"""
        CREATE OR REPLACE FUNCTION {{schema}}.{{FunctionName}}(holds boolean, assumed text) RETURNS void
        LANGUAGE plpgsql AS $function$
        BEGIN
          IF holds IS NOT TRUE THEN
            RAISE EXCEPTION 'decided ahead on %, which no longer holds', assumed;
          END IF;
        END
        $function$;
        """);

    /// <summary>A statement that fails the transaction unless <paramref name="holds"/>, an SQL condition, is true.</summary>
    public static string Expect(string schema, string holds, string assumed) =>
        $"select {schema}.{FunctionName}({holds}, '{assumed.Replace("'", "''")}')";
}

/// <summary>
/// Group commit for a hot write route: the requests that arrive while a transaction is under way wait for the next one and are
/// decided and committed together, in two round trips however many they are. The first round trip opens the transaction, claims
/// their Idempotency-Keys and runs the route's reads (<see cref="ReadAsync"/>: it locks the streams decided on and reads what the
/// decisions need); the requests are decided in arrival order on that ledger (<see cref="Decide"/>), so two requests about one
/// stream in one group still see each other; the second round trip writes the accepted facts and the refusals' claims, and commits.
/// A route that can decide a group on what it knows from earlier groups does it in one round trip (<see cref="DecideAheadAsync"/>).
/// Each request is answered after the commit. Per request this saves a transaction, its WAL flush, and most round trips and
/// wake-ups of a server process: the costs that dominate one small durable write here (docs/PERFORMANCE.md). Keys are claimed in
/// key order and streams locked in key order, so two groups never deadlock on each other. A group the database refuses is rolled
/// back whole and its requests are committed one by one, so one failing request fails alone.
/// </summary>
/// <typeparam name="TRequest">A request of the route, with what its decision needs.</typeparam>
/// <typeparam name="TLedger">What the route's decisions read under the locks, remembering what earlier requests of the group decided.</typeparam>
public abstract class GroupCommits<TRequest, TLedger> : IAsyncDisposable where TRequest : GroupedRequest
{
    /// <summary>At most this many requests a transaction: a group's locks are held only as long as two round trips take.</summary>
    public const int MaxGroup = 64;

    private readonly Channel<TRequest> _queue = Channel.CreateUnbounded<TRequest>();
    private readonly IDocumentStore _store;
    private readonly ILogger _logger;
    private readonly Task[] _lanes;
    private readonly Counter<long> _groups;
    private readonly KeyValuePair<string, object?> _route;

    /// <param name="lanes">Transactions at a time: while one waits on the database, the next group gathers and, with a free lane,
    /// starts. Each lane more makes the groups smaller, so the per-group statements, the commit and the wake-ups are paid more
    /// often: worth it only when a request's own database work is large enough for a second transaction to use the other core
    /// (docs/PERFORMANCE.md, "Group commit: one lane for study hours").</param>
    protected GroupCommits(IDocumentStore store, ILogger logger, IMeterFactory meters, int lanes)
    {
        (_store, _logger) = (store, logger);
        _groups = meters.Create(Module.MeterName).CreateCounter<long>("capops.group_commit.groups", "{group}",
            "Transactions of grouped requests, by route and path: decided ahead in one round trip, its check refused, or decided on reads in two.");
        _route = new("route", GetType().Name);
        // Not under the first request's execution context: its HttpContext and activity must not follow the lanes.
        using (ExecutionContext.SuppressFlow())
            _lanes = Enumerable.Range(0, lanes).Select(_ => Task.Run(RunLaneAsync)).ToArray();
    }

    protected IDocumentStore Store => _store;

    /// <summary>Queues the request for the next group; completes once its group committed.</summary>
    public Task<GroupOutcome> CommitAsync(TRequest request)
    {
        if (!_queue.Writer.TryWrite(request)) throw new ObjectDisposedException(GetType().Name);
        return request.Outcome.Task;
    }

    /// <summary>
    /// Adds the route's lock and reads to <paramref name="read"/> (after the transaction's <c>BEGIN</c> and the claims, which return no
    /// rows), runs it, and returns the ledger. <paramref name="valid"/> are the group's requests that passed validation.
    /// </summary>
    protected abstract Task<TLedger> ReadAsync(NpgsqlBatch read, IReadOnlyList<TRequest> group, IReadOnlyList<TRequest> valid);

    /// <summary>The unit the request's scope is checked on, as read under the lock; null when there is nothing to check (404 follows).</summary>
    protected abstract string? UnitOf(TLedger ledger, TRequest request);

    /// <summary>
    /// Decides a valid request on the ledger: adds its writes to <paramref name="write"/> and remembers them in the ledger, or returns the problem.
    /// </summary>
    protected abstract Problem? Decide(TLedger ledger, TRequest request, NpgsqlBatch write);

    /// <summary>
    /// Decides every request of the group before any read, on what the route knew from earlier groups, and adds to
    /// <paramref name="write"/> the statements that lock the streams decided on, check under the lock that what the route knew
    /// still holds (failing the transaction when it does not) and write the facts; the transaction's <c>BEGIN</c> and the
    /// claims go before them.
    /// False when some request cannot be decided so as accepted (a cadre not known, out of scope, refused): the batch is not
    /// sent, and the group is decided on its reads. Called for groups whose requests all passed validation.
    /// </summary>
    protected virtual ValueTask<bool> DecideAheadAsync(IReadOnlyList<TRequest> group, NpgsqlBatch write) => ValueTask.FromResult(false);

    private async Task RunLaneAsync()
    {
        var group = new List<TRequest>(MaxGroup);
        var later = new List<TRequest>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (later.Count > 0 || await _queue.Reader.WaitToReadAsync())
        {
            var waiting = later.ToList();
            later.Clear();
            foreach (var request in waiting) Gather(request);
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var request)) Gather(request);
            if (group.Count == 0) continue;
            await CommitGroupAsync(group);
            group.Clear();
            keys.Clear();
        }

        // A repeat of a key already in the group waits for the next one: it must see the first's claim committed or gone.
        void Gather(TRequest request)
        {
            if (group.Count < MaxGroup && (request.Claim is null || keys.Add(request.Claim.Key))) group.Add(request);
            else later.Add(request);
        }
    }

    private async Task CommitGroupAsync(List<TRequest> group)
    {
        try
        {
            var outcomes = await TryCommitAsync(group);
            for (var i = 0; i < group.Count; i++) group[i].Outcome.TrySetResult(outcomes[i]);
        }
        catch (PostgresException e) when (group.Count > 1)
        {
            // The server refused the transaction, so none of it committed: each request alone, so that only its own fails.
            _logger.LogWarning(e, "A group of {Count} requests was refused ({SqlState}); committing them one by one", group.Count, e.SqlState);
            foreach (var request in group) await CommitGroupAsync([request]);
        }
        catch (Exception e)
        {
            // Not known to have committed or not (the connection broke): the requests fail, as a lone request's would.
            foreach (var request in group) request.Outcome.TrySetException(e);
        }
    }

    private async Task<GroupOutcome[]> TryCommitAsync(List<TRequest> group)
    {
        if (group.TrueForAll(r => r.Invalid is null) && await CommittedAheadAsync(group)) return [.. group.Select(_ => GroupOutcome.Recorded)];
        _groups.Add(1, _route, new("path", "read"));
        await using var connection = _store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var read = new NpgsqlBatch(connection) { BatchCommands = { new("begin") } };
        var claims = new NpgsqlBatchCommand?[group.Count]; // by the request's place in the group
        foreach (var i in Enumerable.Range(0, group.Count).Where(i => group[i].Claim is not null).OrderBy(i => group[i].Claim!.Key, StringComparer.Ordinal))
            read.BatchCommands.Add(claims[i] = group[i].Claim!.Insert());
        var ledger = await ReadAsync(read, group, group.Where(r => r.Invalid is null).ToList());

        var outcomes = new GroupOutcome[group.Count];
        await using var write = new NpgsqlBatch(connection);
        for (var i = 0; i < group.Count; i++)
        {
            var request = group[i];
            if (claims[i] is { RecordsAffected: 0 })
            {
                outcomes[i] = GroupOutcome.Taken;
                continue;
            }
            if (UnitOf(ledger, request) is { } unit && !await request.Scope.CoversUnitAsync(unit))
                outcomes[i] = Release(Problem.OutOfScope.ToResult(request.Language));
            else if (request.Invalid is { } invalid)
                outcomes[i] = Release(invalid);
            else if (Decide(ledger, request, write) is { } problem)
            {
                // The claim stays, holding this refusal in place of the success, so a repeat gets this answer, not a new decision.
                if (request.Claim is { } refused)
                {
                    var (statement, answer) = await refused.RefuseAsync(problem, request.Language);
                    write.BatchCommands.Add(statement);
                    outcomes[i] = new GroupOutcome(answer);
                }
                else outcomes[i] = new GroupOutcome(problem.ToResult(request.Language));
            }
            else outcomes[i] = GroupOutcome.Recorded;

            // Refused before any decision (403, 400): the claim goes, as when a lone request's transaction rolls back.
            GroupOutcome Release(IResult answer)
            {
                if (request.Claim is { } released) write.BatchCommands.Add(released.Release());
                return new GroupOutcome(answer);
            }
        }
        write.BatchCommands.Add(new("commit"));
        await write.ExecuteNonQueryAsync();
        return outcomes;
    }

    /// <summary>
    /// One round trip: the claims, then the route's lock, check and facts (<see cref="DecideAheadAsync"/>), and the commit.
    /// Whatever the database refuses here (the check, a key claimed before, a fact it cannot store) rolls the whole batch back, and
    /// the group goes again by its reads, where each request gets the answer it would get alone.
    /// </summary>
    private async Task<bool> CommittedAheadAsync(List<TRequest> group)
    {
        await using var write = new NpgsqlBatch();
        if (!await DecideAheadAsync(group, write)) return false;
        await using var connection = _store.Storage.Database.CreateConnection();
        write.Connection = connection;
        var first = new List<NpgsqlBatchCommand> { new("begin") };
        first.AddRange(group.Where(r => r.Claim is not null).OrderBy(r => r.Claim!.Key, StringComparer.Ordinal).Select(r => r.Claim!.InsertNew()));
        for (var i = 0; i < first.Count; i++) write.BatchCommands.Insert(i, first[i]);
        write.BatchCommands.Add(new("commit"));
        await connection.OpenAsync();
        try
        {
            await write.ExecuteNonQueryAsync();
        }
        catch (PostgresException e)
        {
            // The connection rolls the failed transaction back when it goes back to the pool.
            _logger.LogDebug(e, "A group of {Count} requests decided ahead was refused ({SqlState}); deciding it on its reads", group.Count, e.SqlState);
            _groups.Add(1, _route, new("path", "ahead-refused"));
            return false;
        }
        _groups.Add(1, _route, new("path", "ahead"));
        return true;
    }

    /// <summary>Takes no more requests and lets the lanes finish the ones queued (the server has stopped taking requests by now).</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_lanes);
    }
}
