using System.Threading.Channels;
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
/// from one read of their events, instead of the daemon reading and deserialising most of the store once for each: a
/// plain query of just their event types, deserialised with the store's serializer; entries copied as they are read by
/// the import's writer (<see cref="StudyHoursWriter.WriteEntriesAsync"/>) on a second connection, revocations and the
/// per-cadre folds (<see cref="CadreLearningFold.Apply"/>, in sequence order as the daemon applies them) copied after.
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
    private readonly string _schema, _entryProjection, _learningProjection;
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
        await ExecuteAsync(writer, $"truncate {string.Join(", ", tables)}; set local maintenance_work_mem = '256MB'", cancellation);
        var indexes = await DropIndexesAsync(writer, tables, cancellation);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var read = 0L;
        var revocations = new List<StudyHoursRevocation>();
        var folds = new Dictionary<string, (CadreLearning? State, long Version)>();
        var channel = Channel.CreateBounded<StudyHoursEntry>(new BoundedChannelOptions(20_000) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var copying = entries ? _entryWriter.WriteEntriesAsync(writer, channel.Reader.ReadAllAsync(stop.Token), stop.Token) : Task.FromResult(0L);
        _ = copying.ContinueWith(_ => stop.Cancel(), CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await using var reader = database.CreateConnection();
            await reader.OpenAsync(stop.Token);
            var types = (entries ? _entryEvents.Keys : Enumerable.Empty<string>()).Union(learning ? _learningEvents.Keys : []).ToArray();
            await using var command = new NpgsqlCommand(
                $"select seq_id, stream_id, version, type, data from {_schema}.mt_events " +
                "where type = any($1) and not is_archived and ($2 or seq_id <= $3) order by seq_id", reader);
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = types });
            command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = entries });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = highWaterMark });
            await using var rows = await command.ExecuteReaderAsync(stop.Token);
            while (await rows.ReadAsync(stop.Token))
            {
                read++;
                var type = rows.GetString(3);
                var data = _serializer.FromJson(_entryEvents.GetValueOrDefault(type) ?? _learningEvents[type], rows, 4);
                if (entries)
                {
                    switch (data)
                    {
                        case StudyHoursLogged logged: await channel.Writer.WriteAsync(StudyHoursEntryProjection.EntryOf(logged), stop.Token); break;
                        case LearningSessionAttended attended when StudyHoursEntryProjection.CreditEntryOf(attended) is { } credit:
                            await channel.Writer.WriteAsync(credit, stop.Token); break;
                        case StudyHoursRevoked revoked: revocations.Add(StudyHoursEntryProjection.RevocationOf(revoked)); break;
                    }
                }
                if (learning && rows.GetInt64(0) <= highWaterMark && _learningEvents.ContainsKey(type))
                {
                    var stream = rows.GetString(1);
                    folds[stream] = (CadreLearningFold.Apply(folds.GetValueOrDefault(stream).State, stream, data), rows.GetInt64(2));
                }
            }
            channel.Writer.Complete();
        }
        catch (Exception e)
        {
            channel.Writer.TryComplete(e);
            // The writer must be done with the connection before it is closed; when it failed first, its failure is the
            // cause, not the cancellation it caused here.
            await copying.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            if (e is OperationCanceledException && copying.IsFaulted) await copying;
            throw;
        }
        var copied = await copying;
        _logger.LogInformation("Learning rebuild: read {Events} events and copied {Entries} entries in {Seconds:0.0} s", read, copied, clock.Elapsed.TotalSeconds);
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
        foreach (var index in indexes) await ExecuteAsync(writer, index, cancellation);
        await transaction.CommitAsync(cancellation);
        _logger.LogInformation("Learning rebuild: {Indexes} indexes built and committed in {Seconds:0.0} s", indexes.Count, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Drops the tables' indexes, primary keys included (one built from sorted rows is cheaper than millions of inserts
    /// into it); returns the statements that create them again, under the same names and definitions.
    /// </summary>
    private static async Task<List<string>> DropIndexesAsync(NpgsqlConnection connection, string[] tables, CancellationToken cancellation)
    {
        var indexes = new List<(string Drop, string Create)>();
        await using (var command = new NpgsqlCommand(
            "select i.indrelid::regclass::text, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), quote_ident(c.conname), pg_get_constraintdef(c.oid) " +
            "from pg_index i left join pg_constraint c on c.conindid = i.indexrelid and c.contype in ('p', 'u') " +
            "where i.indrelid = any($1::text[]::regclass[])", connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = tables });
            await using var rows = await command.ExecuteReaderAsync(cancellation);
            while (await rows.ReadAsync(cancellation))
            {
                var (table, index, definition) = (rows.GetString(0), rows.GetString(1), rows.GetString(2));
                indexes.Add(rows.IsDBNull(3)
                    ? ($"drop index {index}", definition)
                    : ($"alter table {table} drop constraint {rows.GetString(3)}", $"alter table {table} add constraint {rows.GetString(3)} {rows.GetString(4)}"));
            }
        }
        foreach (var (drop, _) in indexes) await ExecuteAsync(connection, drop, cancellation);
        return indexes.Select(i => i.Create).ToList();
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

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellation);
    }
}
