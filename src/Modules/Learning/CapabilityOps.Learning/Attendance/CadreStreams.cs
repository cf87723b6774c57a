using CapabilityOps.SharedKernel;
using Marten;

namespace CapabilityOps.Learning.Attendance;

/// <summary>
/// The cadre streams one request appends to, locked for its transaction as Organization's
/// <c>FetchForExclusiveWriting</c> locks one: concurrent writers to a cadre queue behind each other and each
/// decides on the state the previous one left (the day's hours, the keys taken). Many streams are locked in
/// one statement, always in the same order, so two requests naming the same cadres cannot deadlock.
/// Appends expect the version read under the lock.
/// </summary>
internal sealed class CadreStreams
{
    private readonly Dictionary<string, long> _versions;

    private CadreStreams(Dictionary<string, long> versions) => _versions = versions;

    public static async Task<CadreStreams> LockAsync(IDocumentSession session, IEnumerable<string> staffNos, CancellationToken cancellation = default)
    {
        var keys = staffNos.Distinct(StringComparer.Ordinal).Select(StreamKeys.Cadre).ToArray();
        if (keys.Length == 0) return new CadreStreams([]);
        await session.BeginTransactionAsync(cancellation);
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var rows = await session.AdvancedSql.QueryAsync<StreamVersion>(
            $"select jsonb_build_object('stream', id, 'version', version) from {schema}.mt_streams where id = ANY(?) order by id for update",
            cancellation, [keys]);
        return new CadreStreams(rows.ToDictionary(r => StreamKeys.StaffNoOf(r.Stream), r => r.Version, StringComparer.Ordinal));
    }

    /// <summary>Streams the caller has locked itself in this transaction (<c>StudyLedger</c> locks and reads in one batch).</summary>
    public static CadreStreams Locked(Dictionary<string, long> versions) => new(versions);

    public bool Exists(string staffNo) => _versions.ContainsKey(staffNo);

    /// <summary>Appends to a locked cadre stream, expecting the version read under the lock.</summary>
    public void Append(IDocumentSession session, string staffNo, IReadOnlyList<object> events)
    {
        if (events.Count == 0) return;
        session.Events.Append(StreamKeys.Cadre(staffNo), Reserve(staffNo, events.Count) + events.Count, events);
    }

    /// <summary>
    /// Takes <paramref name="count"/> versions of a locked cadre stream for events written outside the session (the
    /// import's COPY); returns the stream's version before them.
    /// </summary>
    public long Reserve(string staffNo, int count)
    {
        if (!_versions.TryGetValue(staffNo, out var version))
            throw new InvalidOperationException($"Cadre '{staffNo}' was not locked (or has no stream): a decision accepted a fact about an unknown cadre.");
        _versions[staffNo] = version + count;
        return version;
    }

    /// <summary>Not called Id: AdvancedSql would take a type with an Id for a document.</summary>
    private sealed record StreamVersion(string Stream, long Version);
}
