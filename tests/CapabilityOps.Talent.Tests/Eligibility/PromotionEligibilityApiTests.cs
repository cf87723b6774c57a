using System.Text.Json.Nodes;

namespace CapabilityOps.Talent.Tests.Eligibility;

[Collection(ApiCollection.Name)]
public class PromotionEligibilityApiTests(ApiFixture api)
{
    private static async Task Title(HttpClient client, string staffNo, string kind, string level, string conferredOn) =>
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/titles", new { kind, level, title = "称号", conferredOn })).Json(HttpStatusCode.Created);

    [Fact]
    public async Task A_municipal_pacesetter_is_listed_and_a_cadre_in_a_sanction_period_is_left_out_without_a_word_of_why()
    {
        var client = api.Client();
        var city = await client.Unit();
        var county = await client.Unit("CountyBureau", city);
        var pacesetter = await client.Cadre(county, name: "李明");
        var sanctioned = await client.Cadre(county);
        var countyExpert = await client.Cadre(city);
        var partyMember = await client.Cadre(city);
        var outsider = await client.Cadre(await client.Unit());

        // The demerit was imposed a month ago: its period is open today.
        var beforeTitles = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        var lastYear = DateTime.UtcNow.Year - 1;
        await Title(client, pacesetter, "BusinessPacesetter", "Municipal", $"{lastYear}-10-10");
        await Title(client, sanctioned, "PostExpert", "Provincial", $"{lastYear}-10-10");
        await Title(client, countyExpert, "PostExpert", "County", $"{lastYear}-10-10");
        await Title(client, partyMember, "ExcellentPartyMember", "Bureau", $"{lastYear}-07-01");
        await Title(client, outsider, "BusinessPacesetter", "National", $"{lastYear}-07-01");
        await (await client.PostJson($"/api/v1/cadres/{sanctioned}/sanctions",
            new { severity = "Demerit", imposedOn = DateTime.UtcNow.AddDays(-30).ToString("yyyy-MM-dd"), violation = "违规公务接待" })).Json(HttpStatusCode.Created);

        var answer = await client.GetJson($"/api/v1/promotion-eligibility?unit={city}");
        var candidates = answer["candidates"]!.AsArray();
        candidates.Select(c => c!["staffNo"]!.GetValue<string>()).ShouldBe(new[] { pacesetter, partyMember }.Order(StringComparer.Ordinal));
        var listed = candidates.Single(c => c!["staffNo"]!.GetValue<string>() == pacesetter)!;
        listed["name"]!.GetValue<string>().ShouldBe("李明");
        listed["reasons"]!.ToJsonString().ShouldBe($$"""[{"kind":"BusinessPacesetter","level":"Municipal","year":{{lastYear}}}]""");
        var text = answer.ToJsonString();
        foreach (var word in new[] { sanctioned, "sanction", "Sanction", "Demerit", "违规公务接待", "处分" }) text.ShouldNotContain(word);

        // The county's own subtree, and as of before any title was recorded.
        (await client.GetJson($"/api/v1/promotion-eligibility?unit={county}"))["candidates"]!.AsArray()
            .Select(c => c!["staffNo"]!.GetValue<string>()).ShouldBe([pacesetter]);
        (await client.GetJson($"/api/v1/promotion-eligibility?unit={city}&asOf={Uri.EscapeDataString(beforeTitles.ToString("O"))}"))["candidates"]!
            .AsArray().ShouldBeEmpty();

        await (await client.GetAsync("/api/v1/promotion-eligibility")).Problem(HttpStatusCode.BadRequest, "unit");
        await (await client.GetAsync("/api/v1/promotion-eligibility?unit=NO-SUCH-UNIT")).Problem(HttpStatusCode.NotFound);
        var countyReader = api.Client(apiKey: await api.IssueKey("Reader", county));
        await (await countyReader.GetAsync($"/api/v1/promotion-eligibility?unit={city}")).Problem(HttpStatusCode.Forbidden);
    }
}
