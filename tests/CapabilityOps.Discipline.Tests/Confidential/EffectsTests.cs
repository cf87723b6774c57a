using System.Text.Json.Nodes;

namespace CapabilityOps.Discipline.Tests.Confidential;

/// <summary>What sanctions and admonitions recorded by a DisciplineOfficer do to the appraisal, by their effect only.</summary>
[Collection(ApiCollection.Name)]
public class EffectsTests(ApiFixture api)
{
    private static async Task Study(HttpClient client, string staffNo)
    {
        for (var i = 0; i < 3; i++)
            await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours",
                new { hours = 20, studiedOn = $"2025-03-0{i + 1}", channel = "Offline", source = "集中培训", externalId = $"t-{i}" })).Json(HttpStatusCode.Created);
    }

    private static async Task Assess(HttpClient client, string staffNo, int score) =>
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/assessments",
            new { year = 2025, morality = score, ability = score, diligence = score, achievement = score, integrity = score })).Json(HttpStatusCode.Created);

    [Fact]
    public async Task Admonished_is_not_Excellent_critical_education_changes_nothing_and_a_demerit_in_its_period_means_no_grade()
    {
        var admin = api.Client();
        var unit = await admin.Unit();
        var officer = api.Client(apiKey: await api.IssueKey("DisciplineOfficer", unit));
        // Eight staff with LRN-1, CARE-1 and CARE-3 met; seven graded (one under a demerit): 15% of 7 is one Excellent place.
        var cadres = new List<string>();
        for (var i = 0; i < 8; i++) cadres.Add(await admin.Cadre(unit, "Staff", birthDate: "1975-01-01"));
        for (var i = 0; i < 8; i++)
        {
            await Study(admin, cadres[i]);
            await admin.TalkAndCheck(cadres[i]);
            await Assess(admin, cadres[i], 90 + i);
        }
        var (admonished, educated, demerited) = (cadres[7], cadres[6], cadres[0]);
        await (await officer.PostJson($"/api/v1/cadres/{admonished}/admonitions", new { kind = "Admonition", on = "2025-04-01", reason = "诫勉谈话（保密）" }))
            .Json(HttpStatusCode.Created);
        await (await officer.PostJson($"/api/v1/cadres/{educated}/admonitions", new { kind = "CriticalEducation", on = "2025-04-01", reason = "批评教育（保密）" }))
            .Json(HttpStatusCode.Created);
        await (await officer.PostJson($"/api/v1/cadres/{demerited}/sanctions", new { severity = "Demerit", imposedOn = "2024-09-01", violation = "违规公务接待（保密）" }))
            .Json(HttpStatusCode.Created);
        await api.WaitForReadModel();

        async Task<JsonNode> Appraise(string staffNo) => await admin.GetJson($"/api/v1/appraisals/cadres/{staffNo}?year=2025");
        string Reasons(JsonNode a) => string.Join(" | ", a["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));

        var top = await Appraise(admonished);
        top["grade"]!.GetValue<string>().ShouldBe("Competent");
        Reasons(top).ShouldContain("cannot be Excellent");
        Reasons(top).ShouldNotContain("诫勉谈话");
        // The admonished cadre cannot take the place: the next best, under critical education only, is Excellent.
        (await Appraise(educated))["grade"]!.GetValue<string>().ShouldBe("Excellent");

        var demerit = await Appraise(demerited);
        demerit["grade"].ShouldBeNull();
        Reasons(demerit).ShouldContain("demerit");
        Reasons(demerit).ShouldNotContain("违规公务接待");
    }
}
