namespace CapabilityOps.Appraisal.Tests;

[Collection(ApiCollection.Name)]
public class RebuildTests(ApiFixture api)
{
    [Fact]
    public async Task Rebuilding_every_projection_from_scratch_gives_the_same_views()
    {
        var client = api.Client();
        var city = await client.Unit();
        var county = await client.Unit("CountyBureau", city);
        var leader = await client.Cadre(county, "SectionLevel", birthDate: "1988-01-01", education: "HighSchool");
        await (await client.PostJson($"/api/v1/cadres/{leader}/rank-changes", new { rank = "Leader", effectiveOn = "2025-04-01" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{leader}/education", new { level = "JuniorCollege", awardedOn = "2025-07-01" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{leader}/grassroots-visits",
            new { from = "2025-03-01", to = "2025-03-20", kind = "Rural", place = "某村" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{leader}/assisted-enterprises", new { enterprise = "某水泥厂", since = "2025-02-01" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/units/{county}/monthly-reports", new { month = "2025-06", progress = "进展" })).Json(HttpStatusCode.Created);

        string[] views =
        [
            $"/api/v1/cadres/{leader}", $"/api/v1/units/{county}", $"/api/v1/service-visits/cadres/{leader}?year=2025",
            $"/api/v1/compliance/cadres/{leader}?year=2025", $"/api/v1/compliance/units/{city}?year=2025",
            $"/api/v1/appraisals/units/{county}?year=2025", "/api/v1/rulebook/versions/1",
        ];
        await api.WaitForReadModel();
        var before = new List<string>();
        foreach (var view in views) before.Add((await client.GetJson(view)).ToJsonString());

        var report = await (await client.PostAsync("/api/v1/admin/projections/rebuild", null)).Json(HttpStatusCode.OK);
        report["projections"]!.AsArray().Count.ShouldBeGreaterThanOrEqualTo(4);

        for (var i = 0; i < views.Length; i++) (await client.GetJson(views[i])).ToJsonString().ShouldBe(before[i], views[i]);
    }
}
