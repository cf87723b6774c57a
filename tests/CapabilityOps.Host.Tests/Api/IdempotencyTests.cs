namespace CapabilityOps.Host.Tests.Api;

[Collection(ApiCollection.Name)]
public class IdempotencyTests(ApiFixture api)
{
    private static HttpRequestMessage Post(string url, object body, string key) => new(HttpMethod.Post, url)
    {
        Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body, Http.JsonOptions), System.Text.Encoding.UTF8, "application/json"),
        Headers = { { "Idempotency-Key", key } },
    };

    [Fact]
    public async Task A_repeat_returns_the_first_response_and_records_nothing_new()
    {
        var client = api.Client();
        var city = await client.Unit();
        var staffNo = await client.Cadre(city, "Staff");
        var key = Guid.NewGuid().ToString();
        var body = new { rank = "SectionLevel", effectiveOn = "2024-03-01" };

        var first = await client.SendAsync(Post($"/api/v1/cadres/{staffNo}/rank-changes", body, key));
        var firstBody = await first.Content.ReadAsStringAsync();
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        var events = await api.CountEvents();

        var again = await client.SendAsync(Post($"/api/v1/cadres/{staffNo}/rank-changes", body, key));
        again.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await again.Content.ReadAsStringAsync()).ShouldBe(firstBody);
        again.Headers.Location.ShouldBe(first.Headers.Location);
        again.Headers.GetValues("Idempotent-Replayed").ShouldContain("true");
        (await api.CountEvents()).ShouldBe(events);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_changes_nothing()
    {
        var client = api.Client();
        var city = await client.Unit();
        var staffNo = await client.Cadre(city, "Staff");
        var key = Guid.NewGuid().ToString();
        (await client.SendAsync(Post($"/api/v1/cadres/{staffNo}/rank-changes", new { rank = "SectionLevel", effectiveOn = "2024-03-01" }, key)))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var events = await api.CountEvents();

        await (await client.SendAsync(Post($"/api/v1/cadres/{staffNo}/rank-changes", new { rank = "Leader", effectiveOn = "2024-03-01" }, key)))
            .Problem(HttpStatusCode.UnprocessableEntity);
        (await api.CountEvents()).ShouldBe(events);
        (await client.GetJson($"/api/v1/cadres/{staffNo}"))["rank"]!.GetValue<string>().ShouldBe("SectionLevel");
    }

    [Fact]
    public async Task Concurrent_duplicates_record_once_and_all_get_the_same_answer()
    {
        var client = api.Client();
        var city = await client.Unit();
        var key = Guid.NewGuid().ToString();
        var staffNo = Ids.Next("S");
        var body = Bureau.NewCadre(staffNo, city);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.SendAsync(Post("/api/v1/cadres", body, key))));
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        (await client.GetJson($"/api/v1/cadres/{staffNo}/history")).AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Keys_survive_a_host_restart()
    {
        var client = api.Client();
        var city = await client.Unit();
        var staffNo = await client.Cadre(city, "Staff");
        var key = Guid.NewGuid().ToString();
        var body = new { level = "Master", awardedOn = "2023-06-30" };
        (await client.SendAsync(Post($"/api/v1/cadres/{staffNo}/education", body, key))).StatusCode.ShouldBe(HttpStatusCode.Created);

        await using var restarted = await api.StartAnotherHost();
        var replay = await restarted.Client().SendAsync(Post($"/api/v1/cadres/{staffNo}/education", body, key));
        replay.StatusCode.ShouldBe(HttpStatusCode.Created);
        replay.Headers.GetValues("Idempotent-Replayed").ShouldContain("true");
        (await client.GetJson($"/api/v1/cadres/{staffNo}/history")).AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task Two_callers_may_use_the_same_key_value_without_meeting()
    {
        var admin = api.Client();
        var city = await admin.Unit();
        var writer = api.Client(apiKey: await api.IssueKey("UnitWriter", city));
        var key = Guid.NewGuid().ToString();
        (await admin.SendAsync(Post("/api/v1/cadres", Bureau.NewCadre(Ids.Next("S"), city), key))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await writer.SendAsync(Post("/api/v1/cadres", Bureau.NewCadre(Ids.Next("S"), city), key))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_malformed_key_is_400() =>
        await (await api.Client().SendAsync(Post("/api/v1/units", new { }, new string('k', 201)))).Problem(HttpStatusCode.BadRequest);
}
