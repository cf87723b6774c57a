using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using CapabilityOps.Learning.StudyHours;
using CapabilityOps.SharedKernel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace CapabilityOps.Learning.Tests.StudyHours;

/// <summary>
/// POST study-hours commits concurrent requests in groups (StudyHoursCommits): each request must still be decided as if alone,
/// in arrival order, and one request's failure must not take the others of its group down. The requests below are sent at
/// once, so most of them share a transaction.
/// </summary>
[Collection(ApiCollection.Name)]
public class StudyHoursCommitsTests(ApiFixture api)
{
    private static HttpRequestMessage Log(string staffNo, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cadres/{staffNo}/study-hours") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static object Hour(string externalId, string topic = "第三讲") =>
        new { hours = 1m, studiedOn = "2025-06-03", channel = "Offline", source = "cadre-academy", topic, externalId };

    [Fact]
    public async Task Concurrent_records_of_one_cadre_and_day_stop_at_24_hours()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => client.SendAsync(Log(staffNo, Hour($"D-{i}")))));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(24);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created)) await refused.Problem(HttpStatusCode.BadRequest, "hours");
        (await api.Database.Rows($"select sum((data ->> 'hours')::numeric) from capops.mt_doc_studyhoursentry where data ->> 'staffNo' = '{staffNo}'"))
            .ShouldBe(["24"]);
        (await api.Database.Rows($"select version from capops.mt_streams where id = 'cadre:{staffNo}'")).ShouldBe(["25"]);
    }

    [Fact]
    public async Task A_groups_records_take_each_streams_next_versions_and_sequence_numbers_in_order_with_their_entries()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var cadres = new[] { await client.Cadre(unit), await client.Cadre(unit), await client.Cadre(unit) };

        // Sent at once, so that groups hold several records of one cadre among others'.
        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => client.SendAsync(Log(cadres[i % 3], Hour($"V-{i}"), Ids.Next("idem")))));

        foreach (var response in responses) await response.Json(HttpStatusCode.Created);
        var streams = string.Join(", ", cadres.Select(c => $"'cadre:{c}'"));
        foreach (var staffNo in cadres)
        {
            // The registration, then versions 2 to 11, in the order of their sequence numbers.
            var events = await api.Database.Rows($"select version from capops.mt_events where stream_id = 'cadre:{staffNo}' order by seq_id");
            events.ShouldBe(Enumerable.Range(1, 11).Select(v => v.ToString()).ToList());
            (await api.Database.Rows($"select version from capops.mt_streams where id = 'cadre:{staffNo}'")).ShouldBe(["11"]);
        }
        // Each entry holds its own event's JSON.
        (await api.Database.Rows($"select count(*) from capops.mt_events e join capops.mt_doc_studyhoursentry d on d.id = (e.data ->> 'recordId')::uuid " +
                                 $"and d.data = e.data where e.stream_id in ({streams}) and e.type = 'study_hours_logged'")).ShouldBe(["30"]);
    }

    [Fact]
    public async Task Concurrent_duplicates_record_once()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.SendAsync(Log(staffNo, Hour("SAME")))));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(11);
        (await api.Database.Rows($"select count(*) from capops.mt_doc_studyhoursentry where data ->> 'staffNo' = '{staffNo}'")).ShouldBe(["1"]);
    }

    [Fact]
    public async Task A_request_the_database_refuses_fails_alone_and_the_others_of_its_group_are_recorded()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());
        var key = Ids.Next("idem");

        // PostgreSQL cannot store a NUL in jsonb: that request's insert fails, and with it the transaction it shares.
        var bad = client.SendAsync(Log(staffNo, Hour("NUL", "第\u0000讲"), key));
        var good = Enumerable.Range(0, 15).Select(i => client.SendAsync(Log(staffNo, Hour($"G-{i}"), Ids.Next("idem")))).ToList();
        await Task.WhenAll(good.Append(bad));

        await (await bad).Problem(HttpStatusCode.BadRequest);
        foreach (var response in good) await (await response).Json(HttpStatusCode.Created);
        (await api.Database.Rows($"select count(*) from capops.mt_doc_studyhoursentry where data ->> 'staffNo' = '{staffNo}'")).ShouldBe(["15"]);
        // The refused request's claim went with its transaction: the key is free for a corrected request.
        await (await client.SendAsync(Log(staffNo, Hour("NUL"), key))).Json(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Refusals_in_a_group_keep_or_free_their_keys_as_a_lone_request_would()
    {
        var admin = api.Client();
        var (mine, other) = (await admin.Unit(), await admin.Unit());
        var (inScope, outOfScope) = (await admin.Cadre(mine), await admin.Cadre(other));
        var writer = api.Client(apiKey: await api.IssueKey("UnitWriter", mine));
        var (forbidden, invalid, unknown) = (Ids.Next("idem"), Ids.Next("idem"), Ids.Next("idem"));
        var missing = Ids.Next("S");

        var responses = await Task.WhenAll(new[]
            {
                Log(outOfScope, Hour("F"), forbidden), Log(inScope, new { hours = 30, studiedOn = "2025-06-03" }, invalid),
                Log(missing, Hour("U"), unknown),
            }
            .Concat(Enumerable.Range(0, 10).Select(i => Log(inScope, Hour($"OK-{i}"), Ids.Next("idem"))))
            .Select(writer.SendAsync));

        await responses[0].Problem(HttpStatusCode.Forbidden);
        await responses[1].Problem(HttpStatusCode.BadRequest, "hours");
        await responses[2].Problem(HttpStatusCode.NotFound);
        foreach (var response in responses.Skip(3)) await response.Json(HttpStatusCode.Created);
        var claims = await api.Database.Rows("select split_part(id, E'\\n', 2) from capops.idempotency_claims " +
            $"where split_part(id, E'\\n', 2) in ('{forbidden}', '{invalid}', '{unknown}')");
        claims.ShouldBe([unknown]); // the 404 was decided and is kept for repeats; the 403 and the 400 recorded nothing and claim nothing
        var repeat = await writer.SendAsync(Log(missing, Hour("U"), unknown));
        await repeat.Problem(HttpStatusCode.NotFound);
        repeat.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
    }

    [Fact]
    public async Task Records_of_cadres_read_before_are_decided_ahead_and_anything_changed_since_sends_the_group_back_to_its_reads()
    {
        var admin = api.Client();
        var (mine, other) = (await admin.Unit(), await admin.Unit());
        var staffNo = await admin.Cadre(mine);
        var writer = api.Client(apiKey: await api.IssueKey("UnitWriter", mine));
        using var groups = new MetricCollector<long>(api.Host.Services.GetRequiredService<IMeterFactory>(), Module.MeterName, "capops.group_commit.groups");
        List<string> Paths() => [.. groups.GetMeasurementSnapshot().Where(m => m.Tags["route"] as string == nameof(StudyHoursCommits)).Select(m => (string)m.Tags["path"]!)];

        // One record at a time, so each is a group of its own: the first reads the cadre, the second is decided ahead on that read.
        await (await writer.SendAsync(Log(staffNo, Hour("A-1")))).Json(HttpStatusCode.Created);
        await (await writer.SendAsync(Log(staffNo, Hour("A-2")))).Json(HttpStatusCode.Created);
        Paths().ShouldBe(["read", "ahead"]);

        // Hours imported on the day since: the check under the lock refuses the ahead decision, and the reads refuse the record with the day's hours.
        await (await admin.PostRaw("/api/v1/imports/study-hours",
            $"staffNo,hours,studiedOn,channel,source,topic,externalId\n{staffNo},22,2025-06-03,Online,学习强国,,IMPORTED-1", "text/csv")).Json(HttpStatusCode.OK);
        var over = await (await writer.SendAsync(Log(staffNo, Hour("A-3")))).Problem(HttpStatusCode.BadRequest, "hours");
        over["errors"]!["hours"]![0]!.GetValue<string>().ShouldContain("has 24 hours recorded on 2025-06-03");

        // A duplicate key imported since: 409.
        var duplicate = new { hours = 1m, studiedOn = "2025-06-04", channel = "Online", source = "学习强国", externalId = "IMPORTED-1" };
        await (await writer.SendAsync(Log(staffNo, duplicate))).Problem(HttpStatusCode.Conflict);

        // The cadre moved out of the key's unit since: 403, on the record as it is now.
        await (await admin.PostJson($"/api/v1/cadres/{staffNo}/transfers", new { toUnitCode = other, effectiveOn = "2025-07-01" })).Json(HttpStatusCode.Created);
        await (await writer.SendAsync(Log(staffNo, Hour("A-4")))).Problem(HttpStatusCode.Forbidden);

        // An Idempotency-Key claimed before: the first answer again, and one record.
        var key = Ids.Next("idem");
        var another = new { hours = 1m, studiedOn = "2025-06-05", channel = "Offline", source = "cadre-academy", topic = "第四讲", externalId = "A-5" };
        var first = await (await admin.SendAsync(Log(staffNo, another, key))).Json(HttpStatusCode.Created);
        var repeat = await admin.SendAsync(Log(staffNo, another, key));
        (await repeat.Json(HttpStatusCode.Created))["id"]!.GetValue<string>().ShouldBe(first["id"]!.GetValue<string>());
        repeat.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);

        Paths().ShouldBe(["read", "ahead", "ahead-refused", "read", "ahead-refused", "read", "ahead-refused", "read", "ahead", "ahead-refused", "read"]);
        (await api.Database.Rows($"select data ->> 'externalId' from capops.mt_doc_studyhoursentry where data ->> 'staffNo' = '{staffNo}' order by data ->> 'externalId'"))
            .ShouldBe(["A-1", "A-2", "A-5"]);
    }
}
