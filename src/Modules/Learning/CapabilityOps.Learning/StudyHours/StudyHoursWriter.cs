using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.SharedKernel;
using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Marten.Internal.Sessions;
using JasperFx.MultiTenancy;
using Marten.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CapabilityOps.Learning.StudyHours;

/// <summary>Who and what recorded a batch of events, as Marten stamps them from the session (<see cref="RecordingHeaders.StampRecording"/>).</summary>
/// <param name="HeadersJson">The headers as Marten serialises them: <c>null</c> (the JSON literal) when there are none.</param>
internal sealed record EventRecording(string TenantId, string? UserName, string? CorrelationId, string? CausationId, string HeadersJson)
{
    public static EventRecording Of(IDocumentSession session) =>
        new(session.TenantId, session.LastModifiedBy, session.CorrelationId, session.CausationId,
            session.DocumentStore.Options.Serializer().ToJson(session is QuerySession { Headers.Count: > 0 } stamped ? stamped.Headers : null));

    /// <summary>As a session stamped with <see cref="RecordingHeaders.StampRecording"/> would record.</summary>
    public static EventRecording Of(Recording recording, ISerializer serializer) =>
        new(StorageConstants.DefaultTenantId, recording.UserName, recording.CorrelationId, null, serializer.ToJson(recording.Headers));
}

/// <summary>
/// Writes <see cref="StudyHoursLogged"/> facts with plain SQL, as Marten's append and the inline
/// <see cref="StudyHoursEntryProjection"/> would (a test compares them column for column). An import batch takes three
/// statements whatever its size, instead of Marten's statement per event: binary COPY into <c>mt_events</c> with every column Marten's append writes (same
/// serializer, type alias, .NET type name and metadata), one update of the cadre streams' versions, and binary COPY of
/// the <see cref="StudyHoursEntry"/> documents the inline <see cref="StudyHoursEntryProjection"/> would store.
/// It runs inside the batch's transaction, after the cadre streams were locked and their versions read
/// (<see cref="Attendance.CadreStreams"/>), so versions follow on from any append by the single-record routes.
/// Sequence numbers are drawn from Marten's event sequence in that transaction, as Marten's own append does: the
/// async daemon's high-water detection waits for a gap whose reserving transaction is still open, and sees the
/// batch's events together, in sequence order, once it commits. The study-hours POST adds the same writes, a record at a
/// time, to the batch that commits its group of requests (<see cref="AddAppend"/>, <see cref="StudyHoursCommits"/>).
/// </summary>
public sealed class StudyHoursWriter
{
    private readonly IDocumentStore _store;
    private readonly ISerializer _serializer;
    private readonly string _schema;
    private readonly string _loggedAlias, _attendedAlias;
    private readonly string _loggedDotNetType;
    private readonly string _eventsCopy;
    private readonly string _entriesCopy;
    private readonly string _appendOne;
    private readonly string _entriesTable;
    // The fields EntryFields gives, then the JSON (last: the single-record statement takes it from the event row);
    // mt_last_modified is left to its default, the transaction's timestamp, as Marten's upsert sets it.
    private const string EntryColumns = "id, mt_version, mt_dotnet_type, day_key, duplicate_key, data";
    private readonly bool _correlation, _causation, _headers, _userName;

