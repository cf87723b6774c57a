using System.Diagnostics.Metrics;
using CapabilityOps.SharedKernel;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CapabilityOps.Organization.Contracts;

/// <summary>A fact about one cadre posted by a request, waiting for the transaction that decides and commits it (<see cref="CadreFactCommits"/>).</summary>
/// <param name="FactOf">The fact, given the cadre's earlier facts of the <paramref name="Reads"/> types (oldest first); not called for an invalid body.</param>
/// <param name="Reads">The types of earlier facts the rule needs (a training's external id against the cadre's trainings); none for most.</param>
/// <param name="EventId">The id the fact's event is appended with, known before the commit so that the claim can hold the answer.</param>
public sealed record QueuedFact(string StaffNo, Func<IReadOnlyList<object>, CadreFact<CadreRecord>> FactOf, IReadOnlyList<Type> Reads, Guid EventId,
    EventRecording Recording, IIdempotencyClaim? Claim, IAccessScope Scope, IResult? Invalid) : GroupedRequest(Claim, Scope, Invalid);

/// <summary>
/// The cadre-fact appender for the routes other bureau systems post in volume (trainings, talks, admonitions): facts decided on the
/// cadre's record alone, whose events no inline projection keeps, committed in groups (<see cref="GroupCommits{TRequest, TLedger}"/>).
/// The first round trip locks the cadres' streams, reads their records and the earlier facts the rules ask for; each accepted fact
/// is one statement of the second (<see cref="CadreFactsSql.Statement"/>), so a group's facts about one cadre follow each other.
/// The checks are the appender's (<see cref="CadreFact{TState}.Decide"/>): 404 without a cadre, the dates against the cadre's time.
/// Two lanes: a training reads the cadre's earlier trainings under the lock, so a second transaction keeps the other core busy
/// (in the full bench trainings ran at 738–810 a second with one against 939–1,076 with two, docs/PERFORMANCE.md).
/// </summary>
public sealed class CadreFactCommits : GroupCommits<QueuedFact, CadreFactCommits.Ledger>
{
    private readonly CadreFactsSql _facts;
    private readonly TimeProvider _clock;
    private readonly Lazy<Task<string>> _cadres;
    private readonly Lazy<IReadOnlySet<Type>?> _appendable;
    private readonly Dictionary<Type, CadreFactStatement> _statements = [];

    public CadreFactCommits(IDocumentStore store, CadreFactsSql facts, TimeProvider clock, IMeterFactory meters, ILogger<CadreFactCommits> logger)
        : base(store, logger, meters, lanes: 2)
    {
        (_facts, _clock) = (facts, clock);
        _cadres = new(async () =>
        {
            await store.Storage.Database.EnsureStorageExistsAsync(typeof(CadreRecord)); // development creates it on first use
            return store.Options.FindOrResolveDocumentType(typeof(CadreRecord)).TableName.QualifiedName;
        });
        _appendable = new(() => NotKeptInline((StoreOptions)store.Options));
    }

    /// <summary>
    /// Queues a request's fact and answers it once its group committed: 201 with <paramref name="location"/> and
    /// <paramref name="body"/> when it was recorded (stored on the Idempotency-Key claim first, so a retry gets the same bytes), else the refusal.
    /// </summary>
    public async Task<IResult> AppendAsync(string staffNo, HttpContext context, IIdempotencyClaims claims, IAccessScope scope, IResult? invalid,
        Guid eventId, Func<IReadOnlyList<object>, CadreFact<CadreRecord>> factOf, string location, object body, IReadOnlyList<Type>? reads = null)
    {
        var claim = claims.Claim(StatusCodes.Status201Created, location, body);
        var fact = new QueuedFact(staffNo, factOf, reads ?? [], eventId, EventRecording.Of(Recording.Of(context), Store.Options.Serializer()), claim, scope, invalid);
        return (await CommitAsync(fact)).Answer(claim, Results.Created(location, body));
    }

