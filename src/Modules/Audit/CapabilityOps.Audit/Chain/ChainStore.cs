using System.Data;
using System.Runtime.CompilerServices;
using CapabilityOps.Audit.Contracts;
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

    /// <summary>Event rows with <c>after &lt; seq_id ≤ upTo</c>, by sequence; the first <paramref name="limit"/> of them when given.</summary>
    public async IAsyncEnumerable<EventRow> EventsAsync(NpgsqlConnection connection, long after, long upTo, int? limit,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select {_eventColumns} from {_events} where seq_id > $1 and seq_id <= $2 order by seq_id{(limit is null ? "" : " limit $3")}", connection);
        command.CommandTimeout = 0;
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upTo });
        if (limit is { } count) command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            yield return new EventRow(
                reader.GetInt64(0), reader.GetGuid(1), Text(reader, 2), reader.GetInt64(3), reader.GetString(4),
                reader.GetDateTime(5), Text(reader, 6), Text(reader, 7), Text(reader, 8), Text(reader, 9), Text(reader, 10),
                Text(reader, 11), reader.GetString(12), reader.IsDBNull(13) ? null : reader.GetFieldValue<byte[]>(13));
        }
    }

    /// <summary>The links with <c>after &lt; seq_id ≤ upTo</c>, by sequence.</summary>
    public async IAsyncEnumerable<ChainLink> LinksAsync(NpgsqlConnection connection, long after, long upTo,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select seq_id, stream_id, version, hash from {_links} where seq_id > $1 and seq_id <= $2 order by seq_id", connection);
        command.CommandTimeout = 0;
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upTo });
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

    /// <summary>The stored hashes of the given events (those chained so far), by sequence.</summary>
    public async Task<IReadOnlyDictionary<long, byte[]>> HashesAsync(NpgsqlConnection connection, long[] sequences, CancellationToken cancellation)
    {
        var hashes = new Dictionary<long, byte[]>();
        await using var command = new NpgsqlCommand($"select seq_id, hash from {_links} where seq_id = any($1)", connection);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = sequences });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) hashes[reader.GetInt64(0)] = reader.GetFieldValue<byte[]>(1);
        return hashes;
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
        while (true)
        {
            var links = new List<ChainLink>(Math.Min(batchSize, 4096));
            await foreach (var row in EventsAsync(connection, after, upTo, batchSize, cancellation))
            {
                previous = hasher.Link(previous, row);
                links.Add(new ChainLink(row.Sequence, row.StreamKey, row.Version, previous));
            }
            if (links.Count == 0) break;
            await WriteAsync(connection, links, cancellation);
            chained += links.Count;
            after = links[^1].Sequence;
            if (links.Count < batchSize) break;
        }
        await transaction.CommitAsync(cancellation);
        return chained;
    }

    /// <summary>
    /// Recomputes the whole chain in <paramref name="workers"/> ranges of sequences at once, each on its own connection. All
    /// of them read in one snapshot (exported by a coordinating transaction), so links and rows agree: every chained event
    /// is visible unless it was deleted, and events recorded meanwhile are simply not seen.
    /// </summary>
    public async Task<ChainReport> VerifyAsync(Func<NpgsqlConnection> connect, int workers, long? anchorSequence, byte[]? anchorHash,
        CancellationToken cancellation)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var coordinator = connect();
        await coordinator.OpenAsync(cancellation);
        await using var snapshot = await coordinator.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellation);
        string snapshotId;
        long highest;
        await using (var command = new NpgsqlCommand($"select pg_export_snapshot(), coalesce((select max(seq_id) from {_events}), 0)", coordinator, snapshot))
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
        {
            await reader.ReadAsync(cancellation);
            (snapshotId, highest) = (reader.GetString(0), reader.GetInt64(1));
        }
        var tip = await TipAsync(coordinator, cancellation);
        var upper = Math.Max(highest, tip?.Sequence ?? 0);
        workers = (int)Math.Clamp(upper / 50_000, 1, Math.Max(1, workers)); // small stores: one range is quicker than several

        var ranges = Enumerable.Range(0, workers).Select(i => (From: upper * i / workers, To: upper * (i + 1) / workers)).ToList();
        var walks = await Task.WhenAll(ranges.Select(range => WalkRangeAsync(connect, snapshotId, range.From, range.To, tip?.Sequence, anchorSequence, cancellation)));
        await snapshot.CommitAsync(cancellation);
        return ChainVerifier.Report(ChainVerifier.Combine(walks, tip), anchorSequence, anchorHash, workers, started.Elapsed);
    }

    private async Task<ChainWalk> WalkRangeAsync(Func<NpgsqlConnection> connect, string snapshotId, long after, long upTo, long? tipSequence,
        long? anchorSequence, CancellationToken cancellation)
    {
        await using var links = connect();
        await using var rows = connect();
        await links.OpenAsync(cancellation);
        await rows.OpenAsync(cancellation);
        await using var linksTransaction = await JoinSnapshotAsync(links, snapshotId, cancellation);
        await using var rowsTransaction = await JoinSnapshotAsync(rows, snapshotId, cancellation);
        var previous = ChainHash.Genesis;
        await using (var command = new NpgsqlCommand($"select hash from {_links} where seq_id <= $1 order by seq_id desc limit 1", links))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
            if (await command.ExecuteScalarAsync(cancellation) is byte[] stored) previous = stored;
        }
        return await ChainVerifier.WalkAsync(LinksAsync(links, after, upTo, cancellation), EventsAsync(rows, after, upTo, null, cancellation),
            previous, tipSequence, anchorSequence, cancellation);
    }

    private static async Task<NpgsqlTransaction> JoinSnapshotAsync(NpgsqlConnection connection, string snapshotId, CancellationToken cancellation)
    {
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellation);
        await using var command = new NpgsqlCommand($"set transaction snapshot '{snapshotId.Replace("'", "''")}'", connection, transaction);
        await command.ExecuteNonQueryAsync(cancellation);
        return transaction;
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
