using System.Text.Json.Nodes;

namespace CapabilityOps.Appraisal.Tests;

[Collection(ApiCollection.Name)]
public class AppraisalTests(ApiFixture api)
{
    /// <summary>Records 60 study hours in 2025, so LRN-1 is met, and a talk and a health check, so CARE-1 and CARE-3 are.</summary>
    private static async Task Study(HttpClient client, string staffNo)
    {
        for (var i = 0; i < 3; i++)
            await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours",
                new { hours = 20, studiedOn = $"2025-03-0{i + 1}", channel = "Offline", source = "集中培训", externalId = $"t-{i}" })).Json(HttpStatusCode.Created);
        await client.TalkAndCheck(staffNo);
    }

    private async Task Assess(HttpClient client, string staffNo, int score) =>
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/assessments",
            new { year = 2025, morality = score, ability = score, diligence = score, achievement = score, integrity = score })).Json(HttpStatusCode.Created);

    [Fact]
    public async Task Grades_follow_the_score_the_unit_s_excellent_quota_warnings_sanctions_and_probation_with_reasons()
    {
        var client = api.Client();
        var unit = await client.Unit();
        // Staff born in 1975: LRN-1, CARE-1 and CARE-3 are their programme rules; who studies here is also cared for.
        async Task<string> Staff(string joinedOn = "2010-01-01") => await client.Cadre(unit, "Staff", joinedOn: joinedOn, birthDate: "1975-01-01");
        var best = await Staff();
        var warned = await Staff();
        var titled = await Staff();
        var middling = await Staff();
        var weak = await Staff();
        var sanctioned = await Staff();
        var newcomer = await Staff(joinedOn: "2025-06-01");
        // Score = the rules' 60 points (LRN-1, CARE-1, CARE-3: all met or none here) + the assessment's 40 × average.
        foreach (var studious in new[] { best, warned, titled, middling }) await Study(client, studious);
        await Assess(client, best, 96);
        await Assess(client, warned, 97);
        await Assess(client, titled, 25);
        await Assess(client, middling, 0);
        await Assess(client, weak, 50);
        await Assess(client, sanctioned, 80);
        await Assess(client, newcomer, 80);
        await (await client.PostJson($"/api/v1/cadres/{warned}/sanctions", new { severity = "Warning", imposedOn = "2025-05-01", violation = "迟到早退" }))
            .Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{sanctioned}/sanctions", new { severity = "Demerit", imposedOn = "2025-02-01", violation = "违规公务接待" }))
            .Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{titled}/titles",
            new { kind = "PostExpert", level = "Municipal", title = "市级监察执法岗位能手", conferredOn = "2025-10-10" })).Json(HttpStatusCode.Created);

        async Task<JsonNode> Appraise(string staffNo)
        {
            await api.WaitForReadModel(); // the unit's other cadres, graded together, as the background has them
            return await client.GetJson($"/api/v1/appraisals/cadres/{staffNo}?year=2025");
        }
        string? GradeOf(JsonNode a) => a["grade"]?.GetValue<string>();
        string Reasons(JsonNode a) => string.Join(" | ", a["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));

        // 6 graded cadres (the newcomer is on probation, one is under a demerit): a 15% quota is 0 — nobody is Excellent.
        var top = await Appraise(best);
        top["score"]!.GetValue<decimal>().ShouldBe(98.4m);
        GradeOf(top).ShouldBe("Competent");
        Reasons(top).ShouldContain("quota");

        var warnedView = await Appraise(warned);
        GradeOf(warnedView).ShouldBe("Competent");
        Reasons(warnedView).ShouldContain("cannot be Excellent");
        Reasons(warnedView).ShouldNotContain("迟到早退");

        var titledView = await Appraise(titled);
        titledView["score"]!.GetValue<decimal>().ShouldBe(72); // 60 + 10 + 2 for the municipal title
        GradeOf(titledView).ShouldBe("Competent");
        titledView["parts"]!.AsArray().Select(p => p!["indicator"]!.GetValue<string>()).ShouldContain("TITLES");
        GradeOf(await Appraise(middling)).ShouldBe("BasicallyCompetent");
        var weakView = await Appraise(weak);
        weakView["score"]!.GetValue<decimal>().ShouldBe(20); // no rule met: 0 + 40 × 0.5
        GradeOf(weakView).ShouldBe("Incompetent");

        var sanctionedView = await Appraise(sanctioned);
        GradeOf(sanctionedView).ShouldBeNull();
        Reasons(sanctionedView).ShouldContain("demerit");
        Reasons(sanctionedView).ShouldNotContain("违规公务接待");

        var newcomerView = await Appraise(newcomer);
        GradeOf(newcomerView).ShouldBeNull();
        Reasons(newcomerView).ShouldContain("probation");
    }

    [Fact]
    public async Task The_best_cadre_of_a_large_enough_unit_is_Excellent()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var cadres = new List<string>();
        for (var i = 0; i < 7; i++) cadres.Add(await client.Cadre(unit, "Staff", birthDate: "1975-01-01"));
        for (var i = 0; i < 7; i++)
        {
            await Study(client, cadres[i]);
            await Assess(client, cadres[i], 91 + i);
        }

        await api.WaitForReadModel();
        var best = await client.GetJson($"/api/v1/appraisals/cadres/{cadres[6]}?year=2025");
        best["grade"]!.GetValue<string>().ShouldBe("Excellent");
        (await client.GetJson($"/api/v1/appraisals/cadres/{cadres[5]}?year=2025"))["grade"]!.GetValue<string>().ShouldBe("Competent");
    }

    [Fact]
    public async Task Unit_appraisals_weigh_indicators_by_kind_of_unit_and_leave_out_what_has_no_facts()
    {
        var client = api.Client();
        var city = await client.Unit();
        var county = await client.Unit("CountyBureau", city);
        var department = await client.Unit("Department", city);
        foreach (var unit in new[] { county, department })
        {
            await client.Cadre(unit, "Leader", birthDate: "1975-01-01");
            await (await client.PostJson($"/api/v1/units/{unit}/appraisal-scores", new { year = 2025, indicator = "BUSINESS", score = 80, reason = "目标完成" }))
                .Json(HttpStatusCode.Created);
            await (await client.PostJson($"/api/v1/units/{unit}/appraisal-scores", new { year = 2025, indicator = "DAILY", score = 90, reason = "日常规范" }))
                .Json(HttpStatusCode.Created);
        }

        // County: LRN-1 10 (0 met), LRN-3 5 (no training), SVC 10 (0 met), CARE 5 (no talk or check), RPT-1 5 (0 of 12),
        // BUSINESS 35 × 0.8, DAILY 20 × 0.9 → 46 of the 90 weighed → 51.1.
        await api.WaitForReadModel();
        var countyView = await client.GetJson($"/api/v1/appraisals/units/{county}?year=2025");
        countyView["score"]!.GetValue<decimal>().ShouldBe(51.1m);
        countyView["leftOut"]!.AsArray().Select(l => l!["id"]!.GetValue<string>()).ShouldContain("EQP/INF");
        countyView["indicators"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == "SVC")!["weight"]!.GetValue<decimal>().ShouldBe(10);

        // Department: LRN-1 10, LRN-3 5, SVC 5, CARE 5, RPT-1 5, BUSINESS 40 × 0.8, DAILY 20 × 0.9 → 50 of 90 → 55.6.
        var departmentView = await client.GetJson($"/api/v1/appraisals/units/{department}?year=2025");
        departmentView["score"]!.GetValue<decimal>().ShouldBe(55.6m);
        departmentView["leftOut"]!.AsArray().Select(l => l!["id"]!.GetValue<string>()).ShouldNotContain("EQP/INF");
    }

    [Fact]
    public async Task Confidential_sanctions_show_in_history_only_as_existing_to_every_role()
    {
        var admin = api.Client();
        var unit = await admin.Unit();
        var staffNo = await admin.Cadre(unit);
        await (await admin.PostJson($"/api/v1/cadres/{staffNo}/sanctions", new { severity = "Warning", imposedOn = "2025-05-01", violation = "违反工作纪律" }))
            .Json(HttpStatusCode.Created);
        var reader = api.Client(apiKey: await api.IssueKey("Reader", unit));

        // Details are read only at GET …/discipline (logged); the history is neutral for administrators too.
        (await admin.GetJson($"/api/v1/cadres/{staffNo}/history"))[1]!["data"]!.AsObject().ContainsKey("violation").ShouldBeFalse();
        (await admin.GetJson($"/api/v1/cadres/{staffNo}/discipline"))["sanctions"]![0]!["violation"]!.GetValue<string>().ShouldBe("违反工作纪律");
        var seen = (await reader.GetJson($"/api/v1/cadres/{staffNo}/history"))[1]!;
        seen["type"]!.GetValue<string>().ShouldBe("SanctionImposed");
        seen["data"]!["confidential"]!.GetValue<bool>().ShouldBeTrue();
        seen["data"]!.AsObject().ContainsKey("violation").ShouldBeFalse();
    }
}