    protected override async Task<Ledger> ReadAsync(NpgsqlBatch read, IReadOnlyList<QueuedFact> group, IReadOnlyList<QueuedFact> valid)
    {
        var staffNos = group.Select(f => f.StaffNo).Distinct(StringComparer.Ordinal).ToArray();
        var events = (EventGraph)Store.Options.Events;
        var reads = valid.SelectMany(f => f.Reads).Distinct().ToDictionary(t => events.EventMappingFor(t).EventTypeName);
        CadreStreams.AddLock(read, Store, staffNos);
        // Read after the lock, in the same transaction: what the previous holder of these cadres recorded (READ COMMITTED, statement by statement).
        read.BatchCommands.Add(new NpgsqlBatchCommand($"select data from {await _cadres.Value} where id = any($1)")
        {
            Parameters = { new NpgsqlParameter<string[]> { TypedValue = staffNos.Select(StreamKeys.Cadre).ToArray() } },
        });
        if (reads.Count > 0)
            read.BatchCommands.Add(new NpgsqlBatchCommand(
                $"select stream_id, type, data from {events.DatabaseSchemaName}.mt_events where stream_id = any($1) and type = any($2) order by seq_id")
            {
                Parameters =
                {
                    new NpgsqlParameter<string[]> { TypedValue = valid.Where(f => f.Reads.Count > 0).Select(f => StreamKeys.Cadre(f.StaffNo)).Distinct().ToArray() },
                    new NpgsqlParameter<string[]> { TypedValue = reads.Keys.ToArray() },
                },
            });

        var serializer = Store.Options.Serializer();
        var ledger = new Ledger();
        await using var reader = await read.ExecuteReaderAsync();
        await CadreStreams.ReadLockedAsync(reader);
        await reader.NextResultAsync();
        while (await reader.ReadAsync())
        {
            var cadre = serializer.FromJson<CadreRecord>(reader, 0);
            ledger.Cadres[cadre.StaffNo] = cadre;
        }
        if (reads.Count > 0 && await reader.NextResultAsync())
            while (await reader.ReadAsync())
                ledger.Earlier(StreamKeys.StaffNoOf(reader.GetString(0))).Add(serializer.FromJson(reads[reader.GetString(1)], reader, 2));
        return ledger;
    }

    protected override string? UnitOf(Ledger ledger, QueuedFact fact) => ledger.Cadres.GetValueOrDefault(fact.StaffNo)?.UnitCode;

    protected override Problem? Decide(Ledger ledger, QueuedFact fact, NpgsqlBatch write)
    {
        if (ledger.Cadres.GetValueOrDefault(fact.StaffNo) is not { } cadre) return CadreFactAppender.NoSuchCadre(fact.StaffNo);
        var decision = fact.FactOf(ledger.Earlier(fact.StaffNo)).Decide(cadre, ChinaTime.Today(_clock));
        if (decision.Problem is { } problem) return problem;
        if (decision.Events is not [var single])
            throw new InvalidOperationException($"A grouped cadre fact appends one event, not {decision.Events.Count}.");
        if (_appendable.Value is not { } appendable || !appendable.Contains(single.GetType()))
            throw new InvalidOperationException($"{single.GetType().Name} is kept by an inline projection: append it through the session (CadreFactAppender).");
        _facts.AddAppend(write, Statement(single.GetType()), fact.StaffNo, single, fact.Recording, [], fact.EventId);
        if (fact.Reads.Contains(single.GetType())) ledger.Earlier(fact.StaffNo).Add(single); // later facts of the group see this one
        return null;
    }

    private CadreFactStatement Statement(Type eventType)
    {
        lock (_statements)
            return _statements.TryGetValue(eventType, out var statement) ? statement : _statements[eventType] = _facts.Statement(eventType);
    }

    /// <summary>The event types this path may append: every registered one no inline projection keeps; null when a projection does not say which it keeps.</summary>
    private static IReadOnlySet<Type>? NotKeptInline(StoreOptions options)
    {
        var kept = new HashSet<Type>();
        foreach (var projection in options.Projections.All.Where(p => p.Lifecycle == ProjectionLifecycle.Inline))
        {
            if (projection is not JasperFx.Events.Projections.EventFilterable { IncludedEventTypes.Count: > 0 } filtered) return null;
            kept.UnionWith(filtered.IncludedEventTypes);
        }
        return ((IReadOnlyStoreOptions)options).Events.AllKnownEventTypes().Select(e => e.EventType).Where(t => !kept.Contains(t)).ToHashSet();
    }

    /// <summary>The cadres of a group, as read under the lock, and their earlier facts of the types asked for, with the group's accepted ones.</summary>
    public sealed class Ledger
    {
        private readonly Dictionary<string, List<object>> _earlier = new(StringComparer.Ordinal);

        internal Dictionary<string, CadreRecord> Cadres { get; } = new(StringComparer.Ordinal);

        internal List<object> Earlier(string staffNo) => _earlier.TryGetValue(staffNo, out var list) ? list : _earlier[staffNo] = [];
    }
}
