using System.Runtime.CompilerServices;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Npgsql;

namespace CapabilityOps.Learning.StudyHours;

/// <summary>What a study-hours decision about one cadre and one day needs to know.</summary>
/// <param name="Cadre">The cadre; null when there is no such cadre.</param>
/// <param name="HoursOnDay">Hours that already count on the day (revoked records excluded).</param>
/// <param name="DuplicateKeyTaken">Whether a record with the same duplicate key exists already.</param>
public sealed record StudyDayState(CadreRecord? Cadre, decimal HoursOnDay, bool DuplicateKeyTaken);

/// <summary>
/// The state that study-hours decisions about many cadres at once depend on, read in one round trip
/// whatever the number of cadres: the cadre streams are locked for the transaction (by the cadre-fact appender, <see cref="CadreStreams"/>),
/// then their records, the hours already recorded on the days concerned and the duplicate keys taken are read.
/// A concurrent request about the same cadres waits, then sees what this one recorded, so the 24-hours-a-day
/// rule and the duplicate keys hold. Decisions taken on this ledger are remembered (<see cref="Remember"/>), so
/// later rows of one batch see earlier ones.
/// </summary>
public sealed class StudyLedger
{
    private readonly Dictionary<string, CadreRecord> _cadres;
    private readonly CadreStreams _streams;
    private readonly Dictionary<string, decimal> _hoursByDay;
    private readonly HashSet<string> _takenKeys;
    private readonly Dictionary<string, List<object>> _pending = new(StringComparer.Ordinal);

    private StudyLedger(Dictionary<string, CadreRecord> cadres, CadreStreams streams,
        Dictionary<string, decimal> hoursByDay, HashSet<string> takenKeys)
    {
        _cadres = cadres;
        _streams = streams;
        _hoursByDay = hoursByDay;
        _takenKeys = takenKeys;
    }

    /// <summary>The statement timeout of a bulk request's reads and writes (an import batch).</summary>
    internal const int BulkTimeoutSeconds = 300;

    public static async Task<StudyLedger> LoadAsync(IDocumentSession session, IEnumerable<string> staffNos,
        IEnumerable<string> dayKeys, IEnumerable<string> duplicateKeys, CancellationToken cancellation = default)
    {
        var cadres = staffNos.Distinct(StringComparer.Ordinal).ToArray();
        if (cadres.Length == 0) return new StudyLedger([], await CadreStreams.LockAsync(session, []), [], []);
        await Tables.ReadyAsync(session.DocumentStore, cancellation); // before the transaction: development may create them
        await session.BeginTransactionAsync(cancellation);
        // A bulk request's read (an import batch names up to 100,000 days and keys): longer than a request's statement may take
        // on a loaded server, but bounded.
        await using var batch = new NpgsqlBatch(session.Connection) { Timeout = BulkTimeoutSeconds };
        return await ReadAsync(session.DocumentStore, batch, cadres, dayKeys, duplicateKeys, cancellation);
    }

