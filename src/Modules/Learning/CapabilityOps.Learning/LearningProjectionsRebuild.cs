using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Learning.StudyHours;
using CapabilityOps.Learning.Views;
using CapabilityOps.SharedKernel;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace CapabilityOps.Learning;

/// <summary>
/// Rebuilds <see cref="StudyHoursEntryProjection"/> (entries and revocations) and <see cref="CadreLearningProjection"/>
/// together, instead of the daemon reading and deserialising most of the store once for each. The entries stay in
/// PostgreSQL: a logged record's entry is its event's JSON and a session credit's is built from its event's fields, both
/// copied by <c>INSERT … SELECT</c> (<see cref="StudyHoursWriter.CopyEntriesAsync"/>). Meanwhile the other connection reads
/// the revocations and the events the yearly totals need but the logged records, in sequence order, and folds them
/// (<see cref="CadreLearningFold.Apply"/>) as the daemon would; the logged records' share of the totals is a SQL sum
/// (<see cref="CadreLearningFold.AddLogged"/>).
/// One transaction: the tables are truncated first, so writers and readers of them wait for the commit instead of seeing
/// them half full, and a concurrent record's inline entry cannot be lost (its event is either read here or committed
/// after, with its entry). Their indexes are dropped and created again from the same definitions: building an index once
/// is several times cheaper than inserting millions of rows into it.
/// </summary>
internal sealed class LearningProjectionsRebuild : IProjectionRebuilder
{
    private readonly IDocumentStore _store;
    private readonly ILogger<LearningProjectionsRebuild> _logger;
    private readonly ISerializer _serializer;
    private readonly StudyHoursWriter _entryWriter;
    private readonly string _schema, _entryProjection, _learningProjection, _loggedType;
    private readonly string _entriesTable, _revocationsTable, _learningTable;
    private readonly Dictionary<string, Type> _entryEvents, _learningEvents;

    public LearningProjectionsRebuild(IDocumentStore store, StudyHoursWriter entryWriter, ILogger<LearningProjectionsRebuild> logger)
    {
        _logger = logger;
        var options = (StoreOptions)store.Options;
        var events = (EventGraph)options.Events;
        _store = store;
        _serializer = options.Serializer();
        _entryWriter = entryWriter;
        _schema = events.DatabaseSchemaName;
        var entryProjection = options.Projections.All.OfType<StudyHoursEntryProjection>().Single();
        var learningProjection = options.Projections.All.OfType<CadreLearningProjection>().Single();
        (_entryProjection, _learningProjection) = (entryProjection.Name, learningProjection.Name);
        _entryEvents = entryProjection.IncludedEventTypes.ToDictionary(t => events.EventMappingFor(t).EventTypeName);
        _learningEvents = learningProjection.IncludedEventTypes.ToDictionary(t => events.EventMappingFor(t).EventTypeName);
        _loggedType = events.EventMappingFor(typeof(StudyHoursLogged)).EventTypeName;
        string Table(Type document) => store.Options.FindOrResolveDocumentType(document).TableName.QualifiedName;
        (_entriesTable, _revocationsTable, _learningTable) = (Table(typeof(StudyHoursEntry)), Table(typeof(StudyHoursRevocation)), Table(typeof(CadreLearning)));
    }

    public IReadOnlyList<string> Projections => [_entryProjection, _learningProjection];

