using System.Net.Http.Json;

namespace CapabilityOps.Training.Tests;

/// <summary>
/// The modules' hot fact routes (trainings, talks, admonitions) commit concurrent requests in groups (CadreFactCommits): each is
/// still decided as if alone, in arrival order, on what the earlier ones recorded. The requests below are sent at once, so most of
/// them share a transaction.
/// </summary>
[Collection(ApiCollection.Name)]
public class CadreFactCommitsTests(ApiFixture api)
{
    private static HttpRequestMessage Post(string route, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static object Training(string externalId) =>
        new { title = "排污许可专项培训", kind = "Special", level = "Municipal", organiser = "市局人事科", from = "2025-03-01", to = "2025-03-02", hours = 2m, externalId };

    private static object Talk(string day = "2025-04-01") => new { heldOn = day, by = "党组书记" };

    [Fact]
    public async Task Concurrent_trainings_with_one_organisers_id_record_once_and_other_ids_all_record()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());

        var responses = await Task.WhenAll(Enumerable.Range(0, 24)
            .Select(i => client.SendAsync(Post($"/api/v1/cadres/{staffNo}/trainings", Training(i % 2 == 0 ? "SAME" : $"PX-{i}")))));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(13);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(11);
        (await api.Database.Rows($"select count(*) from capops.mt_events where stream_id = 'cadre:{staffNo}' and data ->> 'externalId' = 'SAME'"))
            .ShouldBe(["1"]);
    }

    [Fact]
    public async Task Concurrent_talks_with_one_cadre_follow_each_other_and_each_answer_names_its_event()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());
        var before = int.Parse((await api.Database.Rows($"select version from capops.mt_streams where id = 'cadre:{staffNo}'")).Single());

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => client.SendAsync(Post($"/api/v1/cadres/{staffNo}/talks", Talk()))));

        var ids = new List<string>();
        foreach (var response in responses) ids.Add((await response.Json(HttpStatusCode.Created))["id"]!.GetValue<string>());
        var versions = await api.Database.Rows($"select version from capops.mt_events where stream_id = 'cadre:{staffNo}' and version > {before} order by version");
        versions.ShouldBe(Enumerable.Range(before + 1, 30).Select(v => v.ToString()));
        (await api.Database.Rows($"select version from capops.mt_streams where id = 'cadre:{staffNo}'")).ShouldBe([(before + 30).ToString()]);
        (await api.Database.Rows($"select id::text from capops.mt_events where stream_id = 'cadre:{staffNo}' and version > {before}"))
            .Order().ShouldBe(ids.Order());
        (await client.History(staffNo)).Count(t => t == "HeartToHeartTalkHeld").ShouldBe(30);
    }

    [Fact]
    public async Task A_retry_gets_the_first_answer_and_refusals_in_a_group_answer_as_alone()
    {
        var admin = api.Client();
        var (mine, other) = (await admin.Unit(), await admin.Unit());
        var (inScope, outOfScope) = (await admin.Cadre(mine, joinedOn: "2020-01-01"), await admin.Cadre(other));
        var writer = api.Client(apiKey: await api.IssueKey("UnitWriter", mine));
        var key = Ids.Next("idem");

        var responses = await Task.WhenAll(new[]
            {
                Post($"/api/v1/cadres/{outOfScope}/talks", Talk()), Post($"/api/v1/cadres/{inScope}/talks", new { heldOn = "2025-04-01" }),
                Post($"/api/v1/cadres/{Ids.Next("S")}/talks", Talk()), Post($"/api/v1/cadres/{inScope}/talks", Talk("2019-06-01")),
                Post($"/api/v1/cadres/{inScope}/talks", Talk(), key),
            }
            .Concat(Enumerable.Range(0, 10).Select(_ => Post($"/api/v1/cadres/{inScope}/talks", Talk())))
            .Select(writer.SendAsync));

        await responses[0].Problem(HttpStatusCode.Forbidden);
        await responses[1].Problem(HttpStatusCode.BadRequest, "by");
        await responses[2].Problem(HttpStatusCode.NotFound);
        await responses[3].Problem(HttpStatusCode.BadRequest, "heldOn"); // before the cadre joined
        var first = await responses[4].Json(HttpStatusCode.Created);
        foreach (var response in responses.Skip(5)) await response.Json(HttpStatusCode.Created);

        var events = await api.CountEvents();
        var retry = await writer.SendAsync(Post($"/api/v1/cadres/{inScope}/talks", Talk(), key));
        (await retry.Json(HttpStatusCode.Created)).ToJsonString().ShouldBe(first.ToJsonString());
        retry.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        (await api.CountEvents()).ShouldBe(events);
        (await admin.History(inScope)).Count(t => t == "HeartToHeartTalkHeld").ShouldBe(11);
    }
}
