using System.Diagnostics;
using System.Text.Json;
using CapabilityOps.SharedKernel;
using CapabilityOps.Talent.Contracts.Events;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CapabilityOps.Bench;

/// <summary>
/// <c>tenancy [--connection CS] [--cadres N] [--talks K] [--keep]</c>: the path to a database per city (docs/PERFORMANCE.md,
/// "Scale on paper"), shown on the local cluster. Two fresh databases, one tenant each, behind one Marten store configured
/// with <c>MultiTenantedDatabases</c> and the product's event-store conventions (schema, string stream keys, metadata), an
/// asynchronous projection and the async daemon in the product's HotCold mode. Both cities append cadre streams at once;
/// then the command shows that each database holds only its city's streams, events and documents, and that the daemon runs
/// one agent set per database, each catching up on its own progression. The product itself stays single-tenant.
/// </summary>
public static class TenancyCommand
{
    private static readonly (string Tenant, string Database, string Prefix)[] Cities =
    [
        ("city-a", "capabilityops_tenant_city_a", "A"),
        ("city-b", "capabilityops_tenant_city_b", "B"),
    ];

    /// <summary>The asynchronous projection the demonstration runs: talks per cadre, one document per cadre stream.</summary>
    public sealed class TenancyTalks
    {
        public string Id { get; set; } = "";
        public int Talks { get; set; }
        public DateOnly LastHeldOn { get; set; }
    }

    public sealed class TenancyTalksProjection : SingleStreamProjection<TenancyTalks, string>
    {
        public static TenancyTalks Create(IEvent<HeartToHeartTalkHeld> e) => new() { Id = e.StreamKey!, Talks = 1, LastHeldOn = e.Data.HeldOn };

        public static TenancyTalks Apply(HeartToHeartTalkHeld e, TenancyTalks talks)
        {
            talks.Talks++;
            talks.LastHeldOn = e.HeldOn > talks.LastHeldOn ? e.HeldOn : talks.LastHeldOn;
            return talks;
        }
    }

    public static async Task<int> RunAsync(Options options, CancellationToken cancellation)
    {
        var server = options.Get("connection") ?? Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
            ?? throw new ArgumentException("give --connection or set ConnectionStrings__Postgres");
        var cadres = options.Int("cadres", 2_000);
        var talks = options.Int("talks", 10);
        var connections = Cities.ToDictionary(c => c.Tenant, c => new NpgsqlConnectionStringBuilder(server) { Database = c.Database }.ConnectionString);
        foreach (var city in Cities) await RecreateAsync(server, city.Database, cancellation);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddMarten(opts =>
            {
                EventStoreConventions.Apply(opts);
                // One database per city; a new city is one more line here (or a row in a master table:
                // MultiTenantedDatabasesWithMasterDatabaseTable) and one more database.
                opts.MultiTenantedDatabases(tenancy =>
                {
                    foreach (var city in Cities) tenancy.AddSingleTenantDatabase(connections[city.Tenant], city.Tenant);
                });
                opts.Projections.Add<TenancyTalksProjection>(ProjectionLifecycle.Async);
                opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            })
            .UseLightweightSessions()
            .AddAsyncDaemon(DaemonMode.HotCold);
        using var host = builder.Build();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var clock = Stopwatch.StartNew();
        await host.StartAsync(cancellation);

        // Both cities write at once, each from 8 writers, one cadre stream per transaction (as the API's appender does).
        var appended = await Task.WhenAll(Cities.Select(city => AppendAsync(store, city.Tenant, city.Prefix, city.Prefix == "A" ? cadres : cadres / 2, talks, cancellation)));
        var appendSeconds = clock.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"tenancy: appended {string.Join(", ", appended.Select(a => $"{a.Tenant} {a.Events:N0} events in {a.Seconds:0.0} s ({a.Events / a.Seconds:N0}/s)"))}");

        // The daemon: one per database, each catching up on its own event sequence.
        var coordinator = host.Services.GetRequiredService<Marten.Events.Daemon.Coordination.IProjectionCoordinator>();
        var caughtUp = await Task.WhenAll(Cities.Select(city => WaitForDaemonAsync(connections[city.Tenant], clock, cancellation)));
        var daemons = await coordinator.AllDaemonsAsync();
        var afterCatchUp = clock.Elapsed.TotalSeconds;

