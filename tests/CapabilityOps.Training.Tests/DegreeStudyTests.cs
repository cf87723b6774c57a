using static CapabilityOps.Training.Tests.TrainingApi;

namespace CapabilityOps.Training.Tests;

[Collection(ApiCollection.Name)]
public class DegreeStudyTests(ApiFixture api)
{
    private static object Study(string level = "JuniorCollege") =>
        new { targetLevel = level, institution = "江苏开放大学", programme = "环境工程技术", startsOn = "2023-09-01", estimatedFeeYuan = 5000m };

    [Fact]
    public async Task A_study_is_approved_certified_and_reimbursed_once_and_every_refusal_leaves_the_state_as_it_was()
    {
        var client = api.Client();
        var city = await client.Unit();
        var staffNo = await client.Cadre(city, birthDate: "1990-03-01", education: "HighSchool");
        var studies = $"/api/v1/cadres/{staffNo}/degree-studies";

        await (await client.PostJson(studies, Study("HighSchool"))).Problem(HttpStatusCode.BadRequest, "targetLevel");
        var requested = await (await client.PostJson(studies, Study())).Json(HttpStatusCode.Created);
        requested["status"]!.GetValue<string>().ShouldBe("Requested");
        var study = $"{studies}/{requested["id"]!.GetValue<string>()}";

        async Task Refused(string step, object body, HttpStatusCode status, string? field = null)
        {
            var before = await api.CountEvents();
            var state = (await client.GetJson(study)).ToJsonString();
            await (await client.PostJson($"{study}/{step}", body)).Problem(status, field);
            (await api.CountEvents()).ShouldBe(before, step);
            (await client.GetJson(study)).ToJsonString().ShouldBe(state, step);
        }

        var payment = new { amountYuan = 4800.50m, paidOn = "2025-07-15" };
        await Refused("reimbursements", payment, HttpStatusCode.Conflict);                       // not approved
        await Refused("certificate", new { level = "JuniorCollege", awardedOn = "2025-06-30", certificateNo = "C-1" }, HttpStatusCode.Conflict);

        (await (await client.PostJson($"{study}/approval", new { approvedFeeYuan = 4800.50m })).Json(HttpStatusCode.OK))["status"]!.GetValue<string>().ShouldBe("Approved");
        await Refused("approval", new { approvedFeeYuan = 1m }, HttpStatusCode.Conflict);           // decided already
        await Refused("refusal", new { reason = "晚了" }, HttpStatusCode.Conflict);
        await Refused("reimbursements", payment, HttpStatusCode.Conflict);                       // no certificate yet
        await Refused("certificate", new { level = "HighSchool", awardedOn = "2025-06-30", certificateNo = "C-1" }, HttpStatusCode.BadRequest, "level");

        var beforeCertificate = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        (await (await client.PostJson($"{study}/certificate", new { level = "JuniorCollege", awardedOn = "2025-06-30", certificateNo = "C-1" }))
            .Json(HttpStatusCode.Created))["status"]!.GetValue<string>().ShouldBe("Certified");
        (await client.GetJson($"/api/v1/cadres/{staffNo}"))["education"]!.GetValue<string>().ShouldBe("JuniorCollege");

        await Refused("reimbursements", new { amountYuan = 4800.51m, paidOn = "2025-07-15" }, HttpStatusCode.BadRequest, "amountYuan");
        await Refused("reimbursements", new { amountYuan = 10.005m, paidOn = "2025-07-15" }, HttpStatusCode.BadRequest, "amountYuan");
        await Refused("reimbursements", new { amountYuan = -1m, paidOn = "2025-07-15" }, HttpStatusCode.BadRequest, "amountYuan");
        await Refused("reimbursements", new { amountYuan = 100m, paidOn = "2025-06-01" }, HttpStatusCode.BadRequest, "paidOn");

        (await (await client.PostJson($"{study}/reimbursements", payment)).Json(HttpStatusCode.Created))["status"]!.GetValue<string>().ShouldBe("Reimbursed");
        await Refused("reimbursements", new { amountYuan = 1m, paidOn = "2025-07-16" }, HttpStatusCode.Conflict); // a second time

        var view = await client.GetJson(study);
        view["status"]!.GetValue<string>().ShouldBe("Reimbursed");
        view["approvedFeeYuan"]!.GetValue<decimal>().ShouldBe(4800.50m);
        view["reimbursedYuan"]!.GetValue<decimal>().ShouldBe(4800.50m);
        view["targetLevel"]!.GetValue<string>().ShouldBe("JuniorCollege");
        (await client.History(staffNo)).ShouldBe(["CadreRegistered", "DegreeStudyRequested", "DegreeStudyApproved", "DegreeStudyCertified",
            "EducationAwarded", "DegreeStudyReimbursed"]);

        // TRN-1: met from the certificate on; as known before it, the old education and the unmet check.
        var trn1 = Check(await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2025"), "TRN-1")!;
        trn1["met"]!.GetValue<bool>().ShouldBeTrue();
        trn1["target"]!.GetValue<decimal>().ShouldBe(2022);
        trn1["actual"]!.GetValue<decimal>().ShouldBe(2025);
        Check(await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2025&asOf={Instant(beforeCertificate)}"), "TRN-1")!["met"]!.GetValue<bool>().ShouldBeFalse();
        (await client.GetJson($"/api/v1/cadres/{staffNo}?asOf={Instant(beforeCertificate)}"))["education"]!.GetValue<string>().ShouldBe("HighSchool");
    }

    [Fact]
    public async Task Concurrent_reimbursements_of_one_study_pay_once_and_the_others_are_409()
    {
        var client = api.Client();
        var city = await client.Unit();
        var staffNo = await client.Cadre(city, birthDate: "1990-03-01", education: "HighSchool");
        var study = $"/api/v1/cadres/{staffNo}/degree-studies/" +
            (await (await client.PostJson($"/api/v1/cadres/{staffNo}/degree-studies", Study())).Json(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await (await client.PostJson($"{study}/approval", new { approvedFeeYuan = 3000m })).Json(HttpStatusCode.OK);
        await (await client.PostJson($"{study}/certificate", new { level = "JuniorCollege", awardedOn = "2025-06-30", certificateNo = "C-9" })).Json(HttpStatusCode.Created);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            api.Client().PostJson($"{study}/reimbursements", new { amountYuan = 3000m, paidOn = "2025-07-15" })));
        answers.Select(a => a.StatusCode).OrderBy(s => s).ShouldBe([HttpStatusCode.Created, .. Enumerable.Repeat(HttpStatusCode.Conflict, 7)]);
        (await client.History(staffNo)).Count(t => t == "DegreeStudyReimbursed").ShouldBe(1);
    }

    [Fact]
    public async Task The_certificate_does_not_record_the_education_again_when_POST_education_recorded_that_level()
    {
        var client = api.Client();
        var city = await client.Unit();
        var staffNo = await client.Cadre(city, birthDate: "1990-03-01", education: "HighSchool");
        var id = (await (await client.PostJson($"/api/v1/cadres/{staffNo}/degree-studies", Study())).Json(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/degree-studies/{id}/approval", new { approvedFeeYuan = 3000m })).Json(HttpStatusCode.OK);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/education", new { level = "JuniorCollege", awardedOn = "2025-06-30" })).Json(HttpStatusCode.Created);

        await (await client.PostJson($"/api/v1/cadres/{staffNo}/degree-studies/{id}/certificate",
            new { level = "JuniorCollege", awardedOn = "2025-06-30", certificateNo = "C-2" })).Json(HttpStatusCode.Created);

        (await client.History(staffNo)).Count(t => t == "EducationAwarded").ShouldBe(1);
        (await client.GetJson($"/api/v1/cadres/{staffNo}"))["education"]!.GetValue<string>().ShouldBe("JuniorCollege");
    }

    [Fact]
    public async Task A_refused_study_cannot_be_certified_and_an_unknown_study_is_404()
    {
        var client = api.Client();
        var city = await client.Unit();
        var staffNo = await client.Cadre(city, birthDate: "1990-03-01", education: "HighSchool");
        var id = (await (await client.PostJson($"/api/v1/cadres/{staffNo}/degree-studies", Study())).Json(HttpStatusCode.Created))["id"]!.GetValue<string>();
        (await (await client.PostJson($"/api/v1/cadres/{staffNo}/degree-studies/{id}/refusal", new { reason = "专业与岗位无关" })).Json(HttpStatusCode.OK))
            ["status"]!.GetValue<string>().ShouldBe("Refused");
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/degree-studies/{id}/certificate",
            new { level = "JuniorCollege", awardedOn = "2025-06-30", certificateNo = "C-3" })).Problem(HttpStatusCode.Conflict);
        await (await client.GetAsync($"/api/v1/cadres/{staffNo}/degree-studies/{Guid.NewGuid()}")).Problem(HttpStatusCode.NotFound);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/degree-studies/{Guid.NewGuid()}/approval", new { approvedFeeYuan = 1m })).Problem(HttpStatusCode.NotFound);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/degree-studies", new { targetLevel = "Diploma", institution = "x", programme = "y", startsOn = "2024-01-01", estimatedFeeYuan = 1m }))
            .Problem(HttpStatusCode.BadRequest, "targetLevel");
    }

    [Fact]
    public async Task TRN_1_applies_to_a_cadre_44_at_the_start_and_not_to_one_46_and_the_degree_risk_lists_who_must_still_reach_it()
    {
        var client = api.Client();
        var city = await client.Unit();
        var county = await client.Unit("CountyBureau", city);
        var at44 = await client.Cadre(county, birthDate: "1975-06-01", education: "HighSchool");
        var at46 = await client.Cadre(county, birthDate: "1973-06-01", education: "HighSchool");
        var graduate = await client.Cadre(county, birthDate: "1990-06-01", education: "Bachelor");
        var elsewhere = await client.Cadre(city, birthDate: "1990-06-01", education: "HighSchool");

        var check = Check(await client.GetJson($"/api/v1/compliance/cadres/{at44}?year=2025"), "TRN-1")!;
        check["met"]!.GetValue<bool>().ShouldBeFalse();
        check["target"]!.GetValue<decimal>().ShouldBe(2022);
        check["actual"]!.GetValue<decimal>().ShouldBe(0);
        Check(await client.GetJson($"/api/v1/compliance/cadres/{at44}?year=2022"), "TRN-1")!["met"]!.GetValue<bool>().ShouldBeTrue(); // not yet due
        Check(await client.GetJson($"/api/v1/compliance/cadres/{at46}?year=2025"), "TRN-1").ShouldBeNull();
        Check(await client.GetJson($"/api/v1/compliance/cadres/{graduate}?year=2025"), "TRN-1").ShouldBeNull();

        var risk = (await client.GetJson($"/api/v1/training/degree-risk?unit={county}")).AsArray();
        risk.Select(r => r!["staffNo"]!.GetValue<string>()).ShouldBe([at44]);
        risk[0]!["deadlineYear"]!.GetValue<int>().ShouldBe(2022);
        risk[0]!["education"]!.GetValue<string>().ShouldBe("HighSchool");
        risk[0]!["age"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(50);
        (await client.GetJson($"/api/v1/training/degree-risk?unit={city}")).AsArray().Select(r => r!["staffNo"]!.GetValue<string>())
            .ShouldBe(new[] { at44, elsewhere }.Order(StringComparer.Ordinal));
        await (await client.GetAsync("/api/v1/training/degree-risk?unit=NO-SUCH")).Problem(HttpStatusCode.BadRequest, "unit");
    }
}
