using System.Collections.Concurrent;
using CapabilityOps.SharedKernel;
using JasperFx;
using JasperFx.Events;
using JasperFx.MultiTenancy;
using Marten;
using Marten.Events;
using Marten.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CapabilityOps.Organization.Contracts;

/// <summary>
/// Who recorded facts written in SQL, column by column as Marten writes them for a session stamped with the same
/// <see cref="Recording"/> (<see cref="RecordingHeaders.StampRecording"/>).
/// </summary>
/// <param name="HeadersJson">The headers as Marten serialises them: <c>null</c> (the JSON literal) when there are none.</param>
public sealed record EventRecording(string TenantId, string? UserName, string? CorrelationId, string? CausationId, string HeadersJson)
{
    public static EventRecording Of(Recording recording, ISerializer serializer) =>
        new(StorageConstants.DefaultTenantId, recording.UserName, recording.CorrelationId, null, serializer.ToJson(recording.Headers));
}

/// <summary>
/// A module's row written in the same statement as a fact (<see cref="CadreFactsSql.Statement"/>): its table, its columns,
/// and the column that takes the event row's JSON, so the JSON is sent and parsed once.
/// </summary>
public sealed record FollowingRow(string Table, IReadOnlyList<string> Columns, string EventDataColumn);

/// <summary>One prepared shape of a single-fact append (<see cref="CadreFactsSql.Statement"/>).</summary>
public sealed class CadreFactStatement
{
    internal CadreFactStatement(Type eventType, string sql, int rowValues) => (EventType, Sql, RowValues) = (eventType, sql, rowValues);

    internal Type EventType { get; }
    internal string Sql { get; }
    internal int RowValues { get; }
}

/// <summary>
/// The cadre-fact appender's bulk implementation: writes facts to cadre streams with plain SQL, the rows Marten's append
/// writes (same serializer, type alias, .NET type name and metadata; a test compares them column for column), for the hot
/// paths where Marten's statement per event costs too much. The streams must be locked in the caller's transaction and their
/// versions read under the lock (<see cref="CadreStreams"/>), so versions follow on from any append through a session.
/// Sequence numbers are drawn from Marten's event sequence in that transaction, as Marten's own append does: the async
/// daemon's high-water detection waits for a gap whose reserving transaction is still open, and sees the facts together, in
/// sequence order, once it commits. A module keeps its own rows (documents its inline projection would store): one fact
/// writes them in its own statement (<see cref="FollowingRow"/>), many facts hand them back for the module to copy.
/// </summary>
public sealed class CadreFactsSql
{
    private readonly ISerializer _serializer;
    private readonly EventGraph _events;
    private readonly string _schema;
    private readonly string _eventsCopy;
    private readonly List<string> _fields;
    private readonly bool _correlation, _causation, _headers, _userName;
    private readonly ConcurrentDictionary<Type, (string Alias, string DotNetType)> _mappings = new();

    public CadreFactsSql(IDocumentStore store)
    {
        var options = store.Options;
        _events = (EventGraph)options.Events;
        // The statements below write the columns of this configuration; another one must not be written to silently.
        if (_events.StreamIdentity != StreamIdentity.AsString || _events.TenancyStyle != TenancyStyle.Single || _events.UseTenantPartitionedEvents)
            throw new InvalidOperationException("The cadre-fact SQL append expects string stream keys and a single-tenant, unpartitioned event store.");

        _serializer = options.Serializer();
        _schema = _events.DatabaseSchemaName;
        var metadata = options.Events.MetadataConfig;
        (_correlation, _causation, _headers, _userName) = (metadata.CorrelationIdEnabled, metadata.CausationIdEnabled,
            metadata.HeadersEnabled, metadata.UserNameEnabled);

        // An event row is its sequence number and version, then the fields EventFields gives, in this order.
        _fields = ["id", "stream_id", "data", "type", "timestamp", "tenant_id", "mt_dotnet_type", "is_archived"];
        if (_correlation) _fields.Add("correlation_id");
        if (_causation) _fields.Add("causation_id");
        if (_headers) _fields.Add("headers");
        if (_userName) _fields.Add("user_name");
        _eventsCopy = $"COPY {_schema}.mt_events ({EventColumns}) FROM STDIN (FORMAT BINARY)";
    }

    private string EventColumns => $"seq_id, version, {string.Join(", ", _fields)}";

