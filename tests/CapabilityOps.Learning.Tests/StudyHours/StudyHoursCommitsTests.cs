using System.Net.Http.Json;

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
}
