using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using Marten;
using Marten.Events;
using Npgsql;
using NpgsqlTypes;

namespace CapabilityOps.Learning.StudyHours;

/// <summary>
/// Writes <see cref="StudyHoursLogged"/> facts through the cadre-fact appender's bulk path (<see cref="CadreFactsSql"/>), with
/// the <see cref="StudyHoursEntry"/> documents the inline <see cref="StudyHoursEntryProjection"/> would store (a test compares
/// both with what Marten's append and the projection write, column for column). The study-hours POST adds one record at a
/// time to the batch that commits its group of requests (<see cref="AddAppend"/>, <see cref="StudyHoursCommits"/>): the
/// stream's move, the event and the entry in one statement. An import batch takes four statements whatever its size
/// (<see cref="WriteImportAsync"/>): the appender's three for one <see cref="StudyHoursImported"/> per cadre, then a binary
/// COPY of the records' keys (<see cref="ImportedHours"/>). Both run inside the
/// caller's transaction, after the cadre streams were locked and their versions read (<see cref="StudyLedger"/>).
/// </summary>
public sealed class StudyHoursWriter
{
    private readonly IDocumentStore _store;
    private readonly CadreFactsSql _facts;
    private readonly ISerializer _serializer;
    private readonly string _schema;
    private readonly string _loggedAlias, _attendedAlias;
    private readonly string _entriesCopy;
    private readonly string _entriesTable;
    private readonly string _importedCopy;
    private readonly CadreFactStatement _appendOne;
    // The fields EntryFields gives, then the JSON (last: the single-record statement takes it from the event row);
    // mt_last_modified is left to its default, the transaction's timestamp, as Marten's upsert sets it.
    private static readonly string[] EntryFieldColumns = ["id", "mt_version", "mt_dotnet_type", "day_key", "duplicate_key"];
    private const string EntryDataColumn = "data";
    private static readonly string EntryColumns = string.Join(", ", [.. EntryFieldColumns, EntryDataColumn]);

    public StudyHoursWriter(IDocumentStore store, CadreFactsSql facts)
    {
        var options = store.Options;
        _store = store;
        _facts = facts;
        _serializer = options.Serializer();
        _schema = options.Events.DatabaseSchemaName;
        var events = (EventGraph)options.Events;
        _loggedAlias = events.EventMappingFor(typeof(StudyHoursLogged)).EventTypeName;
        _attendedAlias = events.EventMappingFor(typeof(LearningSessionAttended)).EventTypeName;
        _entriesTable = options.FindOrResolveDocumentType(typeof(StudyHoursEntry)).TableName.QualifiedName;
        _entriesCopy = $"COPY {_entriesTable} ({EntryColumns}) FROM STDIN (FORMAT BINARY)";
        _importedCopy = $"COPY {ImportedHours.Qualified(options)} ({ImportedHours.Columns}) FROM STDIN (FORMAT BINARY)";
        _appendOne = facts.Statement(typeof(StudyHoursLogged), new FollowingRow(_entriesTable, EntryFieldColumns, EntryDataColumn));
    }

    /// <summary>
    /// An entry document's row but its JSON, as Marten's insert writes it (a new version each). The JSON is a logged
    /// record's event's (<see cref="StudyHoursEntry.Id"/>), already serialised for the event.
    /// </summary>
    private static (object? Value, NpgsqlDbType Type)[] EntryFields(StudyHoursEntry entry) =>
    [
        (entry.Id, NpgsqlDbType.Uuid), (Guid.CreateVersion7(), NpgsqlDbType.Uuid), (typeof(StudyHoursEntry).FullName!, NpgsqlDbType.Varchar),
        (entry.DayKey, NpgsqlDbType.Varchar), (entry.DuplicateKey, NpgsqlDbType.Varchar),
    ];

    /// <summary>
    /// Adds one record's fact to <paramref name="batch"/>, for a cadre stream locked in its transaction, as one statement:
    /// the stream's move to its next version, the event (numbered from Marten's sequence) and the entry with the event
    /// row's JSON, which is sent and parsed once.
    /// </summary>
    internal void AddAppend(NpgsqlBatch batch, string staffNo, StudyHoursLogged logged, EventRecording recording) =>
        _facts.AddAppend(batch, _appendOne, staffNo, logged, recording, EntryFields(StudyHoursEntryProjection.EntryOf(logged)));

