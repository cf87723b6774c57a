namespace CapabilityOps.Host.Tests.Api;

[Collection(ApiCollection.Name)]
public class ConcurrencyTests(ApiFixture api)
{
    [Fact]
    public async Task Fifty_parallel_writers_on_one_cadre_all_succeed_or_get_409_and_the_totals_are_exact()
    {
        var client = api.Client();
        var city = await client.Unit();
        var staffNo = await client.Cadre(city, "Staff", joinedOn: "2000-01-01", birthDate: "1975-01-01");
        var start = new DateOnly(2001, 1, 1);

        // Each writer records a different certificate date, so each is a distinct, valid fact.
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => api.Client().PostJson(
            $"/api/v1/cadres/{staffNo}/education", new { level = "Bachelor", awardedOn = start.AddDays(i).ToString("yyyy-MM-dd") })));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        statuses.ShouldAllBe(s => s == 201 || s == 409);
        statuses.Count(s => s >= 500).ShouldBe(0);
        var history = (await client.GetJson($"/api/v1/cadres/{staffNo}/history")).AsArray();
        history.Count.ShouldBe(1 + statuses.Count(s => s == 201));
        history.Select(h => h!["version"]!.GetValue<long>()).ShouldBe(Enumerable.Range(1, history.Count).Select(v => (long)v));
    }

    [Fact]
    public async Task Fifty_parallel_study_hour_writers_on_one_cadre_all_land_and_the_total_is_exact()
    {
        var client = api.Client();
        var city = await client.Unit();
        var staffNo = await client.Cadre(city, "Staff", joinedOn: "2000-01-01", birthDate: "1975-01-01");
        var start = new DateOnly(2025, 1, 1);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => api.Client(source: $"platform-{i % 5}").PostJson(
            $"/api/v1/cadres/{staffNo}/study-hours",
            new { hours = 1.5m, studiedOn = start.AddDays(i).ToString("yyyy-MM-dd"), channel = "Online", source = "学习强国", externalId = $"p-{i}" })));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        statuses.ShouldAllBe(s => s == 201 || s == 409);
        var created = statuses.Count(s => s == 201);
        created.ShouldBe(50, "writes to one cadre queue on the stream lock instead of failing");
        var history = (await client.GetJson($"/api/v1/cadres/{staffNo}/history")).AsArray();
        history.Count.ShouldBe(1 + created);
        var compliance = await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2025");
        compliance["checks"]!.AsArray().Single(c => c!["rule"]!.GetValue<string>() == "LRN-1")!["actual"]!.GetValue<decimal>().ShouldBe(1.5m * created);
    }
}
