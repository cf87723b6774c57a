using Npgsql;

namespace CapabilityOps.Host.Infrastructure;

/// <summary>
/// Plans the projection daemon's event-page query afresh for every page, and only that query. With Max Auto Prepare,
/// Npgsql prepares a statement after five runs and PostgreSQL then moves it to a generic plan. For this query (a seq_id
/// range up to the high-water mark, a join to mt_streams, ORDER BY seq_id LIMIT) the generic plan expects a few hundred
/// rows, so it joins and sorts the whole remaining range for every page. Forcing custom plans on every connection would
/// make every other statement plan anew on each run, a large share of a compliance read's database time. So each page gets text of its own (a comment), is never prepared, and is
/// planned for its own range; every other statement keeps its cached plan. Called by <see cref="QuietMartenLogger"/>,
/// Marten's one hook before a command runs.
/// </summary>
internal static class DaemonPagePlans
{
    private const string Marker = " /* page ";
    private static long _pages;

    public static void Apply(NpgsqlCommand command)
    {
        var text = command.CommandText;
        if (!IsEventPage(text)) return;
        var cut = text.IndexOf(Marker, StringComparison.Ordinal);
        command.CommandText = $"{(cut < 0 ? text : text[..cut])}{Marker}{Interlocked.Increment(ref _pages)} */";
    }

    /// <summary>Marten's EventLoader: <c>… from {schema}.mt_events as d inner join {schema}.mt_streams as s on d.stream_id = s.id where d.seq_id > … order by d.seq_id limit …</c>.</summary>
    internal static bool IsEventPage(string sql) =>
        sql.Contains(".mt_events as d inner join ", StringComparison.Ordinal)
        && sql.Contains(".mt_streams as s on d.stream_id = s.id", StringComparison.Ordinal)
        && sql.Contains(" order by d.seq_id limit ", StringComparison.Ordinal);
}
