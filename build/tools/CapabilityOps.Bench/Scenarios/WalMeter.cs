using Npgsql;

namespace CapabilityOps.Bench.Scenarios;

/// <summary>
/// The cluster's WAL so far (<c>pg_stat_wal</c>): bytes, full page images, and the flushes with the time they took (counted only
/// with <c>track_wal_io_timing</c> on). The difference over a write run says whether it ran just after a checkpoint began: every
/// index page a write touches first after that goes to the WAL whole, and a write that touches random pages of large indexes
/// (a study-hours record) pays for it until its pages have all been written once (docs/PERFORMANCE.md, "Session 20").
/// </summary>
public readonly record struct WalReading(double Bytes, double FullPageImages, double Flushes, double FlushMs)
{
    public static async Task<WalReading?> TakeAsync(BenchContext context, CancellationToken cancellation)
    {
        try
        {
            await using var connection = await context.OpenAsync(cancellation);
            await using var command = new NpgsqlCommand("select wal_bytes::float8, wal_fpi::float8, wal_sync::float8, wal_sync_time from pg_stat_wal", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            await reader.ReadAsync(cancellation);
            return new WalReading(reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3));
        }
        catch (PostgresException)
        {
            return null; // a server without pg_stat_wal: the run goes on without these figures
        }
    }

    /// <summary>
    /// A checkpoint now, before a write scenario's API warm-up. The scenarios before (the data's load, the read model's catch-ups)
    /// write gigabytes of WAL, and without it the next checkpoint, timed or requested by that volume, began 10–30 s before
    /// the study-hours route's measured run in every full run: the route was measured at the one moment of a cycle when each
    /// record logs ~1.5 whole pages (docs/PERFORMANCE.md, "Session 20"). Every write scenario starts its cycle the same way.
    /// </summary>
    public static async Task CheckpointAsync(BenchContext context, string name, CancellationToken cancellation)
    {
        try
        {
            Console.Error.WriteLine($"  checkpoint before {name} took {await context.TimeSqlAsync("checkpoint", cancellation):0.0} s");
        }
        catch (PostgresException e)
        {
            Console.Error.WriteLine($"  no checkpoint before {name}: {e.MessageText}"); // a role without the right: measured as it falls
        }
    }

    public static WalReading operator -(WalReading a, WalReading b) =>
        new(a.Bytes - b.Bytes, a.FullPageImages - b.FullPageImages, a.Flushes - b.Flushes, a.FlushMs - b.FlushMs);

    /// <summary>Adds the run's WAL per request, and the mean flush when it was timed, to its metrics.</summary>
    public void AddTo(Dictionary<string, object> metrics, long requests)
    {
        if (requests == 0) return;
        metrics["walBytesPerRequest"] = Math.Round(Bytes / requests);
        metrics["fullPageImagesPerRequest"] = Math.Round(FullPageImages / requests, 3);
        if (FlushMs > 0 && Flushes > 0) metrics["walFlushMs"] = Math.Round(FlushMs / Flushes, 3);
    }
}
