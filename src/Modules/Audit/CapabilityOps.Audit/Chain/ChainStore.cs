using System.Data;
using System.Runtime.CompilerServices;
using Marten;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace CapabilityOps.Audit.Chain;

/// <summary>
/// The SQL of the chain: the link table (<c>{schema}.audit_chain</c>, one row per chained event: sequence, stream,
/// version, hash) and the ordered reads of event rows and links that the writer and the verifier share, so both hash
/// exactly the same bytes. Reads stream rows with sequential access; nothing holds more than one batch in memory.
/// </summary>
public sealed class ChainStore
{
    public const string TableName = "audit_chain";

    /// <summary>The transaction-scoped advisory lock that makes chain writers (one per node at most) take turns.</summary>
    public const long WriterLock = 0x4341_5055_4449_5431; // "CAPUDIT1"

    private readonly string _events;
    private readonly string _links;
    private readonly string _eventColumns;

    public ChainStore(IReadOnlyStoreOptions options)
    {
        var schema = options.Events.DatabaseSchemaName;
        var metadata = options.Events.MetadataConfig;
        _events = $"{schema}.mt_events";
        _links = $"{schema}.{TableName}";
        Schema = schema;
        _eventColumns = "seq_id, id, stream_id, version, type, timestamp, tenant_id, mt_dotnet_type, "
                        + (metadata.CorrelationIdEnabled ? "correlation_id" : "null::varchar") + ", "
                        + (metadata.CausationIdEnabled ? "causation_id" : "null::varchar") + ", "
                        + (metadata.UserNameEnabled ? "user_name" : "null::varchar") + ", "
                        + (metadata.HeadersEnabled ? "headers::text" : "null::text") + ", data::text, bdata";
    }

    public string Schema { get; }

    /// <summary>The link table, for Marten to create with the rest of the schema (<c>db-apply</c>, or on first use in development).</summary>
    public static Table Definition(string schema)
    {
        var table = new Table($"{schema}.{TableName}");
        table.AddColumn<long>("seq_id").AsPrimaryKey();
        table.AddColumn<string>("stream_id");
        table.AddColumn<long>("version").NotNull();
        table.AddColumn("hash", "bytea").NotNull();
        table.AddColumn("chained_at", "timestamp with time zone").NotNull().DefaultValueByExpression("now()");
        return table;
    }

    /// <summary>Event rows with <c>after &lt; seq_id ≤ upTo</c>, by sequence.</summary>
    public async IAsyncEnumerable<EventRow> EventsAsync(NpgsqlConnection connection, long after, long? upTo,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select {_eventColumns} from {_events} where seq_id > $1{(upTo is null ? "" : " and seq_id <= $2")} order by seq_id", connection);
        command.CommandTimeout = 0;
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        if (upTo is { } ceiling) command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ceiling });
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            yield return new EventRow(
                reader.GetInt64(0), reader.GetGuid(1), Text(reader, 2), reader.GetInt64(3), reader.GetString(4),
                reader.GetDateTime(5), Text(reader, 6), Text(reader, 7), Text(reader, 8), Text(reader, 9), Text(reader, 10),
                Text(reader, 11), reader.GetString(12), reader.IsDBNull(13) ? null : reader.GetFieldValue<byte[]>(13));
        }
    }

    /// <summary>Every link, by sequence.</summary>
    public async IAsyncEnumerable<ChainLink> LinksAsync(NpgsqlConnection connection, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select seq_id, stream_id, version, hash from {_links} order by seq_id", connection);
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellation);
        while (await reader.ReadAsync(cancellation))
            yield return new ChainLink(reader.GetInt64(0), Text(reader, 1), reader.GetInt64(2), reader.GetFieldValue<byte[]>(3));
    }

    /// <summary>The last link, or null for an empty chain.</summary>
    public async Task<ChainLink?> TipAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select seq_id, stream_id, version, hash from {_links} order by seq_id desc limit 1", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation)
            ? new ChainLink(reader.GetInt64(0), Text(reader, 1), reader.GetInt64(2), reader.GetFieldValue<byte[]>(3))
            : null;
    }

    /// <summary>
    /// Chains every event up to <paramref name="upTo"/> that is not chained yet, continuing from the chain's own tip (never
    /// from where the caller thinks it is), in one transaction under <see cref="WriterLock"/>: replaying, rewinding or
    /// running it twice never re-links or rewrites a link. Returns how many events it chained.
    /// </summary>
    public async Task<long> ExtendAsync(NpgsqlConnection connection, long upTo, int batchSize, CancellationToken cancellation)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using (var lockCommand = new NpgsqlCommand("select pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = WriterLock });
            await lockCommand.ExecuteNonQueryAsync(cancellation);
        }
        var tip = await TipAsync(connection, cancellation);
        var previous = tip?.Hash ?? ChainHash.Genesis;
        var after = tip?.Sequence ?? 0;
        var hasher = new ChainHash();
        long chained = 0;
        while (after < upTo)
        {
            var links = new List<ChainLink>(Math.Min(batchSize, 4096));
            await foreach (var row in EventsAsync(connection, after, Math.Min(upTo, after + batchSize), cancellation))
            {
                previous = hasher.Link(previous, row);
                links.Add(new ChainLink(row.Sequence, row.StreamKey, row.Version, previous));
            }
            if (links.Count > 0) await WriteAsync(connection, links, cancellation);
            chained += links.Count;
            after = Math.Min(upTo, after + batchSize);
        }
        await transaction.CommitAsync(cancellation);
        return chained;
    }

    private async Task WriteAsync(NpgsqlConnection connection, List<ChainLink> links, CancellationToken cancellation)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"copy {_links} (seq_id, stream_id, version, hash) from stdin (format binary)", cancellation);
        foreach (var link in links)
        {
            await writer.StartRowAsync(cancellation);
            await writer.WriteAsync(link.Sequence, NpgsqlDbType.Bigint, cancellation);
            if (link.StreamKey is null) await writer.WriteNullAsync(cancellation);
            else await writer.WriteAsync(link.StreamKey, NpgsqlDbType.Varchar, cancellation);
            await writer.WriteAsync(link.Version, NpgsqlDbType.Bigint, cancellation);
            await writer.WriteAsync(link.Hash, NpgsqlDbType.Bytea, cancellation);
        }
        await writer.CompleteAsync(cancellation);
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