    public async Task RebuildAsync(IReadOnlySet<string> projections, long highWaterMark, CancellationToken cancellation)
    {
        var entries = projections.Contains(_entryProjection);
        var learning = projections.Contains(_learningProjection);
        if (!entries && !learning) return;
        var database = _store.Storage.Database;
        await database.EnsureStorageExistsAsync(typeof(StudyHoursEntry), cancellation);
        await database.EnsureStorageExistsAsync(typeof(StudyHoursRevocation), cancellation);
        await database.EnsureStorageExistsAsync(typeof(CadreLearning), cancellation);

        await using var writer = database.CreateConnection();
        await writer.OpenAsync(cancellation);
        await using var transaction = await writer.BeginTransactionAsync(cancellation);
        string[] tables = [.. entries ? [_entriesTable, _revocationsTable] : Array.Empty<string>(), .. learning ? [_learningTable] : Array.Empty<string>()];
        await RebuildTables.ExecuteAsync(writer, $"truncate {string.Join(", ", tables)}; set local maintenance_work_mem = '1GB'", cancellation);
        var indexes = await RebuildTables.DropIndexesAsync(writer, tables, cancellation);

        // Side by side: the writer copies the entries in SQL while the reader folds the cadres' totals.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var reader = database.CreateConnection();
        await reader.OpenAsync(cancellation);
        var copying = entries ? _entryWriter.CopyEntriesAsync(writer, cancellation) : Task.FromResult(0L);
        var folding = ReadAsync(reader, entries, learning, highWaterMark, cancellation);
        await Task.WhenAll(copying, folding);
        var (read, groups, revocations, folds) = folding.Result;
        _logger.LogInformation("Learning rebuild: copied {Entries} entries; read {Events} other events and summed {Groups} groups of logged records in {Seconds:0.0} s",
            copying.Result, read, groups, clock.Elapsed.TotalSeconds);
        clock.Restart();

        if (entries) await WriteRevocationsAsync(writer, revocations, cancellation);
        if (learning)
        {
            await WriteLearningAsync(writer, folds, cancellation);
            // Where the daemon's agent goes on from: every event through the high-water mark is in the documents.
            await using var progress = new NpgsqlCommand(
                $"insert into {_schema}.mt_event_progression (name, last_seq_id, last_updated) values ($1, $2, now()) " +
                "on conflict (name) do update set last_seq_id = excluded.last_seq_id, last_updated = excluded.last_updated", writer);
            progress.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"{_learningProjection}:All" });
            progress.Parameters.Add(new NpgsqlParameter<long> { TypedValue = highWaterMark });
            await progress.ExecuteNonQueryAsync(cancellation);
        }
        _logger.LogInformation("Learning rebuild: {Revocations} revocations and {Cadres} yearly totals copied in {Seconds:0.0} s", revocations.Count, folds.Count, clock.Elapsed.TotalSeconds);
        clock.Restart();
        foreach (var index in indexes) await RebuildTables.ExecuteAsync(writer, index, cancellation);
        await transaction.CommitAsync(cancellation);
        // Statistics of the new rows at once (a sample: well under a second), not when autovacuum next gets to them.
        await RebuildTables.ExecuteAsync(writer, $"analyze {string.Join(", ", tables)}", cancellation);
        _logger.LogInformation("Learning rebuild: {Indexes} indexes built and committed in {Seconds:0.0} s", indexes.Count, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Reads every event of the two projections but the logged records in sequence order, deserialised: revocations are
    /// kept, and each cadre's fold (<see cref="CadreLearningFold.Apply"/>) is applied in the daemon's order up to the
    /// high-water mark. Then adds the logged records up to it, summed per cadre, year, channel and source in SQL
    /// (<see cref="CadreLearningFold.AddLogged"/>); a fold's version is its stream's last learning event.
    /// </summary>
    private async Task<(long Read, long Groups, List<StudyHoursRevocation> Revocations, Dictionary<string, (CadreLearning? State, long Version)> Folds)>
        ReadAsync(NpgsqlConnection reader, bool entries, bool learning, long highWaterMark, CancellationToken cancellation)
    {
        var (read, groups) = (0L, 0L);
        var revocations = new List<StudyHoursRevocation>();
        var folds = new Dictionary<string, (CadreLearning? State, long Version)>();
        var types = (entries ? _entryEvents.Keys : Enumerable.Empty<string>()).Union(learning ? _learningEvents.Keys : []).Except([_loggedType]).ToArray();
        // The rebuild keeps both cores busy, so the cheapest plans in CPU, not in time: the sum by hashing in one process
        // (~5 CPU-s over 4.5 M records here, against ~15 for a parallel sort), and no JIT compilation. Set for a read-only
        // transaction of its own, so they end with it and never reach the pooled connection's next user.
        await using var transaction = await reader.BeginTransactionAsync(cancellation);
        await RebuildTables.ExecuteAsync(reader, "set local jit = off; set local max_parallel_workers_per_gather = 0; set local enable_sort = off; set local work_mem = '64MB'", cancellation);
        await using (var command = new NpgsqlCommand(
            $"select seq_id, stream_id, version, type, data from {_schema}.mt_events " +
            "where type = any($1) and not is_archived and ($2 or seq_id <= $3) order by seq_id", reader) { CommandTimeout = 0 })
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = types });
            command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = entries });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = highWaterMark });
            await using var rows = await command.ExecuteReaderAsync(cancellation);
            while (await rows.ReadAsync(cancellation))
            {
                read++;
                var type = rows.GetString(3);
                var data = _serializer.FromJson(_entryEvents.GetValueOrDefault(type) ?? _learningEvents[type], rows, 4);
                if (entries && data is StudyHoursRevoked revoked) revocations.Add(StudyHoursEntryProjection.RevocationOf(revoked));
                if (learning && rows.GetInt64(0) <= highWaterMark && _learningEvents.ContainsKey(type))
                {
                    var stream = rows.GetString(1);
                    folds[stream] = (CadreLearningFold.Apply(folds.GetValueOrDefault(stream).State, stream, data), rows.GetInt64(2));
                }
            }
        }
        if (!learning) return (read, groups, revocations, folds);

        await using (var command = new NpgsqlCommand(
            "select stream_id, data ->> 'staffNo', left(data ->> 'studiedOn', 4)::int, data ->> 'channel', data ->> 'source', " +
            $"count(*)::int, sum((data ->> 'hours')::numeric), max(version) from {_schema}.mt_events " +
            "where type = $1 and not is_archived and seq_id <= $2 group by 1, 2, 3, 4, 5", reader) { CommandTimeout = 0 })
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _loggedType });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = highWaterMark });
            await using var rows = await command.ExecuteReaderAsync(cancellation);
            while (await rows.ReadAsync(cancellation))
            {
                groups++;
                var stream = rows.GetString(0);
                var (state, version) = folds.GetValueOrDefault(stream);
                state = CadreLearningFold.AddLogged(state, stream, rows.GetString(1), rows.GetInt32(2), Enum.Parse<StudyChannel>(rows.GetString(3), ignoreCase: true),
                    rows.GetString(4), rows.GetInt32(5), rows.GetDecimal(6));
                folds[stream] = (state, Math.Max(version, rows.GetInt64(7)));
            }
        }
        return (read, groups, revocations, folds);
    }

    private async Task WriteRevocationsAsync(NpgsqlConnection connection, List<StudyHoursRevocation> revocations, CancellationToken cancellation)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY {_revocationsTable} (id, data, mt_version, mt_dotnet_type, staff_no) FROM STDIN (FORMAT BINARY)", cancellation);
        foreach (var revocation in revocations)
        {
            await copy.StartRowAsync(cancellation);
            await copy.WriteAsync(revocation.Id, NpgsqlDbType.Uuid, cancellation);
            await copy.WriteAsync(_serializer.ToJson(revocation), NpgsqlDbType.Jsonb, cancellation);
            await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, cancellation);
            await copy.WriteAsync(typeof(StudyHoursRevocation).FullName!, NpgsqlDbType.Varchar, cancellation);
            await copy.WriteAsync(revocation.StaffNo, NpgsqlDbType.Varchar, cancellation);
        }
        await copy.CompleteAsync(cancellation);
    }

    /// <summary>One document per cadre stream, versioned as the daemon versions an aggregate: the stream version of the last event applied.</summary>
    private async Task WriteLearningAsync(NpgsqlConnection connection, Dictionary<string, (CadreLearning? State, long Version)> folds, CancellationToken cancellation)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY {_learningTable} (id, data, mt_version, mt_dotnet_type) FROM STDIN (FORMAT BINARY)", cancellation);
        foreach (var (stream, (state, version)) in folds)
        {
            if (state is null) continue;
            await copy.StartRowAsync(cancellation);
            await copy.WriteAsync(stream, NpgsqlDbType.Varchar, cancellation);
            await copy.WriteAsync(_serializer.ToJson(state), NpgsqlDbType.Jsonb, cancellation);
            await copy.WriteAsync(version, NpgsqlDbType.Bigint, cancellation);
            await copy.WriteAsync(typeof(CadreLearning).FullName!, NpgsqlDbType.Varchar, cancellation);
        }
        await copy.CompleteAsync(cancellation);
    }
}
