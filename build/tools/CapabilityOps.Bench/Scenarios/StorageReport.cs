using Npgsql;

namespace CapabilityOps.Bench.Scenarios;

/// <summary>
/// The database's size at the end of a run, for the scale estimates of docs/PERFORMANCE.md: the events and streams (rows,
/// bytes with indexes and TOAST, bytes per row) and the largest tables and indexes. Sizes are on-disk pages, so they include
/// the free space the run's updates left behind.
/// </summary>
public static class StorageReport
{
    private const int Largest = 15;

    public static async Task<Dictionary<string, object>> ReadAsync(BenchContext context, CancellationToken cancellation)
    {
        await using var connection = await context.OpenAsync(cancellation);
        async Task<long> Scalar(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellation), System.Globalization.CultureInfo.InvariantCulture);
        }
        async Task<List<Dictionary<string, object>>> Rows(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            var rows = new List<Dictionary<string, object>>();
            while (await reader.ReadAsync(cancellation))
            {
                var row = new Dictionary<string, object>();
                for (var i = 0; i < reader.FieldCount; i++) row[reader.GetName(i)] = reader.GetValue(i);
                rows.Add(row);
            }
            return rows;
        }

        var schema = await Rows("select n.nspname from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relname = 'mt_events' limit 1");
        var events = $"{schema[0]["nspname"]}.mt_events";
        var streams = $"{schema[0]["nspname"]}.mt_streams";
        var eventRows = await Scalar($"select count(*) from {events}");
        var streamRows = await Scalar($"select count(*) from {streams}");
        var eventBytes = await Scalar($"select pg_total_relation_size('{events}')");
        var eventHeap = await Scalar($"select pg_relation_size('{events}')");
        var streamBytes = await Scalar($"select pg_total_relation_size('{streams}')");
        var database = await Scalar("select pg_database_size(current_database())");
        var tables = await Rows($"""
            select n.nspname || '.' || c.relname as "table", c.reltuples::bigint as "rows", pg_total_relation_size(c.oid) as "totalBytes",
                   pg_relation_size(c.oid) as "heapBytes", pg_indexes_size(c.oid) as "indexBytes"
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
            order by pg_total_relation_size(c.oid) desc limit {Largest}
            """);
        var indexes = await Rows($"""
            select n.nspname || '.' || c.relname as "index", t.relname as "table", pg_relation_size(c.oid) as "bytes"
            from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_index i on i.indexrelid = c.oid join pg_class t on t.oid = i.indrelid
            where c.relkind = 'i' and n.nspname not in ('pg_catalog', 'information_schema')
            order by pg_relation_size(c.oid) desc limit {Largest}
            """);
        return new()
        {
            ["databaseBytes"] = database, ["events"] = eventRows, ["eventsTotalBytes"] = eventBytes, ["eventsHeapBytes"] = eventHeap,
            ["bytesPerEvent"] = eventRows == 0 ? 0 : Math.Round((double)eventBytes / eventRows, 1),
            ["databaseBytesPerEvent"] = eventRows == 0 ? 0 : Math.Round((double)database / eventRows, 1),
            ["streams"] = streamRows, ["streamsTotalBytes"] = streamBytes,
            ["bytesPerStream"] = streamRows == 0 ? 0 : Math.Round((double)streamBytes / streamRows, 1),
            ["largestTables"] = tables, ["largestIndexes"] = indexes,
        };
    }
}
