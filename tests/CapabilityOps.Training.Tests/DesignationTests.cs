using static CapabilityOps.Training.Tests.TrainingApi;

namespace CapabilityOps.Training.Tests;

[Collection(ApiCollection.Name)]
public class DesignationTests(ApiFixture api)
{
    [Fact]
    public async Task Five_post_experts_and_five_pacesetters_at_municipal_level_or_above_meet_TRN_7_per_post_tally_included()
    {
        var client = api.Client();
        var city = await client.Unit();
        var county = await client.Unit("CountyBureau", city);
        var cadres = new List<string>();
        for (var i = 0; i < 10; i++) cadres.Add(await client.Cadre(i % 2 == 0 ? city : county));

        async Task Confer(string staffNo, string kind, string level = "Municipal", string? post = "InspectionEnforcement") =>
            await (await client.PostJson($"/api/v1/cadres/{staffNo}/titles", new { kind, level, title = "岗位能手", conferredOn = "2025-10-15", post }))
                .Json(HttpStatusCode.Created);

        for (var i = 0; i < 5; i++) await Confer(cadres[i], "PostExpert", post: i < 3 ? "InspectionEnforcement" : "AdministrativeApproval");
        for (var i = 5; i < 9; i++) await Confer(cadres[i], "BusinessPacesetter", post: null); // the cadre's own post
        await Confer(cadres[9], "BusinessPacesetter", level: "County");                      // below municipal: not counted

        var short1 = await client.GetJson($"/api/v1/designations?year=2025&unit={city}");
        short1["postExperts"]!.GetValue<int>().ShouldBe(5);
        short1["businessPacesetters"]!.GetValue<int>().ShouldBe(4);
        short1["met"]!.GetValue<bool>().ShouldBeFalse();
        Check(await client.GetJson($"/api/v1/compliance/units/{city}?year=2025"), "TRN-7", "unitChecks")!["met"]!.GetValue<bool>().ShouldBeFalse();

        await Confer(cadres[9], "BusinessPacesetter", level: "Provincial", post: "General");
        var met = await client.GetJson($"/api/v1/designations?year=2025&unit={city}");
        met["met"]!.GetValue<bool>().ShouldBeTrue();
        met["byPost"]!.AsArray().Select(p => (p!["post"]!.GetValue<string>(), p["postExperts"]!.GetValue<int>(), p["businessPacesetters"]!.GetValue<int>()))
            .ShouldBe([("InspectionEnforcement", 3, 4), ("AdministrativeApproval", 2, 0), ("General", 0, 1)]);
        Check(await client.GetJson($"/api/v1/compliance/units/{city}?year=2025"), "TRN-7", "unitChecks")!["met"]!.GetValue<bool>().ShouldBeTrue();
        (await client.GetJson($"/api/v1/designations?year=2025&unit={county}"))["postExperts"]!.GetValue<int>().ShouldBe(2);
        (await client.GetJson($"/api/v1/designations?year=2024&unit={city}"))["postExperts"]!.GetValue<int>().ShouldBe(0);
        Check(await client.GetJson($"/api/v1/compliance/units/{county}?year=2025"), "TRN-7", "unitChecks").ShouldBeNull();
    }

    [Fact]
    public async Task A_post_is_only_for_post_experts_and_pacesetters_and_must_be_a_known_post()
    {
        var client = api.Client();
        var city = await client.Unit();
        var staffNo = await client.Cadre(city);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/titles",
            new { kind = "AdvancedIndividual", level = "Municipal", title = "先进个人", conferredOn = "2025-10-15", post = "General" })).Problem(HttpStatusCode.BadRequest, "post");
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/titles",
            new { kind = "PostExpert", level = "Municipal", title = "岗位能手", conferredOn = "2025-10-15", post = "Astronaut" })).Problem(HttpStatusCode.BadRequest, "post");
        await (await client.GetAsync("/api/v1/designations?year=2025&unit=NO-SUCH")).Problem(HttpStatusCode.BadRequest, "unit");
    }
}
