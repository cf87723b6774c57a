using System.Diagnostics;
using System.Threading.Channels;
using JasperFx;
using Marten;
using CapabilityOps.SharedKernel;
using Npgsql;

namespace CapabilityOps.Bench.Generation;

/// <summary>
/// Writes generated streams straight into the host's event store, not through HTTP: a Marten store configured as
/// the host's (schema, string stream keys, metadata, camelCase JSON with enums as strings) but with no projections,
/// appending in large quick-append batches from two writers. The host rebuilds its projections afterwards.
/// </summary>
public static class EventLoader
{
    public const string RecordedBy = "bench-generator";
    private const int EventsPerBatch = 20_000;

    public static DocumentStore Store(string connectionString) => DocumentStore.For(opts =>
    {
        opts.Connection(connectionString);
        EventStoreConventions.Apply(opts);
        // The host's (Marten's default) quick append, so the append function db-apply made is the one called; the schema
        // is the host's alone: a store that may patch it would replace that function with its own variant.
        opts.AutoCreateSchemaObjects = AutoCreate.None;
    });

    /// <summary>Appends every stream; returns the number of events written. Progress goes to stderr.</summary>
    public static async Task<long> LoadAsync(string connectionString, IEnumerable<GeneratedStream> streams, long expectedStreams, CancellationToken cancellation)
    {
        await using var store = Store(connectionString);
        var batches = Channel.CreateBounded<List<GeneratedStream>>(4);
        var written = 0L;
        var clock = Stopwatch.StartNew();
        var progress = new Progress("generate", expectedStreams, "streams");
        var streamsWritten = 0L;

        async Task Write()
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(cancellation))
            {
                await using var session = store.LightweightSession();
                session.LastModifiedBy = RecordedBy;
                session.CorrelationId = "bench-generator";
                session.SetHeader("source", "bench-generator");
                foreach (var stream in batch) session.Events.StartStream(stream.Key, stream.Events);
                await session.SaveChangesAsync(cancellation);
                var events = Interlocked.Add(ref written, batch.Sum(s => s.Events.Count));
                progress.Report(Interlocked.Add(ref streamsWritten, batch.Count), $" — {events:N0} events, {events / clock.Elapsed.TotalSeconds:N0} events/s");
            }
        }

        var writers = Enumerable.Range(0, 2).Select(_ => Task.Run(Write, cancellation)).ToList();
        var pending = new List<GeneratedStream>();
        var pendingEvents = 0;
        foreach (var stream in streams)
        {
            pending.Add(stream);
            pendingEvents += stream.Events.Count;
            if (pendingEvents < EventsPerBatch) continue;
            await batches.Writer.WriteAsync(pending, cancellation);
            pending = [];
            pendingEvents = 0;
        }
        if (pending.Count > 0) await batches.Writer.WriteAsync(pending, cancellation);
        batches.Writer.Complete();
        await Task.WhenAll(writers);
        progress.Done(streamsWritten);
        Console.Error.WriteLine($"  generate: {written:N0} events in {clock.Elapsed.TotalSeconds:0.0} s ({written / clock.Elapsed.TotalSeconds:N0} events/s)");
        return written;
    }

    /// <summary>Fresh statistics after a bulk load: without them the first daemon pass plans badly (about 5× slower).</summary>
    public static async Task AnalyzeAsync(string connectionString, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await using var analyze = new NpgsqlCommand("analyze capops.mt_events; analyze capops.mt_streams", connection) { CommandTimeout = 600 };
        await analyze.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>How many cadre streams the store holds (the demo generates only into an empty one).</summary>
    public static async Task<long> CountCadresAsync(string connectionString, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await using var exists = new NpgsqlCommand("select to_regclass('capops.mt_streams') is not null", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellation))!) return 0;
        await using var count = new NpgsqlCommand("select count(*) from capops.mt_streams where id like 'cadre:%'", connection);
        return (long)(await count.ExecuteScalarAsync(cancellation))!;
    }
}