    /// <summary>
    /// The statement that appends one <paramref name="eventType"/> fact to a locked cadre stream: the stream's move to its next
    /// version, the event numbered from Marten's sequence and, when given, the module's <paramref name="row"/>, in one statement.
    /// Prepared once per shape (the module keeps it).
    /// </summary>
    public CadreFactStatement Statement(Type eventType, FollowingRow? row = null)
    {
        var sql = $"with stream as (update {_schema}.mt_streams set version = version + 1, timestamp = now() where id = $2 returning version), " +
                  $"event as (insert into {_schema}.mt_events ({EventColumns}) " +
                  $"select nextval('{_schema}.mt_events_sequence'), stream.version, {string.Join(", ", _fields.Select((_, i) => $"${i + 1}"))} from stream returning data) ";
        if (row is null) return new CadreFactStatement(eventType, sql + "select 1 from event", 0);
        var values = string.Join(", ", Enumerable.Range(_fields.Count + 1, row.Columns.Count).Select(i => $"${i}"));
        return new CadreFactStatement(eventType,
            sql + $"insert into {row.Table} ({string.Join(", ", row.Columns)}, {row.EventDataColumn}) select {values}, event.data from event",
            row.Columns.Count);
    }

    /// <summary>
    /// Adds one fact to <paramref name="batch"/> for a cadre stream locked in its transaction, with the values of the
    /// statement's following row (in its columns' order); <paramref name="eventId"/> is the event's id when the caller chose it.
    /// </summary>
    public void AddAppend(NpgsqlBatch batch, CadreFactStatement statement, string staffNo, object fact, EventRecording recording,
        IReadOnlyList<(object? Value, NpgsqlDbType Type)> rowValues, Guid? eventId = null)
    {
        if (fact.GetType() != statement.EventType)
            throw new InvalidOperationException($"The statement appends {statement.EventType.Name}, not {fact.GetType().Name}.");
        if (rowValues.Count != statement.RowValues)
            throw new InvalidOperationException($"The statement's following row takes {statement.RowValues} values, not {rowValues.Count}.");
        var command = new NpgsqlBatchCommand(statement.Sql);
        foreach (var (value, type) in EventFields(staffNo, fact, _serializer.ToJson(fact), recording, eventId).Concat(rowValues))
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });
        batch.BatchCommands.Add(command);
    }

    /// <summary>
    /// Writes many facts in three statements whatever their number: the sequence numbers drawn, the streams moved to their new
    /// versions, and the events copied in binary. <paramref name="written"/> is told each fact with its JSON, for the module's
    /// own rows. Returns how many facts were written.
    /// </summary>
    public async Task<int> WriteAsync(NpgsqlConnection connection, EventRecording recording, IReadOnlyList<CadreAppend> appends,
        Action<object, string>? written, CancellationToken cancellation)
    {
        var count = appends.Sum(a => a.Events.Count);
        if (count == 0) return 0;

        var sequences = await ReserveSequencesAsync(connection, count, cancellation);
        await UpdateStreamsAsync(connection, appends, cancellation);

        var next = 0;
        await using var events = await connection.BeginBinaryImportAsync(_eventsCopy, cancellation);
        foreach (var append in appends)
        {
            var version = append.AfterVersion;
            foreach (var fact in append.Events)
            {
                var json = _serializer.ToJson(fact);
                written?.Invoke(fact, json);
                await events.StartRowAsync(cancellation);
                await events.WriteAsync(sequences[next++], NpgsqlDbType.Bigint, cancellation);
                await events.WriteAsync(++version, NpgsqlDbType.Bigint, cancellation);
                foreach (var (value, type) in EventFields(append.StaffNo, fact, json, recording))
                {
                    if (value is null) await events.WriteNullAsync(cancellation);
                    else await events.WriteAsync(value, type, cancellation);
                }
            }
        }
        await events.CompleteAsync(cancellation);
        return count;
    }

    /// <summary>An event row's fields after its sequence number and version, as Marten's append writes them; <paramref name="json"/> is the fact's.</summary>
    private List<(object? Value, NpgsqlDbType Type)> EventFields(string staffNo, object fact, string json, EventRecording recording, Guid? eventId = null)
    {
        var (alias, dotNetType) = _mappings.GetOrAdd(fact.GetType(), static (type, events) =>
        {
            var mapping = events.EventMappingFor(type);
            return (mapping.EventTypeName, mapping.DotNetTypeName);
        }, _events);
        var fields = new List<(object?, NpgsqlDbType)>(_fields.Count)
        {
            (eventId ?? Guid.NewGuid(), NpgsqlDbType.Uuid), (StreamKeys.Cadre(staffNo), NpgsqlDbType.Varchar), (json, NpgsqlDbType.Jsonb),
            (alias, NpgsqlDbType.Varchar), (DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz), (recording.TenantId, NpgsqlDbType.Varchar),
            (dotNetType, NpgsqlDbType.Varchar), (false, NpgsqlDbType.Boolean),
        };
        if (_correlation) fields.Add((recording.CorrelationId, NpgsqlDbType.Varchar));
        if (_causation) fields.Add((recording.CausationId, NpgsqlDbType.Varchar));
        if (_headers) fields.Add((recording.HeadersJson, NpgsqlDbType.Jsonb));
        if (_userName) fields.Add((recording.UserName, NpgsqlDbType.Varchar));
        return fields;
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
    /// were read under the lock, so a stream that moved meanwhile is a bug, not a race, and fails the transaction.
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
}
