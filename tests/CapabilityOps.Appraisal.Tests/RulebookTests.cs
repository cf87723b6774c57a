namespace CapabilityOps.Appraisal.Tests;

[Collection(ApiCollection.Name)]
public class RulebookTests(ApiFixture api)
{
    [Fact]
    public async Task Version_1_holds_the_programme_defaults()
    {
        var v1 = await api.Client().GetJson("/api/v1/rulebook/versions/1");
        v1["targets"]!["LRN-1.hoursPerYear"]!.GetValue<decimal>().ShouldBe(60);
        v1["targets"]!["SVC-1.days"]!.GetValue<decimal>().ShouldBe(60);
        v1["targets"]!["SVC-2.days"]!.GetValue<decimal>().ShouldBe(40);
        v1["targets"]!["RPT-1.deadlineDay"]!.GetValue<decimal>().ShouldBe(28);
        v1["unitWeights"]!["CountyBureau"]!["SVC"]!.GetValue<decimal>().ShouldBe(10);
        v1["unitWeights"]!["Department"]!["BUSINESS"]!.GetValue<decimal>().ShouldBe(40);
    }

    [Fact]
    public async Task A_published_version_carries_the_previous_numbers_with_the_changes()
    {
        var admin = api.Client();
        var published = await (await admin.PostJson("/api/v1/admin/rulebook/versions",
            new { name = "far future: 50 hours", effectiveFromYear = 2100, targets = new Dictionary<string, decimal> { ["LRN-1.hoursPerYear"] = 50 } }))
            .Json(HttpStatusCode.Created);
        var version = published["version"]!.GetValue<int>();
        version.ShouldBeGreaterThan(1);

        var read = await admin.GetJson($"/api/v1/rulebook/versions/{version}");
        read["targets"]!["LRN-1.hoursPerYear"]!.GetValue<decimal>().ShouldBe(50);
        read["targets"]!["SVC-1.days"]!.GetValue<decimal>().ShouldBe(60);
        (await admin.GetJson("/api/v1/rulebook/versions")).AsArray().Select(v => v!["version"]!.GetValue<int>()).ShouldContain(version);
    }

    [Fact]
    public async Task Unknown_targets_and_non_admins_are_refused()
    {
        await (await api.Client().PostJson("/api/v1/admin/rulebook/versions",
            new { name = "typo", effectiveFromYear = 2100, targets = new Dictionary<string, decimal> { ["LRN-1.hours"] = 50 } }))
            .Problem(HttpStatusCode.BadRequest, "targets");
        var city = await api.Client().Unit();
        var writer = api.Client(apiKey: await api.IssueKey("UnitWriter", city));
        await (await writer.PostJson("/api/v1/admin/rulebook/versions", new { name = "x", effectiveFromYear = 2100 })).Problem(HttpStatusCode.Forbidden);
        await (await api.Client().GetAsync("/api/v1/rulebook/versions/999")).Problem(HttpStatusCode.NotFound);
    }
}
