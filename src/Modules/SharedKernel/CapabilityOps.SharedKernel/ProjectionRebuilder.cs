using System.Diagnostics;
using Marten.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CapabilityOps.SharedKernel;

/// <summary>
/// A module's own rebuild of projections the daemon's generic rebuild is too slow for (it reads and deserialises every
/// event once per projection). The host's rebuild — the admin route and <c>projections rebuild</c> — runs this instead
/// of the daemon for the projections it names, and the daemon for the rest. What it writes must equal what the
/// projections write as the facts come in.
/// </summary>
public interface IProjectionRebuilder
{
    /// <summary>The projections it rebuilds, by their names in Marten's projection registry.</summary>
    IReadOnlyList<string> Projections { get; }

    /// <summary>
    /// Empties and refills the documents of <paramref name="projections"/> (some of <see cref="Projections"/>, inline ones:
    /// every committed event counts) in one transaction.
    /// </summary>
    Task RebuildAsync(IReadOnlySet<string> projections, CancellationToken cancellation);
}

/// <summary>
/// Says across processes that a projection rebuild is under way: the rebuild holds a PostgreSQL advisory lock in shared mode
/// for its whole run (several may run at once), and a reader that must not see documents half refilled takes it exclusively,
/// without waiting, for just its read. So the reader either reads before the rebuild began or after it ended, or skips its turn.
/// </summary>
public static class ProjectionRebuildLock
{
    /// <summary>The advisory lock's key (any number the host takes for nothing else).</summary>
    private const long Key = 0x52656275696C64; // "Rebuild"

    /// <summary>Holds the lock on <paramref name="connection"/> (its own, open for the rebuild) until it is disposed.</summary>
    public static async Task<IAsyncDisposable> HoldAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        await RunAsync(connection, "select pg_advisory_lock_shared($1)", cancellation);
        return new Held(connection);
    }

    /// <summary>
    /// Runs <paramref name="read"/> while no rebuild runs and none can begin; returns false without running it when one is under way.
    /// </summary>
    public static async Task<bool> ReadWhileNoneAsync(NpgsqlConnection connection, Func<Task> read, CancellationToken cancellation)
    {
        if (!(bool)(await RunAsync(connection, "select pg_try_advisory_lock($1)", cancellation))!) return false;
        try
        {
            await read();
        }
        finally
        {
            await RunAsync(connection, "select pg_advisory_unlock($1)", CancellationToken.None);
        }
        return true;
    }

    private static async Task<object?> RunAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Key });
        return await command.ExecuteScalarAsync(cancellation);
    }

    private sealed class Held(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await RunAsync(connection, "select pg_advisory_unlock_shared($1)", CancellationToken.None);
    }
}

/// <summary>What the modules' rebuilds (<see cref="IProjectionRebuilder"/>) do to the tables they refill.</summary>
public static class RebuildTables
{
    /// <summary>
    /// Refills <paramref name="tables"/> in one transaction: they are truncated first, so writers and readers of them wait
    /// for the commit instead of seeing them half full (and a concurrent write applies its event to the rebuilt rows); their
    /// indexes are dropped, <paramref name="fill"/> writes the rows on the transaction's connection, and the indexes are
    /// built again once from the same definitions (<c>maintenance_work_mem = 1GB</c> for this transaction alone): building
    /// an index once is several times cheaper than inserting millions of rows into it. The tables are analyzed after the
    /// commit, so the new rows have statistics at once rather than when autovacuum next gets to them.
    /// </summary>
    public static async Task RefillAsync(IMartenDatabase database, string[] tables, Func<NpgsqlConnection, Task> fill, ILogger logger,
        CancellationToken cancellation)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        var list = string.Join(", ", tables);
        await ExecuteAsync(connection, $"truncate {list}; set local maintenance_work_mem = '1GB'", cancellation);
        var indexes = await DropIndexesAsync(connection, tables, cancellation);
        var clock = Stopwatch.StartNew();
        await fill(connection);
        logger.LogInformation("Rebuild of {Tables}: rows written in {Seconds:0.0} s", list, clock.Elapsed.TotalSeconds);
        clock.Restart();
        foreach (var index in indexes) await ExecuteAsync(connection, index, cancellation);
        await transaction.CommitAsync(cancellation);
        await ExecuteAsync(connection, $"analyze {list}", cancellation);
        logger.LogInformation("Rebuild of {Tables}: {Indexes} indexes built and committed in {Seconds:0.0} s", list, indexes.Count, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Drops the tables' indexes, primary keys included; returns the statements that create them again, under the same
    /// names and definitions.
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

    /// <summary>No timeout: an index over millions of rows may take longer than the host's 30 s for a request's statement.</summary>
    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellation);
    }
}
