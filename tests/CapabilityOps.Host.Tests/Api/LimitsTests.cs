namespace CapabilityOps.Host.Tests.Api;

[Collection(ApiCollection.Name)]
public class LimitsTests(ApiFixture api)
{
    [Fact]
    public async Task A_key_over_its_rate_is_429_with_retry_after_and_other_keys_are_not_affected()
    {
        await using var strict = await api.StartAnotherHost(new Dictionary<string, string>
        {
            ["RateLimit:PermitsPerSecond"] = "2",
            ["RateLimit:Burst"] = "3",
        });
        var city = await api.Client().Unit();
        var reader = await api.IssueKey("Reader", city);
        var client = strict.Client(apiKey: reader);

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++) responses.Add(await client.GetAsync($"/api/v1/units/{city}"));

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        limited.ShouldNotBeEmpty();
        await limited[0].Problem(HttpStatusCode.TooManyRequests);
        int.Parse(limited[0].Headers.GetValues("Retry-After").Single()).ShouldBeGreaterThanOrEqualTo(1);
        (await strict.Client().GetAsync($"/api/v1/units/{city}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_records_nothing()
    {
        var client = api.Client();
        var before = await api.CountEvents();
        var huge = "{\"code\":\"X1\",\"name\":\"" + new string('长', 600_000) + "\",\"kind\":\"CityBureau\"}";
        await (await client.PostRaw("/api/v1/units", huge)).Problem(HttpStatusCode.RequestEntityTooLarge);
        (await api.CountEvents()).ShouldBe(before);
    }

    [Fact]
    public async Task An_unsupported_media_type_is_415() =>
        await (await api.Client().PostRaw("/api/v1/units", "<unit/>", "application/xml")).Problem(HttpStatusCode.UnsupportedMediaType);
}