    /// <summary>
    /// The lock and the reads, added to <paramref name="batch"/> after what it holds (statements that return no rows: the
    /// transaction's <c>BEGIN</c>, Idempotency-Key claims) and run with it in one round trip.
    /// </summary>
    public static async Task<StudyLedger> ReadAsync(IDocumentStore store, NpgsqlBatch batch, IEnumerable<string> staffNos,
        IEnumerable<string> dayKeys, IEnumerable<string> duplicateKeys, CancellationToken cancellation = default)
    {
        var cadres = staffNos.Distinct(StringComparer.Ordinal).ToArray();
        var streamKeys = cadres.Select(StreamKeys.Cadre).ToArray();
        var days = dayKeys.Distinct(StringComparer.Ordinal).ToArray();
        var keys = duplicateKeys.Distinct(StringComparer.Ordinal).ToArray();

        // The lock first, then the reads, as statements of one batch in this transaction. Under READ COMMITTED each
        // statement sees what was committed when it starts, so the reads after the lock see what the previous holder of
        // these cadres recorded: what the decisions rely on until this transaction ends.
        var tables = await Tables.ReadyAsync(store, cancellation);
        CadreStreams.AddLock(batch, store, cadres);
        Add($"select data from {tables.Cadres} where id = any($1)", streamKeys);
        // Only the fields the decisions need, not whole entries: an import batch reads thousands.
        // Entries (single records, session credits, imports before batches) and imported records' keys alike.
        Add($"select e.day_key, e.data ->> 'hours' from {tables.Entries} e where e.day_key = any($1) and {tables.NotRevoked} " +
            $"union all select i.day_key, i.hours::text from {tables.Imported} i where i.day_key = any($1) " +
            $"and not exists (select 1 from {tables.Revocations} r where r.id = i.record_id)", days);
        Add($"select duplicate_key from {tables.Entries} where duplicate_key = any($1) " +
            $"union all select duplicate_key from {tables.Imported} where duplicate_key = any($1)", keys);

        var records = new Dictionary<string, CadreRecord>(StringComparer.Ordinal);
        var hoursByDay = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var serializer = store.Options.Serializer();
        await using var reader = await batch.ExecuteReaderAsync(cancellation);
        var streams = await CadreStreams.ReadLockedAsync(reader, cancellation);
        await reader.NextResultAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var record = serializer.FromJson<CadreRecord>(reader, 0);
            records[record.StaffNo] = record;
        }
        await reader.NextResultAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var day = reader.GetString(0);
            hoursByDay[day] = hoursByDay.GetValueOrDefault(day) + decimal.Parse(reader.GetString(1), System.Globalization.CultureInfo.InvariantCulture);
        }
        await reader.NextResultAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) taken.Add(reader.GetString(0));
        return new StudyLedger(records, streams, hoursByDay, taken);

        void Add(string sql, string[] values) => batch.BatchCommands.Add(new NpgsqlBatchCommand(sql) { Parameters = { new() { Value = values } } });
    }

    /// <summary>The tables the ledger's plain SQL reads, and what makes an entry <c>e</c> count.</summary>
    private sealed record Tables(string Cadres, string Entries, string Revocations, string Imported)
    {
        /// <summary>
        /// A record counts unless revoked: by a revocation row, or (written before revocations had their own documents)
        /// by its entry's 'revoked' flag.
        /// </summary>
        public string NotRevoked => $"not coalesce((e.data ->> 'revoked')::boolean, false) and not exists (select 1 from {Revocations} r where r.id = e.id)";

        private static readonly ConditionalWeakTable<IDocumentStore, Tables> Known = new();

        /// <summary>
        /// The table names, once the tables exist: Marten creates them on first use in development. Known after the first call, as
        /// Marten knows them: each of its checks costs a few locks and look-ups, and the hottest write asks once per group.
        /// </summary>
        public static async Task<Tables> ReadyAsync(IDocumentStore store, CancellationToken cancellation)
        {
            if (Known.TryGetValue(store, out var known)) return known;
            foreach (var type in new[] { typeof(CadreRecord), typeof(StudyHoursEntry), typeof(StudyHoursRevocation), typeof(JasperFx.Events.IEvent),
                         typeof(Marten.Storage.StorageFeatures) })
                await store.Storage.Database.EnsureStorageExistsAsync(type, cancellation);
            var options = store.Options;
            string Table(Type type) => options.FindOrResolveDocumentType(type).TableName.QualifiedName;
            var tables = new Tables(Table(typeof(CadreRecord)), Table(typeof(StudyHoursEntry)), Table(typeof(StudyHoursRevocation)),
                ImportedHours.Qualified(options));
            Known.AddOrUpdate(store, tables);
            return tables;
        }
    }

    public CadreRecord? Cadre(string staffNo) => _cadres.GetValueOrDefault(staffNo);

    public StudyDayState StateOf(string staffNo, DateOnly day, string? duplicateKey) =>
        new(Cadre(staffNo), _hoursByDay.GetValueOrDefault(StudyHoursKeys.Day(staffNo, day)),
            duplicateKey is not null && _takenKeys.Contains(duplicateKey));

    /// <summary>Takes decided events into account for the next decisions and queues them for <see cref="AppendTo"/>.</summary>
    public void Remember(string staffNo, IEnumerable<object> events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case StudyHoursLogged logged:
                    Count(staffNo, logged.StudiedOn, logged.Hours, logged.DuplicateKey);
                    break;
                case LearningSessionAttended { CreditRecordId: not null } attended:
                    Count(staffNo, attended.HeldOn, attended.CreditedHours, StudyHoursKeys.SessionCredit(staffNo, attended.SessionId));
                    break;
                case StudyHoursRevoked revoked:
                    _hoursByDay[StudyHoursKeys.Day(staffNo, revoked.StudiedOn)] = _hoursByDay.GetValueOrDefault(StudyHoursKeys.Day(staffNo, revoked.StudiedOn)) - revoked.Hours;
                    break;
            }
            if (!_pending.TryGetValue(staffNo, out var list)) _pending[staffNo] = list = [];
            list.Add(e);
        }
    }

    private void Count(string staffNo, DateOnly day, decimal hours, string? duplicateKey)
    {
        var dayKey = StudyHoursKeys.Day(staffNo, day);
        _hoursByDay[dayKey] = _hoursByDay.GetValueOrDefault(dayKey) + hours;
        if (duplicateKey is not null) _takenKeys.Add(duplicateKey);
    }

    /// <summary>
    /// Hands the remembered records over as an import batch's facts: each cadre's <see cref="StudyHoursLogged"/> records as one
    /// <see cref="StudyHoursImported"/>, with the stream version it follows, read under the lock.
    /// </summary>
    public List<CadreAppend> TakeImported(Guid batchId)
    {
        var appends = new List<CadreAppend>(_pending.Count);
        foreach (var (staffNo, events) in _pending)
            appends.Add(_streams.Take(staffNo, [new StudyHoursImported(batchId, staffNo, events.Cast<StudyHoursLogged>().ToList())]));
        _pending.Clear();
        return appends;
    }

    /// <summary>Appends the remembered events to each cadre's stream, expecting the version read under the lock.</summary>
    public int AppendTo(IDocumentSession session)
    {
        var count = 0;
        foreach (var (staffNo, events) in _pending)
        {
            _streams.Append(session, staffNo, events);
            count += events.Count;
        }
        _pending.Clear();
        return count;
    }
}