    public StudyHoursWriter(IDocumentStore store)
    {
        var options = store.Options;
        var events = (EventGraph)options.Events;
        // The COPY below writes the columns of this configuration; another one must not be written to silently.
        if (events.StreamIdentity != StreamIdentity.AsString || events.TenancyStyle != TenancyStyle.Single || events.UseTenantPartitionedEvents)
            throw new InvalidOperationException("The study-hours bulk append expects string stream keys and a single-tenant, unpartitioned event store.");

        _store = store;
        _serializer = options.Serializer();
        _schema = events.DatabaseSchemaName;
        var mapping = events.EventMappingFor(typeof(StudyHoursLogged));
        _loggedAlias = mapping.EventTypeName;
        _loggedDotNetType = mapping.DotNetTypeName;
        _attendedAlias = events.EventMappingFor(typeof(LearningSessionAttended)).EventTypeName;
        var metadata = options.Events.MetadataConfig;
        (_correlation, _causation, _headers, _userName) = (metadata.CorrelationIdEnabled, metadata.CausationIdEnabled,
            metadata.HeadersEnabled, metadata.UserNameEnabled);

        // An event row is its sequence number and version, then the fields EventFields gives, in this order.
        var fields = new List<string> { "id", "stream_id", "data", "type", "timestamp", "tenant_id", "mt_dotnet_type", "is_archived" };
        if (_correlation) fields.Add("correlation_id");
        if (_causation) fields.Add("causation_id");
        if (_headers) fields.Add("headers");
        if (_userName) fields.Add("user_name");
        var eventColumns = $"seq_id, version, {string.Join(", ", fields)}";
        _eventsCopy = $"COPY {_schema}.mt_events ({eventColumns}) FROM STDIN (FORMAT BINARY)";
        _entriesTable = options.FindOrResolveDocumentType(typeof(StudyHoursEntry)).TableName.QualifiedName;
        _entriesCopy = $"COPY {_entriesTable} ({EntryColumns}) FROM STDIN (FORMAT BINARY)";
        // The stream's move, its event and the entry in one statement (one record per call: the single-record route's);
        // stream_id is $2, and the entry's data is the event row's (the entry's other fields follow the event's).
        _appendOne = $"with stream as (update {_schema}.mt_streams set version = version + 1, timestamp = now() where id = $2 returning version), " +
            $"event as (insert into {_schema}.mt_events ({eventColumns}) " +
            $"select nextval('{_schema}.mt_events_sequence'), stream.version, {string.Join(", ", fields.Select((_, i) => $"${i + 1}"))} from stream returning data) " +
            $"insert into {_entriesTable} ({EntryColumns}) select {string.Join(", ", Enumerable.Range(fields.Count + 1, EntryColumns.Split(", ").Length - 1).Select(i => $"${i}"))}, event.data from event";
    }

