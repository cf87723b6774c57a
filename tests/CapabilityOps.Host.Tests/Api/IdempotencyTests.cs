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

    /// <summary>The claim row as stored: status, Content-Type, Location, body text, and the transaction that last wrote it.</summary>
    private async Task<List<string>> Claim(string key) => await api.Database.Rows(
        "select status, content_type, coalesce(location, ''), convert_from(body, 'UTF8'), xmin::text from capops.idempotency_claims " +
        $"where id like '%' || chr(10) || '{key}'");

    [Fact]
    public async Task The_answer_commits_in_the_transaction_that_records_the_facts_so_a_retry_after_a_lost_response_gets_it()
    {
        var client = api.Client();
        var city = await client.Unit();
        var staffNo = await client.Cadre(city, "Staff");
        var key = Guid.NewGuid().ToString();
        var body = new { rank = "SectionLevel", effectiveOn = "2024-03-01" };

        var first = await client.SendAsync(Post($"/api/v1/cadres/{staffNo}/rank-changes", body, key));
        var firstBody = await first.Content.ReadAsStringAsync();
        first.StatusCode.ShouldBe(HttpStatusCode.Created);

        // One row, written once, by the transaction that appended the event: the answer is there whenever the facts are.
        var fact = await api.Database.Rows($"select xmin::text from capops.mt_events where stream_id = 'cadre:{staffNo}' and version = 2");
        (await Claim(key)).ShouldBe([$"201|{first.Content.Headers.ContentType}|{first.Headers.Location}|{firstBody}|{fact.Single()}"]);

        // Whatever happened to the first response, a retry is answered as it was, and records nothing.
        var events = await api.CountEvents();
        var retry = await client.SendAsync(Post($"/api/v1/cadres/{staffNo}/rank-changes", body, key));
        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await retry.Content.ReadAsStringAsync()).ShouldBe(firstBody);
        retry.Headers.Location.ShouldBe(first.Headers.Location);
        retry.Content.Headers.ContentType.ShouldBe(first.Content.Headers.ContentType);
        retry.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        first.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        (await api.CountEvents()).ShouldBe(events);
    }

    [Fact]
    public async Task A_refusal_commits_with_its_claim_and_a_retry_gets_the_same_bytes()
    {
        var client = api.Client();
        var city = await client.Unit();
        var staffNo = await client.Cadre(city, "Staff");
        var key = Guid.NewGuid().ToString();
        // Decided by the endpoint (the cadre joined in 2010), not by validation: the refusal is the request's answer.
        var body = new { rank = "SectionLevel", effectiveOn = "2005-03-01" };

        var first = await client.SendAsync(Post($"/api/v1/cadres/{staffNo}/rank-changes", body, key));
        var firstBody = await first.Content.ReadAsStringAsync();
        ((int)first.StatusCode).ShouldBeInRange(400, 499);
        first.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await Claim(key)).Single().ShouldStartWith($"{(int)first.StatusCode}|application/problem+json||{firstBody}|");

        var retry = await client.SendAsync(Post($"/api/v1/cadres/{staffNo}/rank-changes", body, key));
        retry.StatusCode.ShouldBe(first.StatusCode);
        // The very bytes, trace id included: the stored answer, not a new decision rendered again.
        (await retry.Content.ReadAsStringAsync()).ShouldBe(firstBody);
        retry.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
    }

    [Fact]
    public async Task A_retried_import_gets_the_first_imports_answer_not_a_count_of_duplicates()
    {
        var client = api.Client();
        var city = await client.Unit();
        var staffNo = await client.Cadre(city, "Staff");
        var key = Guid.NewGuid().ToString();
        var csv = $"staffNo,hours,studiedOn,channel,source,externalId\n{staffNo},2,2025-03-02,Online,学习强国,IDEM-1\n{staffNo},1,2025-03-03,Offline,党校,IDEM-2\n";
        HttpRequestMessage Import() => new(HttpMethod.Post, "/api/v1/imports/study-hours")
        {
            Content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"), Headers = { { "Idempotency-Key", key } },
        };

        var first = await client.SendAsync(Import());
        var firstBody = await first.Content.ReadAsStringAsync();
        (await first.Json(HttpStatusCode.OK))["accepted"]!.GetValue<int>().ShouldBe(2);
        var events = await api.CountEvents();

        var retry = await client.SendAsync(Import());
        (await retry.Content.ReadAsStringAsync()).ShouldBe(firstBody);
        retry.StatusCode.ShouldBe(HttpStatusCode.OK);
        retry.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        (await api.CountEvents()).ShouldBe(events);

        var changed = new HttpRequestMessage(HttpMethod.Post, "/api/v1/imports/study-hours")
        {
            Content = new StringContent(csv + $"{staffNo},1,2025-03-04,Offline,党校,IDEM-3\n", System.Text.Encoding.UTF8, "text/csv"),
            Headers = { { "Idempotency-Key", key } },
        };
        await (await client.SendAsync(changed)).Problem(HttpStatusCode.UnprocessableEntity);
        (await api.CountEvents()).ShouldBe(events);
    }

    [Fact]
    public async Task Concurrent_retries_of_a_refused_request_all_get_the_first_refusal()
    {
        var client = api.Client();
        var city = await client.Unit();
        var staffNo = await client.Cadre(city, "Staff");
        var key = Guid.NewGuid().ToString();
        var body = new { rank = "SectionLevel", effectiveOn = "2005-03-01" };

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.SendAsync(Post($"/api/v1/cadres/{staffNo}/rank-changes", body, key))));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        bodies.Distinct().ShouldHaveSingleItem();
        responses.Select(r => r.StatusCode).Distinct().ShouldHaveSingleItem();
        (await Claim(key)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_malformed_key_is_400() =>
        await (await api.Client().SendAsync(Post("/api/v1/units", new { }, new string('k', 201)))).Problem(HttpStatusCode.BadRequest);
}
