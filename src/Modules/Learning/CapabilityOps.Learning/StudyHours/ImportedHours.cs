using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.SharedKernel;
using Marten;
using Marten.Events;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql.Tables;

namespace CapabilityOps.Learning.StudyHours;

/// <summary>
/// The keys of imported study-hours records (<see cref="StudyHoursImported"/>), one narrow row per record: its day key and
/// hours for the 24-hours-a-day rule, its duplicate key (unique) for "importing the same file twice records nothing", and its
/// id, which the reads join to the revocations. A plain table in Marten's schema (<c>opts.Storage.ExtendedSchemaObjects</c>),
/// so the schema command that creates the rest creates it too. It takes the place of an entry document per imported record:
/// no JSON, no document columns, two indexes. The records themselves are read from their events (the list, one record,
/// a revocation). Written in the import's transaction (<see cref="StudyHoursWriter.WriteImportAsync"/>, binary COPY), by the
/// inline projection for an event appended through a session, and refilled from the events by the rebuild.
/// </summary>
public static class ImportedHours
{
    public const string TableName = "learning_imported_hours";

    public static string Qualified(IReadOnlyStoreOptions options) => $"{options.Events.DatabaseSchemaName}.{TableName}";

    public static Table Definition(string schema)
    {
        var table = new Table($"{schema}.{TableName}");
        // The day key first: a day's hours and a cadre's records (the key begins with the staff number) are ranges of it.
        table.AddColumn<string>("day_key").AsPrimaryKey();
        table.AddColumn<Guid>("record_id").AsPrimaryKey();
        table.AddColumn("hours", "numeric").NotNull();
        table.AddColumn<string>("duplicate_key").NotNull();
        table.Indexes.Add(new IndexDefinition("uq_learning_imported_hours_duplicate_key") { Columns = ["duplicate_key"], IsUnique = true });
        return table;
    }

    internal const string Columns = "day_key, record_id, hours, duplicate_key";

    /// <summary>The rows of a record, in <see cref="Columns"/>' order.</summary>
    internal static (object Value, NpgsqlDbType Type)[] Row(StudyHoursLogged record) =>
    [
        (StudyHoursKeys.Day(record.StaffNo, record.StudiedOn), NpgsqlDbType.Varchar), (record.RecordId, NpgsqlDbType.Uuid),
        (record.Hours, NpgsqlDbType.Numeric), (record.DuplicateKey!, NpgsqlDbType.Varchar),
    ];

    private static readonly Type[] ImportedType = [typeof(StudyHoursImported)];

    /// <summary>
    /// A cadre's imported records, from the cadre's <see cref="StudyHoursImported"/> events (a lean read of that type alone):
    /// where the list, one record and a revocation find them, as entries so they read like any other record.
    /// </summary>
    public static async Task<List<StudyHoursEntry>> EntriesAsync(IQuerySession session, string staffNo, CancellationToken cancellation = default) =>
        (await session.ReadStreamAsync(StreamKeys.Cadre(staffNo), null, ImportedType, cancellation))
        .Select(e => e.Data).OfType<StudyHoursImported>()
        .SelectMany(i => i.Records).Select(StudyHoursEntryProjection.EntryOf).ToList();

    /// <summary>Queues the rows of an event appended through a session, for the inline projection.</summary>
    internal static void Queue(IDocumentOperations operations, StudyHoursImported imported)
    {
        var records = imported.Records;
        operations.QueueSqlCommand(
            $"insert into {Qualified(operations.DocumentStore.Options)} ({Columns}) select * from unnest(?::varchar[], ?::uuid[], ?::numeric[], ?::varchar[])",
            records.Select(r => StudyHoursKeys.Day(r.StaffNo, r.StudiedOn)).ToArray(), records.Select(r => r.RecordId).ToArray(),
            records.Select(r => r.Hours).ToArray(), records.Select(r => r.DuplicateKey!).ToArray());
    }

    /// <summary>
    /// Refills the rows from every <see cref="StudyHoursImported"/> event, in SQL (the rebuild's; the table was emptied): the day
    /// key as <see cref="StudyHoursKeys.Day"/> makes it. Returns how many.
    /// </summary>
    internal static async Task<long> CopyFromEventsAsync(NpgsqlConnection connection, IReadOnlyStoreOptions options, CancellationToken cancellation)
    {
        var alias = ((EventGraph)options.Events).EventMappingFor(typeof(StudyHoursImported)).EventTypeName;
        await using var command = new NpgsqlCommand(
            $"insert into {Qualified(options)} ({Columns}) " +
            "select (r ->> 'staffNo') || '|' || (r ->> 'studiedOn'), (r ->> 'recordId')::uuid, (r ->> 'hours')::numeric, r ->> 'duplicateKey' " +
            $"from {options.Events.DatabaseSchemaName}.mt_events e cross join lateral jsonb_array_elements(e.data -> 'records') r " +
            "where e.type = $1 and not e.is_archived", connection) { CommandTimeout = 0 };
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = alias });
        return await command.ExecuteNonQueryAsync(cancellation);
    }
}