    /// <summary>
    /// Writes an import batch: one <see cref="StudyHoursImported"/> per cadre through the appender's bulk path (three
    /// statements), then the records' keys by binary COPY into the narrow <see cref="ImportedHours"/> table, whose unique
    /// duplicate key backs the ledger's check. No entry documents. Returns how many records were written.
    /// </summary>
    internal async Task<int> WriteImportAsync(NpgsqlConnection connection, EventRecording recording, IReadOnlyList<CadreAppend> appends,
        CancellationToken cancellation)
    {
        var records = appends.SelectMany(a => a.Events).Cast<StudyHoursImported>().SelectMany(i => i.Records).ToList();
        if (records.Count == 0) return 0;
        await _store.Storage.Database.EnsureStorageExistsAsync(typeof(Marten.Storage.StorageFeatures), cancellation);
        await _facts.WriteAsync(connection, recording, appends, null, cancellation);

        await using var copy = await connection.BeginBinaryImportAsync(_importedCopy, cancellation);
        copy.Timeout = TimeSpan.FromSeconds(StudyLedger.BulkTimeoutSeconds);
        foreach (var record in records)
        {
            await copy.StartRowAsync(cancellation);
            foreach (var (value, type) in ImportedHours.Row(record)) await copy.WriteAsync(value, type, cancellation);
        }
        await copy.CompleteAsync(cancellation);
        return records.Count;
    }

    /// <summary>
    /// Writes the entry of every record in the store from its event, in SQL: a logged record's entry is its event's JSON,
    /// a session credit's is built from the attendance as <see cref="StudyHoursEntryProjection.CreditEntryOf"/> builds
    /// it, and the columns are the ones <see cref="StudyHoursEntry"/> computes (the day key is
    /// <see cref="StudyHoursEntry.DayKeyOf"/>'s). The projection rebuild's (<see cref="LearningProjectionsRebuild"/>), whose
    /// tests compare what it writes with what the writers wrote: no event crosses to .NET and back. Returns how many.
    /// </summary>
    public async Task<long> CopyEntriesAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        const string dayKey = "(data ->> 'staffNo') || '|' || (data ->> {0})";
        await using var logged = new NpgsqlCommand(
            $"insert into {_entriesTable} ({EntryColumns}) " +
            $"select (data ->> 'recordId')::uuid, gen_random_uuid(), $2, {string.Format(dayKey, "'studiedOn'")}, data ->> 'duplicateKey', data " +
            $"from {_schema}.mt_events where type = $1 and not is_archived", connection) { CommandTimeout = 0 };
        logged.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _loggedAlias });
        logged.Parameters.Add(new NpgsqlParameter<string> { TypedValue = typeof(StudyHoursEntry).FullName! });
        var count = (long)await logged.ExecuteNonQueryAsync(cancellation);

        // The duplicate key is the staff number, this part and the session id (StudyHoursKeys.SessionCredit).
        const string duplicateKey = "(data ->> 'staffNo') || $4 || (data ->> 'sessionId')";
        await using var credits = new NpgsqlCommand(
            $"insert into {_entriesTable} ({EntryColumns}) " +
            $"select (data ->> 'creditRecordId')::uuid, gen_random_uuid(), $2, {string.Format(dayKey, "'heldOn'")}, {duplicateKey}, " +
            "jsonb_build_object('recordId', data -> 'creditRecordId', 'staffNo', data -> 'staffNo', " +
            "'hours', data -> 'creditedHours', 'studiedOn', data -> 'heldOn', 'channel', $3::text, 'source', $5::text, 'topic', data -> 'topic', " +
            $"'externalId', data -> 'sessionId', 'duplicateKey', {duplicateKey}, 'sessionId', data -> 'sessionId') " +
            $"from {_schema}.mt_events where type = $1 and not is_archived and data ->> 'creditRecordId' is not null", connection) { CommandTimeout = 0 };
        credits.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _attendedAlias });
        credits.Parameters.Add(new NpgsqlParameter<string> { TypedValue = typeof(StudyHoursEntry).FullName! });
        credits.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _serializer.ToJson(StudyChannel.Offline).Trim('"') });
        credits.Parameters.Add(new NpgsqlParameter<string> { TypedValue = StudyHoursKeys.Duplicate("", LearningDefaults.SessionCreditSource, "")! });
        credits.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LearningDefaults.SessionCreditSource });
        return count + await credits.ExecuteNonQueryAsync(cancellation);
    }
}
