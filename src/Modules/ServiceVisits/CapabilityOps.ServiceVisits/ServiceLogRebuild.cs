using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Marten.Events;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace CapabilityOps.ServiceVisits;

/// <summary>
/// Rebuilds <see cref="CadreServiceLogProjection"/> outside the daemon, which would rewrite each cadre's log once per
/// page of events: its events are read once in sequence order and folded per cadre stream with
/// <see cref="CadreServiceLog.Apply"/>, as the projection applies them, and each log is copied once at the end, versioned
/// with its stream's last event applied (as the daemon's rebuild versions it). One transaction, like the learning rebuild
/// (<see cref="RebuildTables.RefillAsync"/>): a concurrent write of a log waits for the commit and then applies its event
/// to the rebuilt log.
/// </summary>
internal sealed class ServiceLogRebuild : IProjectionRebuilder
{
    private readonly IDocumentStore _store;
    private readonly ILogger<ServiceLogRebuild> _logger;
    private readonly ISerializer _serializer;
    private readonly string _projection, _schema, _table;
    private readonly Dictionary<string, Type> _events;

    public ServiceLogRebuild(IDocumentStore store, ILogger<ServiceLogRebuild> logger)
    {
        _logger = logger;
        var options = (StoreOptions)store.Options;
        var events = (EventGraph)options.Events;
        _store = store;
        _serializer = options.Serializer();
        _schema = events.DatabaseSchemaName;
        var projection = options.Projections.All.OfType<CadreServiceLogProjection>().Single();
        _projection = projection.Name;
        _events = projection.IncludedEventTypes.ToDictionary(t => events.EventMappingFor(t).EventTypeName);
        _table = store.Options.FindOrResolveDocumentType(typeof(CadreServiceLog)).TableName.QualifiedName;
    }

    public IReadOnlyList<string> Projections => [_projection];

    public async Task RebuildAsync(IReadOnlySet<string> projections, CancellationToken cancellation)
    {
        if (!projections.Contains(_projection)) return;
        var database = _store.Storage.Database;
        await database.EnsureStorageExistsAsync(typeof(CadreServiceLog), cancellation);
        await RebuildTables.RefillAsync(database, [_table], async connection =>
        {
            await RebuildTables.ExecuteAsync(connection, "set local jit = off", cancellation);
            var logs = new Dictionary<string, (CadreServiceLog? Log, long Version)>();
            await using (var command = new NpgsqlCommand(
                $"select stream_id, version, type, data from {_schema}.mt_events where type = any($1) and not is_archived order by seq_id", connection)
                { CommandTimeout = 0 })
            {
                command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = _events.Keys.ToArray() });
                await using var rows = await command.ExecuteReaderAsync(cancellation);
                while (await rows.ReadAsync(cancellation))
                {
                    var stream = rows.GetString(0);
                    var data = _serializer.FromJson(_events[rows.GetString(2)], rows, 3);
                    logs[stream] = (CadreServiceLog.Apply(logs.GetValueOrDefault(stream).Log, stream, data), rows.GetInt64(1));
                }
            }

            await using var copy = await connection.BeginBinaryImportAsync(
                $"COPY {_table} (id, data, mt_version, mt_dotnet_type, staff_no) FROM STDIN (FORMAT BINARY)", cancellation);
            foreach (var (stream, (log, version)) in logs)
            {
                if (log is null) continue;
                await copy.StartRowAsync(cancellation);
                await copy.WriteAsync(stream, NpgsqlDbType.Varchar, cancellation);
                await copy.WriteAsync(_serializer.ToJson(log), NpgsqlDbType.Jsonb, cancellation);
                await copy.WriteAsync(version, NpgsqlDbType.Bigint, cancellation);
                await copy.WriteAsync(typeof(CadreServiceLog).FullName!, NpgsqlDbType.Varchar, cancellation);
                await copy.WriteAsync(log.StaffNo, NpgsqlDbType.Varchar, cancellation);
            }
            await copy.CompleteAsync(cancellation);
        }, _logger, cancellation);
    }
}
