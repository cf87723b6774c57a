using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Learning.StudyHours;
using CapabilityOps.SharedKernel;
using Marten;
using Marten.Events;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace CapabilityOps.Learning;

/// <summary>
/// Rebuilds <see cref="StudyHoursEntryProjection"/> (entries, revocations and the imported records' keys, <see cref="ImportedHours"/>) without the daemon reading and deserialising
/// most of the store. The entries stay in PostgreSQL: a logged record's entry is its event's JSON and a session credit's is
/// built from its event's fields, both copied by <c>INSERT … SELECT</c> (<see cref="StudyHoursWriter.CopyEntriesAsync"/>);
/// only the revocations' events are read into .NET. One transaction (<see cref="RebuildTables.RefillAsync"/>), so a
/// concurrent record's inline entry cannot be lost: its event is either read here or committed after, with its entry.
/// </summary>
internal sealed class LearningProjectionsRebuild : IProjectionRebuilder
{
    private readonly IDocumentStore _store;
    private readonly ILogger<LearningProjectionsRebuild> _logger;
    private readonly ISerializer _serializer;
    private readonly StudyHoursWriter _entryWriter;
    private readonly string _schema, _entryProjection, _revokedType;
    private readonly string _entriesTable, _revocationsTable, _importedTable;

    public LearningProjectionsRebuild(IDocumentStore store, StudyHoursWriter entryWriter, ILogger<LearningProjectionsRebuild> logger)
    {
        _logger = logger;
        var options = (StoreOptions)store.Options;
        var events = (EventGraph)options.Events;
        _store = store;
        _serializer = options.Serializer();
        _entryWriter = entryWriter;
        _schema = events.DatabaseSchemaName;
        _entryProjection = options.Projections.All.OfType<StudyHoursEntryProjection>().Single().Name;
        _revokedType = events.EventMappingFor(typeof(StudyHoursRevoked)).EventTypeName;
        string Table(Type document) => store.Options.FindOrResolveDocumentType(document).TableName.QualifiedName;
        (_entriesTable, _revocationsTable) = (Table(typeof(StudyHoursEntry)), Table(typeof(StudyHoursRevocation)));
        _importedTable = ImportedHours.Qualified(options);
    }

    public IReadOnlyList<string> Projections => [_entryProjection];

    public async Task RebuildAsync(IReadOnlySet<string> projections, CancellationToken cancellation)
    {
        if (!projections.Contains(_entryProjection)) return;
        var database = _store.Storage.Database;
        await database.EnsureStorageExistsAsync(typeof(StudyHoursEntry), cancellation);
        await database.EnsureStorageExistsAsync(typeof(StudyHoursRevocation), cancellation);
        await database.EnsureStorageExistsAsync(typeof(Marten.Storage.StorageFeatures), cancellation);
        await RebuildTables.RefillAsync(database, [_entriesTable, _revocationsTable, _importedTable], async connection =>
        {
            var entries = await _entryWriter.CopyEntriesAsync(connection, cancellation);
            var imported = await ImportedHours.CopyFromEventsAsync(connection, _store.Options, cancellation);
            var revocations = await ReadRevocationsAsync(connection, cancellation);
            await WriteRevocationsAsync(connection, revocations, cancellation);
            _logger.LogInformation("Learning rebuild: {Entries} entries, {Imported} imported records' keys and {Revocations} revocations",
                entries, imported, revocations.Count);
        }, _logger, cancellation);
    }

    /// <summary>Every revocation, as the projection makes it from its event (<see cref="StudyHoursEntryProjection.RevocationOf"/>).</summary>
    private async Task<List<StudyHoursRevocation>> ReadRevocationsAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        var revocations = new List<StudyHoursRevocation>();
        await using var command = new NpgsqlCommand($"select data from {_schema}.mt_events where type = $1 and not is_archived order by seq_id", connection)
            { CommandTimeout = 0 };
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _revokedType });
        await using var rows = await command.ExecuteReaderAsync(cancellation);
        while (await rows.ReadAsync(cancellation))
            revocations.Add(StudyHoursEntryProjection.RevocationOf(_serializer.FromJson<StudyHoursRevoked>(rows, 0)));
        return revocations;
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
}
