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
    private readonly Dictionary<string, long> _recordVersions;
    private readonly CadreStreams? _streams;
    private readonly Dictionary<string, decimal> _hoursByDay;
    private readonly HashSet<string> _takenKeys;
    private readonly Dictionary<string, List<object>> _pending = new(StringComparer.Ordinal);

    private StudyLedger(Dictionary<string, CadreRecord> cadres, Dictionary<string, long> recordVersions, CadreStreams? streams,
        Dictionary<string, decimal> hoursByDay, HashSet<string> takenKeys)
    {
        _cadres = cadres;
        _recordVersions = recordVersions;
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
        if (cadres.Length == 0) return new StudyLedger([], [], await CadreStreams.LockAsync(session, []), [], []);
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
        Add($"select data, mt_version from {tables.Cadres} where id = any($1)", streamKeys);
        Add(tables.HoursOn("$1"), days);
        Add(tables.KeysTaken("$1"), keys);

        var records = new Dictionary<string, CadreRecord>(StringComparer.Ordinal);
        var recordVersions = new Dictionary<string, long>(StringComparer.Ordinal);
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
            recordVersions[record.StaffNo] = reader.GetInt64(1);
        }
        await reader.NextResultAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var day = reader.GetString(0);
            hoursByDay[day] = hoursByDay.GetValueOrDefault(day) + decimal.Parse(reader.GetString(1), System.Globalization.CultureInfo.InvariantCulture);
        }
        await reader.NextResultAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) taken.Add(reader.GetString(0));
        return new StudyLedger(records, recordVersions, streams, hoursByDay, taken);

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

        /// <summary>
        /// The day key and hours (text) of every record that counts on the days of the array parameter <paramref name="days"/>: entries
        /// (single records, session credits, imports before batches) and imported records alike. Only the fields the decisions need, not
        /// whole entries: an import batch reads thousands.
        /// </summary>
        public string HoursOn(string days) =>
            $"select e.day_key, e.data ->> 'hours' as hours from {Entries} e where e.day_key = any({days}) and {NotRevoked} " +
            $"union all select i.day_key, i.hours::text from {Imported} i where i.day_key = any({days}) " +
            $"and not exists (select 1 from {Revocations} r where r.id = i.record_id)";

        /// <summary>The duplicate keys of the array parameter <paramref name="keys"/> that a record has, an entry or an imported one.</summary>
        public string KeysTaken(string keys) =>
            $"select duplicate_key from {Entries} where duplicate_key = any({keys}) union all select duplicate_key from {Imported} where duplicate_key = any({keys})";

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

    /// <summary>The version of the cadre's record as read (<c>mt_version</c>), which changes whenever the record does.</summary>
    public long? RecordVersion(string staffNo) => _recordVersions.TryGetValue(staffNo, out var version) ? version : null;

    /// <summary>
    /// A ledger of cadres whose records are known from earlier reads, with nothing on their days: a group decided ahead of its reads
    /// counts only its own records, and <see cref="AddExpectationAsync"/> checks the rest under the lock.
    /// </summary>
    public static StudyLedger Ahead(IEnumerable<CadreRecord> cadres) => new(cadres.ToDictionary(c => c.StaffNo, StringComparer.Ordinal), [], null, [], []);

    /// <summary>
    /// Puts before the writes in <paramref name="batch"/> (those of the decisions taken ahead on this ledger) the lock of the cadres'
    /// streams and the check that fails the transaction unless, under that lock, each cadre's record is still at the version given,
    /// no record has the duplicate keys this ledger took, and each day's hours with this ledger's stay within the day's limit: what
    /// the decisions on it assumed.
    /// </summary>
    public async Task AddExpectationAsync(IDocumentStore store, NpgsqlBatch batch, IReadOnlyDictionary<string, long> recordVersions)
    {
        var tables = await Tables.ReadyAsync(store, CancellationToken.None);
        var statements = new NpgsqlBatch();
        CadreStreams.AddLock(statements, store, recordVersions.Keys);
        var holds =
            $"(select count(*) from unnest($1::text[], $2::bigint[]) k(id, version) join {tables.Cadres} c on c.id = k.id and c.mt_version = k.version) = cardinality($1) " +
            $"and not exists ({tables.KeysTaken("$3")}) " +
            $"and not exists (select 1 from unnest($4::text[], $5::numeric[]) d(day_key, added) left join " +
            $"(select h.day_key, sum(h.hours::numeric) as hours from ({tables.HoursOn("$4")}) h group by h.day_key) c using (day_key) " +
            $"where d.added + coalesce(c.hours, 0) > $6)";
        var assumed = "the cadres' records, their days' hours and the duplicate keys";
        statements.BatchCommands.Add(new NpgsqlBatchCommand(DecidedAhead.Expect(store.Options.Events.DatabaseSchemaName, holds, assumed))
        {
            Parameters =
            {
                new NpgsqlParameter<string[]> { TypedValue = [.. recordVersions.Keys.Select(StreamKeys.Cadre)] },
                new NpgsqlParameter<long[]> { TypedValue = [.. recordVersions.Values] },
                new NpgsqlParameter<string[]> { TypedValue = [.. _takenKeys] },
                new NpgsqlParameter<string[]> { TypedValue = [.. _hoursByDay.Keys] },
                new NpgsqlParameter<decimal[]> { TypedValue = [.. _hoursByDay.Values] },
                new NpgsqlParameter<decimal> { TypedValue = LearningDefaults.MaxHoursPerDay },
            },
        });
        for (var i = 0; i < statements.BatchCommands.Count; i++) batch.BatchCommands.Insert(i, statements.BatchCommands[i]);
    }

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

    private CadreStreams Streams => _streams ?? throw new InvalidOperationException("A ledger decided ahead writes through its group's statements.");

    /// <summary>
    /// Hands the remembered records over as an import batch's facts: each cadre's <see cref="StudyHoursLogged"/> records as one
    /// <see cref="StudyHoursImported"/>, with the stream version it follows, read under the lock.
    /// </summary>
    public List<CadreAppend> TakeImported(Guid batchId)
    {
        var appends = new List<CadreAppend>(_pending.Count);
        foreach (var (staffNo, events) in _pending)
            appends.Add(Streams.Take(staffNo, [new StudyHoursImported(batchId, staffNo, events.Cast<StudyHoursLogged>().ToList())]));
        _pending.Clear();
        return appends;
    }

    /// <summary>Appends the remembered events to each cadre's stream, expecting the version read under the lock.</summary>
    public int AppendTo(IDocumentSession session)
    {
        var count = 0;
        foreach (var (staffNo, events) in _pending)
        {
            Streams.Append(session, staffNo, events);
            count += events.Count;
        }
        _pending.Clear();
        return count;
    }
}