    /// <summary>An event row's fields after its sequence number and version, as Marten's append writes them; <paramref name="json"/> is the event's.</summary>
    private List<(object? Value, NpgsqlDbType Type)> EventFields(string staffNo, string json, EventRecording recording)
    {
        var fields = new List<(object?, NpgsqlDbType)>
        {
            (Guid.NewGuid(), NpgsqlDbType.Uuid), (StreamKeys.Cadre(staffNo), NpgsqlDbType.Varchar), (json, NpgsqlDbType.Jsonb),
            (_loggedAlias, NpgsqlDbType.Varchar), (DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz), (recording.TenantId, NpgsqlDbType.Varchar),
            (_loggedDotNetType, NpgsqlDbType.Varchar), (false, NpgsqlDbType.Boolean),
        };
        if (_correlation) fields.Add((recording.CorrelationId, NpgsqlDbType.Varchar));
        if (_causation) fields.Add((recording.CausationId, NpgsqlDbType.Varchar));
        if (_headers) fields.Add((recording.HeadersJson, NpgsqlDbType.Jsonb));
        if (_userName) fields.Add((recording.UserName, NpgsqlDbType.Varchar));
        return fields;
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
    internal void AddAppend(NpgsqlBatch batch, string staffNo, StudyHoursLogged logged, EventRecording recording)
    {
        var json = _serializer.ToJson(logged);
        batch.BatchCommands.Add(Command(_appendOne, EventFields(staffNo, json, recording).Concat(EntryFields(StudyHoursEntryProjection.EntryOf(logged)))));
    }

    private static NpgsqlBatchCommand Command(string sql, IEnumerable<(object? Value, NpgsqlDbType Type)> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (value, type) in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });
        return command;
    }

    private static IEnumerable<StudyHoursLogged> Logged(CadreAppend append) => append.Events.Select(e => e as StudyHoursLogged
        ?? throw new InvalidOperationException($"The study-hours writer writes StudyHoursLogged only, not {e.GetType().Name}."));

    /// <summary>Writes the facts; returns how many events were written.</summary>
    internal async Task<int> WriteAsync(NpgsqlConnection connection, EventRecording recording, IReadOnlyList<CadreAppend> appends,
        CancellationToken cancellation)
    {
        var count = appends.Sum(a => a.Events.Count);
        if (count == 0) return 0;
        await _store.Storage.Database.EnsureStorageExistsAsync(typeof(StudyHoursEntry), cancellation);

        var sequences = await ReserveSequencesAsync(connection, count, cancellation);
        await UpdateStreamsAsync(connection, appends, cancellation);

        var next = 0;
        var entries = new List<(StudyHoursEntry, string)>(count);
        await using (var events = await connection.BeginBinaryImportAsync(_eventsCopy, cancellation))
        {
            foreach (var append in appends)
            {
                var version = append.AfterVersion;
                foreach (var logged in Logged(append))
                {
                    var json = _serializer.ToJson(logged);
                    entries.Add((StudyHoursEntryProjection.EntryOf(logged), json));
                    await events.StartRowAsync(cancellation);
                    await events.WriteAsync(sequences[next++], NpgsqlDbType.Bigint, cancellation);
                    await events.WriteAsync(++version, NpgsqlDbType.Bigint, cancellation);
                    await WriteFieldsAsync(events, EventFields(append.StaffNo, json, recording), cancellation);
                }
            }
            await events.CompleteAsync(cancellation);
        }

        await using var copy = await connection.BeginBinaryImportAsync(_entriesCopy, cancellation);
        foreach (var (entry, json) in entries)
        {
            await copy.StartRowAsync(cancellation);
            await WriteFieldsAsync(copy, [.. EntryFields(entry), (json, NpgsqlDbType.Jsonb)], cancellation);
        }
        await copy.CompleteAsync(cancellation);
        return count;
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

    /// <summary>Draws <paramref name="count"/> numbers from Marten's event sequence, ascending.</summary>
    private async Task<long[]> ReserveSequencesAsync(NpgsqlConnection connection, int count, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select nextval('{_schema}.mt_events_sequence') from generate_series(1, $1)", connection);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        var sequences = new long[count];
        var read = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
            while (await reader.ReadAsync(cancellation)) sequences[read++] = reader.GetInt64(0);
        Array.Sort(sequences);
        return sequences;
    }

    /// <summary>
    /// Moves each cadre stream to its new version, as Marten's append does (and its timestamp to now); the versions
    /// were read under the lock, so a stream that moved meanwhile is a bug, not a race, and fails the batch.
    /// </summary>
    private async Task UpdateStreamsAsync(NpgsqlConnection connection, IReadOnlyList<CadreAppend> appends, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"update {_schema}.mt_streams as s set version = v.version, timestamp = now() " +
            "from unnest($1::varchar[], $2::bigint[], $3::bigint[]) as v(id, previous, version) where s.id = v.id and s.version = v.previous",
            connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = appends.Select(a => StreamKeys.Cadre(a.StaffNo)).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = appends.Select(a => a.AfterVersion).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = appends.Select(a => a.AfterVersion + a.Events.Count).ToArray() });
        var updated = await command.ExecuteNonQueryAsync(cancellation);
        if (updated != appends.Count)
            throw new InvalidOperationException($"{appends.Count - updated} locked cadre stream(s) changed version under the lock.");
    }

    private static async ValueTask WriteFieldsAsync(NpgsqlBinaryImporter importer, IEnumerable<(object? Value, NpgsqlDbType Type)> fields,
        CancellationToken cancellation)
    {
        foreach (var (value, type) in fields)
        {
            if (value is null) await importer.WriteNullAsync(cancellation);
            else await importer.WriteAsync(value, type, cancellation);
        }
    }
}
