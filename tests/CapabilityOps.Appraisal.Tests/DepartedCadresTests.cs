using System.Text.Json.Nodes;

namespace CapabilityOps.Appraisal.Tests;

/// <summary>Cadres who left the system count in no unit figure of the appraisal: the Excellent quota, the unit's indicators.</summary>
[Collection(ApiCollection.Name)]
public class DepartedCadresTests(ApiFixture api)
{
    /// <summary>60 study hours in early 2025 (LRN-1 met), a talk and a health check (CARE-1, CARE-3 met) and an assessment of <paramref name="score"/> in every dimension.</summary>
    private static async Task Score(HttpClient client, string staffNo, int score)
    {
        for (var i = 0; i < 3; i++)
            await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours",
                new { hours = 20, studiedOn = $"2025-03-0{i + 1}", channel = "Offline", source = "集中培训", externalId = $"t-{i}" })).Json(HttpStatusCode.Created);
        await client.TalkAndCheck(staffNo);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/assessments",
            new { year = 2025, morality = score, ability = score, diligence = score, achievement = score, integrity = score })).Json(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_Excellent_quota_is_a_share_of_the_members_on_the_view_date_without_the_cadres_who_left()
    {
        var client = api.Client();
        var unit = await client.Unit();
        // Staff born in 1975: LRN-1, CARE-1 and CARE-3 are their rules. Seven members with distinct high scores, and seven who left mid-year
        // after being assessed for 2025: counted, they would make the 15% quota two places instead of one.
        var members = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var staffNo = await client.Cadre(unit, birthDate: "1975-01-01");
            await Score(client, staffNo, 100 - i);
            members.Add(staffNo);
        }
        var left = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var staffNo = await client.Cadre(unit, birthDate: "1975-01-01");
            await Score(client, staffNo, 90);
            await (await client.PostJson($"/api/v1/cadres/{staffNo}/departures", new { kind = i % 2 == 0 ? "Retired" : "Resigned", effectiveOn = "2025-06-30" }))
                .Json(HttpStatusCode.Created);
            left.Add(staffNo);
        }

        // The unit's other cadres are graded as the background read model holds them.
        await api.WaitForReadModel();
        async Task<JsonNode> Appraise(string staffNo) => await client.GetJson($"/api/v1/appraisals/cadres/{staffNo}?year=2025");
        (await Appraise(members[0]))["grade"]!.GetValue<string>().ShouldBe("Excellent");
        var second = await Appraise(members[1]);
        second["grade"]!.GetValue<string>().ShouldBe("Competent");
        string.Join(" | ", second["reasons"]!.AsArray().Select(r => r!.GetValue<string>()))
            .ShouldContain("the unit's Excellent quota (1 of 7) went to higher scores");
        foreach (var staffNo in left)
            (await (await client.GetAsync($"/api/v1/appraisals/cadres/{staffNo}?year=2025")).Problem(HttpStatusCode.NotFound))["detail"]!
                .GetValue<string>().ShouldContain("left the system on 2025-06-30");

        var compliance = await client.GetJson($"/api/v1/compliance/units/{unit}?year=2025");
        compliance["cadreCount"]!.GetValue<int>().ShouldBe(7);
        // Their own year is still theirs, pro-rated to the six months of membership.
        (await client.GetJson($"/api/v1/compliance/cadres/{left[0]}?year=2025"))["checks"]!.AsArray()
            .Single(c => c!["rule"]!.GetValue<string>() == "LRN-1")!["target"]!.GetValue<decimal>().ShouldBe(30m);
        (await client.GetJson($"/api/v1/appraisals/units/{unit}?year=2025"))["score"].ShouldNotBeNull();
    }
}
