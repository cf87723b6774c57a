using CapabilityOps.SharedKernel;
using Marten;
using Npgsql;

namespace CapabilityOps.Organization.Contracts;

/// <summary>Facts for one locked cadre stream, to follow version <paramref name="AfterVersion"/>.</summary>
public sealed record CadreAppend(string StaffNo, long AfterVersion, IReadOnlyList<object> Events);

/// <summary>
/// The appender for a request that writes facts about many cadres at once (a session's attendees, a competition's
/// participants, an import batch): their streams are locked for its transaction as <see cref="CadreFactAppender"/> locks
/// one, in one statement and always in key order, so two requests naming the same cadres queue and cannot deadlock.
/// Appends expect the version read under the lock. A cadre with no stream is not locked: the request's decision must have
/// refused it (<see cref="Exists"/>).
/// </summary>
public sealed class CadreStreams
{
    private readonly Dictionary<string, long> _versions;

    private CadreStreams(Dictionary<string, long> versions) => _versions = versions;

    /// <summary>Begins the session's transaction and locks the cadres' streams in it.</summary>
    public static async Task<CadreStreams> LockAsync(IDocumentSession session, IEnumerable<string> staffNos, CancellationToken cancellation = default)
    {
        var keys = Keys(staffNos);
        if (keys.Length == 0) return new CadreStreams([]);
        await session.BeginTransactionAsync(cancellation);
        var rows = await session.AdvancedSql.QueryAsync<StreamVersion>(
            $"select jsonb_build_object('stream', id, 'version', version) from {StreamsTable(session.DocumentStore)} where id = ANY(?) order by id for update",
            cancellation, [keys]);
        return new CadreStreams(rows.ToDictionary(r => StreamKeys.StaffNoOf(r.Stream), r => r.Version, StringComparer.Ordinal));
    }

    /// <summary>
    /// Adds the lock to <paramref name="batch"/> (inside its transaction), for a caller that reads more in the same round trip; its first result is
    /// read with <see cref="ReadLockedAsync"/>.
    /// </summary>
    public static void AddLock(NpgsqlBatch batch, IDocumentStore store, IEnumerable<string> staffNos)
    {
        // The lock and the reads after it by their indexes, in this transaction only: a plan the connection cached while a table was
        // small would scan it and test every row against the whole `any($1)` array once it has grown (minutes for an import batch's
        // keys). Every such read has its index, and the cached plan stays cheap to reuse (planning each transaction's keys cost ~15%).
        batch.BatchCommands.Add(new NpgsqlBatchCommand("set local enable_seqscan = off"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"select id, version from {StreamsTable(store)} where id = any($1) order by id for update")
        {
            Parameters = { new NpgsqlParameter<string[]> { TypedValue = Keys(staffNos) } },
        });
    }

    /// <summary>The streams <see cref="AddLock"/> locked, from the reader positioned on its result.</summary>
    public static async Task<CadreStreams> ReadLockedAsync(NpgsqlDataReader reader, CancellationToken cancellation = default)
    {
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellation)) versions[StreamKeys.StaffNoOf(reader.GetString(0))] = reader.GetInt64(1);
        return new CadreStreams(versions);
    }

    public bool Exists(string staffNo) => _versions.ContainsKey(staffNo);

    /// <summary>Appends to a locked cadre stream through the session, expecting the version read under the lock.</summary>
    public void Append(IDocumentSession session, string staffNo, IReadOnlyList<object> events)
    {
        if (events.Count == 0) return;
        CadreFactAppender.RequireRecording(session);
        session.Events.Append(StreamKeys.Cadre(staffNo), Reserve(staffNo, events.Count) + events.Count, events);
    }

    /// <summary>
    /// The facts for <see cref="CadreFactsSql.WriteAsync"/>, each cadre's with the version they follow; the versions are
    /// taken, so later appends follow on.
    /// </summary>
    public CadreAppend Take(string staffNo, IReadOnlyList<object> events) => new(staffNo, Reserve(staffNo, events.Count), events);

    private long Reserve(string staffNo, int count)
    {
        if (!_versions.TryGetValue(staffNo, out var version))
            throw new InvalidOperationException($"Cadre '{staffNo}' was not locked (or has no stream): a decision accepted a fact about an unknown cadre.");
        _versions[staffNo] = version + count;
        return version;
    }

    private static string[] Keys(IEnumerable<string> staffNos) => staffNos.Distinct(StringComparer.Ordinal).Select(StreamKeys.Cadre).ToArray();

    private static string StreamsTable(IDocumentStore store) => $"{store.Options.Events.DatabaseSchemaName}.mt_streams";

    /// <summary>Not called Id: AdvancedSql would take a type with an Id for a document.</summary>
    private sealed record StreamVersion(string Stream, long Version);
}
