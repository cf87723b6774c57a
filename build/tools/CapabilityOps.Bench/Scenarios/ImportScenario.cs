using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CapabilityOps.SharedKernel;
using NpgsqlTypes;

namespace CapabilityOps.Bench.Scenarios;

/// <summary>
/// 2. A study-hours CSV (1,000,000 rows in the full run) through <c>POST /api/v1/imports/study-hours</c>, against binary
/// COPY of the same rows into a plain table. Rows spread over every cadre and the days of this year so far, one hour each.
/// </summary>
public static class ImportScenario
{
    private sealed record Row(string StaffNo, decimal Hours, DateOnly StudiedOn, string Topic, string ExternalId);

    public static async Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken cancellation)
    {
        var rows = Rows(context);
        var csv = new StringBuilder("staffNo,hours,studiedOn,channel,source,topic,externalId\n", rows.Count * 64);
        foreach (var r in rows)
            csv.Append(r.StaffNo).Append(',').Append(r.Hours.ToString(CultureInfo.InvariantCulture)).Append(',').Append(r.StudiedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                .Append(",Offline,bench-import,").Append(r.Topic).Append(',').Append(r.ExternalId).Append('\n');
        var body = Encoding.UTF8.GetBytes(csv.ToString());

        Console.Error.WriteLine($"  import: {rows.Count:N0} rows ({body.Length / 1048576.0:0.0} MB) by binary COPY (baseline)");
        var copySeconds = await CopyAsync(context, rows, cancellation);

        Console.Error.WriteLine($"  import: {rows.Count:N0} rows through the import route");
        using var client = LoadDriver.Client(context.Url, context.WriterKey, 1);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsync("/api/v1/imports/study-hours", content, cancellation);
        var text = await response.Content.ReadAsStringAsync(cancellation);
        var seconds = clock.Elapsed.TotalSeconds;
        var result = response.IsSuccessStatusCode ? JsonNode.Parse(text)!.AsObject() : null;
        var accepted = result?["accepted"]?.GetValue<int>() ?? 0;
        var rejected = result?["rejectedCount"]?.GetValue<int>() ?? -1;

        var rate = accepted / seconds;
        var baselineRate = rows.Count / copySeconds;
        var ratio = rate / baselineRate;
        return new ScenarioResult("import", new() { ["rows"] = rows.Count, ["megabytes"] = Math.Round(body.Length / 1048576.0, 1) },
            new() { ["rowsPerSecond"] = Math.Round(rate, 0), ["seconds"] = Math.Round(seconds, 2), ["accepted"] = accepted, ["rejected"] = rejected, ["status"] = (int)response.StatusCode },
            new() { ["rowsPerSecond"] = Math.Round(baselineRate, 0), ["seconds"] = Math.Round(copySeconds, 2) },
            Math.Round(ratio, 3), "≥100,000 rows/s and ≥1/3 of binary COPY", rate >= 100_000 && ratio >= 1.0 / 3,
            response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}: {text[..Math.Min(300, text.Length)]}");
    }

    /// <summary>
    /// <paramref name="count"/> rows through the import route, untimed here (the read model scenario's trigger); the number accepted.
    /// </summary>
    public static async Task<int> ImportAsync(BenchContext context, int count, CancellationToken cancellation)
    {
        var csv = new StringBuilder("staffNo,hours,studiedOn,channel,source,topic,externalId\n", count * 64);
        foreach (var r in Rows(context).Take(count))
            csv.Append(r.StaffNo).Append(',').Append(r.Hours.ToString(CultureInfo.InvariantCulture)).Append(',').Append(r.StudiedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                .Append(",Offline,bench-import,").Append(r.Topic).Append(',').Append(r.ExternalId).Append('\n');
        using var client = LoadDriver.Client(context.Url, context.WriterKey, 1);
        client.Timeout = TimeSpan.FromMinutes(10);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        using var response = await client.PostAsync("/api/v1/imports/study-hours", content, cancellation);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellation))!["accepted"]!.GetValue<int>();
    }

    private static List<Row> Rows(BenchContext context)
    {
        var today = ChinaTime.Today(TimeProvider.System);
        var firstDay = new DateOnly(today.Year, 1, 1);
        var days = today.DayNumber - firstDay.DayNumber + 1;
        var staff = context.StaffNos;
        var run = Guid.NewGuid().ToString("N")[..8];
        return Enumerable.Range(0, context.Sizes.ImportRows)
            .Select(i => new Row(staff[i % staff.Count], 1m, firstDay.AddDays(i / staff.Count % days), "党校网络培训", $"I-{run}-{i}"))
            .ToList();
    }

    private static async Task<double> CopyAsync(BenchContext context, List<Row> rows, CancellationToken cancellation)
    {
        await using var connection = await context.OpenAsync(cancellation);
        await using (var create = new Npgsql.NpgsqlCommand("""
            drop table if exists public.bench_copy_study_hours;
            create table public.bench_copy_study_hours (staff_no text not null, hours numeric not null, studied_on date not null,
                channel text not null, source text not null, topic text, external_id text)
            """, connection))
            await create.ExecuteNonQueryAsync(cancellation);
        var clock = Stopwatch.StartNew();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "copy public.bench_copy_study_hours (staff_no, hours, studied_on, channel, source, topic, external_id) from stdin (format binary)", cancellation))
        {
            foreach (var r in rows)
            {
                await copy.StartRowAsync(cancellation);
                await copy.WriteAsync(r.StaffNo, NpgsqlDbType.Text, cancellation);
                await copy.WriteAsync(r.Hours, NpgsqlDbType.Numeric, cancellation);
                await copy.WriteAsync(r.StudiedOn, NpgsqlDbType.Date, cancellation);
                await copy.WriteAsync("Offline", NpgsqlDbType.Text, cancellation);
                await copy.WriteAsync("bench-import", NpgsqlDbType.Text, cancellation);
                await copy.WriteAsync(r.Topic, NpgsqlDbType.Text, cancellation);
                await copy.WriteAsync(r.ExternalId, NpgsqlDbType.Text, cancellation);
            }
            await copy.CompleteAsync(cancellation);
        }
        return clock.Elapsed.TotalSeconds;
    }
}