        var figures = new List<Dictionary<string, object>>();
        foreach (var (city, index) in Cities.Select((c, i) => (c, i)))
        {
            await using var connection = new NpgsqlConnection(connections[city.Tenant]);
            await connection.OpenAsync(cancellation);
            async Task<long> Count(string sql)
            {
                await using var command = new NpgsqlCommand(sql, connection);
                return Convert.ToInt64(await command.ExecuteScalarAsync(cancellation), System.Globalization.CultureInfo.InvariantCulture);
            }
            var schema = EventStoreConventions.DatabaseSchema;
            var others = Cities.Where(c => c.Tenant != city.Tenant).Select(c => $"'cadre:{c.Prefix}%'");
            await using var query = store.QuerySession(city.Tenant);
            var docs = await query.Query<TenancyTalks>().CountAsync(cancellation);
            var foreign = await query.Query<TenancyTalks>().CountAsync(t => !t.Id.StartsWith("cadre:" + city.Prefix), cancellation);
            figures.Add(new()
            {
                ["tenant"] = city.Tenant, ["database"] = city.Database,
                ["streams"] = await Count($"select count(*) from {schema}.mt_streams"),
                ["events"] = await Count($"select count(*) from {schema}.mt_events"),
                ["otherCitiesStreams"] = await Count($"select count(*) from {schema}.mt_streams where {string.Join(" or ", others.Select(o => "id like " + o))}"),
                ["tenantIds"] = await Count($"select count(distinct tenant_id) from {schema}.mt_events"),
                ["eventsOfOtherTenantIds"] = await Count($"select count(*) from {schema}.mt_events where tenant_id <> '{city.Tenant}'"),
                ["projectedDocuments"] = docs, ["projectedDocumentsOfOtherCities"] = foreign,
                ["daemonProgression"] = await Count($"select coalesce(max(last_seq_id), 0) from {schema}.mt_event_progression where name like '%TenancyTalks:All'"),
                ["appendEventsPerSecond"] = Math.Round(appended[index].Events / appended[index].Seconds, 0),
                ["appendSeconds"] = Math.Round(appended[index].Seconds, 2),
                ["daemonCaughtUpSecondsAfterStart"] = Math.Round(caughtUp[index], 2),
                ["databaseBytes"] = await Count("select pg_database_size(current_database())"),
            });
        }
        var document = new
        {
            when = DateTimeOffset.UtcNow, loadAverage = File.ReadAllText("/proc/loadavg").Trim(), cadresFirstCity = cadres, talksPerCadre = talks,
            daemons = daemons.Count, appendSeconds = Math.Round(appendSeconds, 2), caughtUpSeconds = Math.Round(afterCatchUp, 2), databases = figures,
        };
        var json = JsonSerializer.Serialize(document, BenchCommand.Json);
        Console.WriteLine(json);
        var output = options.Get("out");
        if (output is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            await File.WriteAllTextAsync(output, json, cancellation);
        }
        await host.StopAsync(CancellationToken.None);

        var isolated = daemons.Count == Cities.Length && figures.All(f =>
            (long)f["otherCitiesStreams"] == 0 && (long)f["eventsOfOtherTenantIds"] == 0 && (int)f["projectedDocumentsOfOtherCities"] == 0
            && (long)f["daemonProgression"] == (long)f["events"] && (int)f["projectedDocuments"] == (long)f["streams"]);
        if (!options.Flag("keep"))
        {
            await store.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            foreach (var city in Cities) await DropAsync(server, city.Database, cancellation);
        }
        Console.Error.WriteLine(isolated
            ? "tenancy: each database holds only its city's streams, events and documents; one daemon per database caught up"
            : "tenancy: NOT isolated (see the figures above)");
        return isolated ? 0 : 1;
    }

    private sealed record Appended(string Tenant, long Events, double Seconds);

    private static async Task<Appended> AppendAsync(IDocumentStore store, string tenant, string prefix, int cadres, int talks, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var next = -1;
        var firstDay = new DateOnly(ChinaTime.Today(TimeProvider.System).Year - 1, 1, 1);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < cadres; i = Interlocked.Increment(ref next))
            {
                var staffNo = $"{prefix}{i:00000}";
                await using var session = store.LightweightSession(tenant);
                session.Events.StartStream(StreamKeys.Cadre(staffNo),
                    Enumerable.Range(0, talks).Select(t => (object)new HeartToHeartTalkHeld(staffNo, firstDay.AddDays(t * 30), "党组书记")).ToArray());
                await session.SaveChangesAsync(cancellation);
            }
        }, cancellation)));
        return new Appended(tenant, (long)cadres * talks, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Seconds on <paramref name="clock"/> when the database's projection progression reached its last event.</summary>
    private static async Task<double> WaitForDaemonAsync(string connectionString, Stopwatch clock, CancellationToken cancellation)
    {
        var schema = EventStoreConventions.DatabaseSchema;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        while (clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            await using var command = new NpgsqlCommand(
                $"select (select coalesce(max(seq_id), 0) from {schema}.mt_events) = (select coalesce(max(last_seq_id), -1) from {schema}.mt_event_progression where name like '%TenancyTalks:All')",
                connection);
            if ((bool)(await command.ExecuteScalarAsync(cancellation))!) return clock.Elapsed.TotalSeconds;
            await Task.Delay(50, cancellation);
        }
        throw new TimeoutException($"the daemon of {connection.Database} did not catch up within 5 minutes");
    }

    private static async Task RecreateAsync(string server, string database, CancellationToken cancellation)
    {
        await DropAsync(server, database, cancellation);
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync(cancellation);
        await using var create = new NpgsqlCommand($"create database {database}", connection);
        await create.ExecuteNonQueryAsync(cancellation);
    }

    private static async Task DropAsync(string server, string database, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync(cancellation);
        await using var drop = new NpgsqlCommand($"drop database if exists {database} with (force)", connection);
        await drop.ExecuteNonQueryAsync(cancellation);
    }
}
