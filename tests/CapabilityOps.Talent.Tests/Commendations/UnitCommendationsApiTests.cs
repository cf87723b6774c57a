namespace CapabilityOps.Talent.Tests.Commendations;

[Collection(ApiCollection.Name)]
public class UnitCommendationsApiTests(ApiFixture api)
{
    [Fact]
    public async Task A_collective_commendation_and_a_recommendation_upward_are_facts_of_the_unit()
    {
        var client = api.Client();
        var city = await client.Unit();
        var county = await client.Unit("CountyBureau", city);
        var cadre = await client.Cadre(county);
        var outsider = await client.Cadre(await client.Unit());

        await (await client.PostJson($"/api/v1/units/{county}/commendations", new { level = "Provincial", title = "全省生态环境系统先进集体", conferredOn = "2025-01-20" }))
            .Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/units/{city}/recommendations",
            new { staffNo = cadre, level = "Provincial", title = "全省先进个人", recommendedOn = "2025-11-01", outcome = "Pending" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/units/{county}/recommendations",
            new { level = "National", title = "全国先进集体", recommendedOn = "2024-11-01", outcome = "NotConferred" })).Json(HttpStatusCode.Created);

        var before = await api.CountEvents();
        await (await client.PostJson($"/api/v1/units/{city}/recommendations",
            new { staffNo = outsider, level = "Provincial", title = "x", recommendedOn = "2025-11-01", outcome = "Pending" })).Problem(HttpStatusCode.BadRequest, "staffNo");
        await (await client.PostJson($"/api/v1/units/{city}/recommendations",
            new { level = "Provincial", title = "x", recommendedOn = "2025-11-01", outcome = "Maybe" })).Problem(HttpStatusCode.BadRequest, "outcome");
        await (await client.PostJson($"/api/v1/units/{county}/commendations", new { level = "Provincial", title = "x", conferredOn = "2099-01-20" }))
            .Problem(HttpStatusCode.BadRequest, "conferredOn");
        await (await client.PostJson("/api/v1/units/NO-SUCH-UNIT/commendations", new { level = "Provincial", title = "x", conferredOn = "2025-01-20" }))
            .Problem(HttpStatusCode.NotFound);
        (await api.CountEvents()).ShouldBe(before);

        var countyView = await client.GetJson($"/api/v1/units/{county}/commendations");
        countyView["commendations"]!.AsArray().Single()!["title"]!.GetValue<string>().ShouldBe("全省生态环境系统先进集体");
        countyView["recommendations"]!.AsArray().Single()!["outcome"]!.GetValue<string>().ShouldBe("NotConferred");
        (await client.GetJson($"/api/v1/units/{county}/commendations?year=2025"))["recommendations"]!.AsArray().ShouldBeEmpty();
        (await client.GetJson($"/api/v1/units/{city}/commendations"))["recommendations"]!.AsArray().Single()!["staffNo"]!.GetValue<string>().ShouldBe(cadre);
    }
}
