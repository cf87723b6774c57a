using System.Diagnostics;
using CapabilityOps.Audit.Chain;
using JasperFx;
using JasperFx.Events;
using Marten;
using Npgsql;
using Weasel.Core;
using Xunit.Abstractions;

namespace CapabilityOps.Audit.Tests.Chain;

/// <summary>Runs only when CAPOPS_BENCH_EVENTS is set (e.g. 1000000): it takes a minute or two and a scratch database.</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CAPOPS_BENCH_EVENTS")))
            Skip = "Benchmark: set CAPOPS_BENCH_EVENTS (e.g. 1000000) to run it.";
    }
}

/// <summary>
/// How fast the chain is written and verified: a scratch database with Marten's event tables, N synthetic events (10,000
/// cadre streams of visits with Chinese text, headers, user names, correlation ids; one gap in the sequence from a
/// rolled-back append) inserted by SQL, chained by the same writer the subscription uses, then verified the way
/// <c>GET /api/v1/audit/verify</c> does. Run:
/// <c>CAPOPS_BENCH_EVENTS=1000000 dotnet test tests/CapabilityOps.Audit.Tests --filter VerifyBenchmark --logger "console;verbosity=detailed"</c>.
/// </summary>
public class VerifyBenchmark(ITestOutputHelper output)
{
    [BenchmarkFact]
    public async Task Chaining_and_verifying_a_large_store()
    {
        var events = long.Parse(Environment.GetEnvironmentVariable("CAPOPS_BENCH_EVENTS")!, System.Globalization.CultureInfo.InvariantCulture);
        await using var database = await TestDatabase.CreateAsync();
        using var store = DocumentStore.For(opts =>
        {
            opts.Connection(database.ConnectionString);
            opts.DatabaseSchemaName = "capops";
            opts.Events.StreamIdentity = StreamIdentity.AsString;
            opts.Events.MetadataConfig.HeadersEnabled = true;
            opts.Events.MetadataConfig.CorrelationIdEnabled = true;
            opts.Events.MetadataConfig.CausationIdEnabled = true;
            opts.Events.MetadataConfig.UserNameEnabled = true;
            opts.AutoCreateSchemaObjects = AutoCreate.All;
            opts.Storage.ExtendedSchemaObjects.Add(ChainStore.Definition("capops"));
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(IEvent));

        var clock = Stopwatch.StartNew();
        await Sql(database, $"""
            insert into capops.mt_streams (id, version) select 'cadre:B' || s, 100 from generate_series(1, ({events} + 99) / 100) s;
            insert into capops.mt_events (seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type, correlation_id, headers, user_name)
            select g + (g > {events} / 2)::int, gen_random_uuid(), 'cadre:B' || ((g - 1) / 100 + 1), (g - 1) % 100 + 1,
                   jsonb_build_object('staffNo', 'B' || ((g - 1) / 100 + 1), 'visitId', gen_random_uuid(), 'from', '2025-03-01', 'to', '2025-03-04',
                                      'kind', 'Rural', 'place', '恩阳区柳林镇第' || g || '村', 'enterprise', null),
                   'grassroots_visit_recorded', now() - interval '1 millisecond' * ({events} - g),
                   'CapabilityOps.ServiceVisits.Contracts.Events.GrassrootsVisitRecorded, CapabilityOps.ServiceVisits.Contracts',
                   md5(g::text), '{"{"}"source": "hr-system"{"}"}'::jsonb, 'bench-key'
            from generate_series(1, {events}) g;
            analyze capops.mt_events;
            """);
        output.WriteLine($"inserted {events:N0} events in {clock.Elapsed.TotalSeconds:0.0} s");

        var chain = new ChainStore(store.Options);
        clock.Restart();
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            (await chain.ExtendAsync(connection, long.MaxValue, 10_000, CancellationToken.None)).ShouldBe(events);
        }
        output.WriteLine($"chained in {clock.Elapsed.TotalSeconds:0.0} s ({events / clock.Elapsed.TotalSeconds:N0} events/s)");

        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            clock.Restart();
            long rows = 0;
            await foreach (var _ in chain.EventsAsync(connection, 0, long.MaxValue, null, CancellationToken.None)) rows++;
            output.WriteLine($"baseline, reading the rows on one connection: {clock.Elapsed.TotalSeconds:0.00} s");
            clock.Restart();
            await foreach (var _ in chain.LinksAsync(connection, 0, long.MaxValue, CancellationToken.None)) rows++;
            output.WriteLine($"baseline, reading the links on one connection: {clock.Elapsed.TotalSeconds:0.00} s");
        }
        var report = await VerifyAuditChainEndpoint.VerifyAsync(store, null, null, CancellationToken.None);
        output.WriteLine($"verified={report.Verified} checked={report.EventsChecked:N0} workers={report.Workers} in {report.Seconds:0.00} s ({report.EventsPerSecond:N0} events/s)");
        report.Verified.ShouldBeTrue();
        report.EventsChecked.ShouldBe(events);

        var middle = events / 3;
        await Sql(database, $"update capops.mt_events set data = jsonb_set(data, '{{place}}', '\"别处\"') where seq_id = {middle}");
        var tampered = await VerifyAuditChainEndpoint.VerifyAsync(store, null, null, CancellationToken.None);
        output.WriteLine($"after one edit: verified={tampered.Verified} firstBrokenAt={tampered.FirstBrokenAt} in {tampered.Seconds:0.00} s");
        tampered.FirstBrokenAt!.Sequence.ShouldBe(middle);
    }

    private static async Task Sql(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }
}
