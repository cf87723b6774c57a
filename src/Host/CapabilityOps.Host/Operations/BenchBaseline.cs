using System.Text.Json;
using CapabilityOps.Host.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace CapabilityOps.Host.Operations;

/// <summary>
/// The physical limit build/bench compares the API with (docs/PERFORMANCE.md): plain minimal-API routes on the same
/// web server and the same PostgreSQL, with the application's connection-string settings, doing the least a request
/// can do — one INSERT, one SELECT by key. Mapped only when <c>Bench:BaselineEndpoints=true</c> (build/bench sets it;
/// never on by default), anonymous, outside <c>/api</c>, writing only to a plain table of its own — and the bench's clock
/// (<see cref="BenchClock"/>), which moves a day forward on request, and the readiness check's figures as JSON (<c>/bench/background</c>),
/// so the bench can wait for a quiet background before a timed scenario, and the host's garbage collections (<c>/bench/gc</c>).
/// </summary>
public static class BenchBaseline
{
    public const string Setting = "Bench:BaselineEndpoints";
    public const string WritesTable = "public.bench_baseline_writes";

    public static WebApplication Map(WebApplication app)
    {
        if (!app.Configuration.GetValue(Setting, false)) return app;
        var connectionString = Platform.WithConnectionDefaults(app.Configuration.GetConnectionString("Postgres")!);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        using (var create = dataSource.CreateCommand(
            $"create table if not exists {WritesTable} (id uuid primary key, staff_no text not null, hours numeric not null, studied_on date not null, body jsonb not null, recorded_at timestamptz not null default now())"))
            create.ExecuteNonQuery();

        // The write baseline: parse the same JSON body, one durable INSERT (autocommit), 201.
        app.MapPost("/bench/baseline/cadres/{staffNo}/study-hours", async (string staffNo, HttpRequest request, CancellationToken cancellation) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellation);
            var id = Guid.CreateVersion7();
            await using var insert = dataSource.CreateCommand(
                $"insert into {WritesTable} (id, staff_no, hours, studied_on, body) values ($1, $2, $3, $4, $5)");
            insert.Parameters.Add(new() { Value = id });
            insert.Parameters.Add(new() { Value = staffNo });
            insert.Parameters.Add(new() { Value = body.RootElement.GetProperty("hours").GetDecimal() });
            insert.Parameters.Add(new() { Value = DateOnly.Parse(body.RootElement.GetProperty("studiedOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture) });
            insert.Parameters.Add(new() { Value = body.RootElement.GetRawText(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb });
            await insert.ExecuteNonQueryAsync(cancellation);
            return Results.Created($"/bench/baseline/study-hours/{id}", new { id });
        }).AllowAnonymous().ExcludeFromDescription();

        // The read baseline: one stored document by key, sent as stored.
        app.MapGet("/bench/baseline/cadres/{staffNo}", (string staffNo, CancellationToken cancellation) =>
            Json(dataSource, "select data::text from capops.mt_doc_cadrerecord where id = $1", cancellation, "cadre:" + staffNo))
            .AllowAnonymous().ExcludeFromDescription();

        // The as-of baseline: a cadre's events up to an instant, as stored, in one query.
        app.MapGet("/bench/baseline/cadres/{staffNo}/events", (string staffNo, DateTimeOffset asOf, CancellationToken cancellation) =>
            Json(dataSource, "select json_agg(data order by version)::text from capops.mt_events where stream_id = $1 and timestamp <= $2",
                cancellation, "cadre:" + staffNo, asOf))
            .AllowAnonymous().ExcludeFromDescription();

        // The unit-view baseline: the records of every cadre whose unit lies below the unit, in one query.
        app.MapGet("/bench/baseline/units/{code}/cadres", (string code, CancellationToken cancellation) =>
            Json(dataSource, """
                select json_agg(c.data->>'staffNo')::text from capops.mt_doc_cadrerecord c
                join capops.mt_doc_unitrecord u on u.id = 'unit:' || (c.data->>'unitCode')
                where u.data->'path' ? $1
                """, cancellation, code))
            .AllowAnonymous().ExcludeFromDescription();
        // What the background still has to do (the lags and the trend months due), for the bench to wait on.
        app.MapGet("/bench/background", async (HealthCheckService health, CancellationToken cancellation) =>
            {
                var report = await health.CheckHealthAsync(c => c.Tags.Contains("ready"), cancellation);
                return Results.Ok(report.Entries.Values.SelectMany(e => e.Data).ToDictionary(d => d.Key, d => d.Value));
            })
            .AllowAnonymous().ExcludeFromDescription();
        // The host's garbage collections so far, for the bench to tell a GC pause beside a slow request.
        app.MapGet("/bench/gc", () => Results.Ok(new
            {
                pauseMs = GC.GetTotalPauseDuration().TotalMilliseconds,
                gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2),
                heapMb = GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0,
            }))
            .AllowAnonymous().ExcludeFromDescription();
        // The simulated midnight: the host's clock a day forward (BenchClock), as every reader of "today" sees it.
        app.MapPost("/bench/clock/next-day", (TimeProvider clock) =>
                clock is BenchClock bench ? Results.Ok(new { days = bench.NextDay(), now = bench.GetUtcNow() }) : Results.NotFound())
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> Json(NpgsqlDataSource dataSource, string sql, CancellationToken cancellation, params object[] values)
    {
        await using var query = dataSource.CreateCommand(sql);
        foreach (var value in values) query.Parameters.Add(new() { Value = value });
        return await query.ExecuteScalarAsync(cancellation) is string json ? Results.Text(json, "application/json") : Results.NotFound();
    }
}
