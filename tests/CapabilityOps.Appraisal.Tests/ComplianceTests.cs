namespace CapabilityOps.Appraisal.Tests;

[Collection(ApiCollection.Name)]
public class ComplianceTests(ApiFixture api)
{
    private static string Instant(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O"));

    [Fact]
    public async Task TRN_1_a_cadre_under_45_without_junior_college_is_not_compliant_until_the_degree_is_recorded()
    {
        var client = api.Client();
        var city = await client.Unit();
        var staffNo = await client.Cadre(city, "Staff", birthDate: "1990-03-01", education: "HighSchool");

        var before = await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2025");
        before["rulebookVersion"]!.GetValue<int>().ShouldBe(1);
        before["compliant"]!.GetValue<bool>().ShouldBeFalse();
        var check = before["checks"]!.AsArray().Single(c => c!["rule"]!.GetValue<string>() == "TRN-1")!;
        check["met"]!.GetValue<bool>().ShouldBeFalse();
        check["target"]!.GetValue<decimal>().ShouldBe(2022); // the deadline year: three years from the programme's start

        var beforeAward = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/education", new { level = "JuniorCollege", awardedOn = "2025-06-30" })).Json(HttpStatusCode.Created);

        bool Trn1(System.Text.Json.Nodes.JsonNode view) =>
            view["checks"]!.AsArray().Single(c => c!["rule"]!.GetValue<string>() == "TRN-1")!["met"]!.GetValue<bool>();
        Trn1(await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2025")).ShouldBeTrue();
        Trn1(await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2024")).ShouldBeFalse();

        // As known before the degree was recorded: what the bureau saw then.
        Trn1(await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2025&asOf={Instant(beforeAward)}")).ShouldBeFalse();

        var explained = await client.GetJson($"/api/v1/compliance/cadres/{staffNo}/explain?year=2025&rule=TRN-1");
        explained["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).ShouldBe(["CadreRegistered", "EducationAwarded"]);
    }

    [Fact]
    public async Task A_cadre_45_or_older_has_no_TRN_1_check_and_a_recompute_under_another_rulebook_changes_that()
    {
        var client = api.Client();
        var city = await client.Unit();
        // 46 when the programme's three years began (the age is taken then).
        var staffNo = await client.Cadre(city, "Staff", birthDate: "1973-03-01", education: "HighSchool");
        (await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2025"))["checks"]!.AsArray()
            .ShouldNotContain(c => c!["rule"]!.GetValue<string>() == "TRN-1");

        var published = await (await client.PostJson("/api/v1/admin/rulebook/versions",
            new { name = "far future: degree up to 60", effectiveFromYear = 2100, targets = new Dictionary<string, decimal> { ["TRN-1.ageLimit"] = 60 } }))
            .Json(HttpStatusCode.Created);
        var version = published["version"]!.GetValue<int>();

        var recomputed = await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2025&rulebook={version}");
        recomputed["rulebookVersion"]!.GetValue<int>().ShouldBe(version);
        recomputed["checks"]!.AsArray().Single(c => c!["rule"]!.GetValue<string>() == "TRN-1")!["met"]!.GetValue<bool>().ShouldBeFalse();
        (await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2025"))["rulebookVersion"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task The_unit_view_rolls_up_the_whole_subtree_by_where_each_cadre_was_at_the_end_of_the_year()
    {
        var client = api.Client();
        var city = await client.Unit();
        var countyA = await client.Unit("CountyBureau", city);
        var countyB = await client.Unit("CountyBureau", city);
        var officeA = await client.Unit("Department", countyA);
        var ok = await client.Cadre(officeA, birthDate: "1990-01-01", education: "Bachelor");
        var short1 = await client.Cadre(countyA, birthDate: "1990-01-01", education: "HighSchool");
        var moved = await client.Cadre(countyB, birthDate: "1990-01-01", education: "HighSchool");
        await (await client.PostJson($"/api/v1/cadres/{moved}/transfers", new { toUnitCode = countyA, effectiveOn = "2025-07-01" })).Json(HttpStatusCode.Created);

        await api.WaitForReadModel(); // the unit views follow the writes in the background
        var a2025 = await client.GetJson($"/api/v1/compliance/units/{countyA}?year=2025");
        a2025["cadreCount"]!.GetValue<int>().ShouldBe(3);
        a2025["compliantCount"]!.GetValue<int>().ShouldBe(0); // nobody has study hours (LRN-1)
        a2025["nonCompliant"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(new[] { ok, short1, moved }.Order(StringComparer.Ordinal));
        var trn1 = a2025["checks"]!.AsArray().Single(c => c!["rule"]!.GetValue<string>() == "TRN-1")!;
        trn1["met"]!.GetValue<int>().ShouldBe(0);
        trn1["total"]!.GetValue<int>().ShouldBe(2); // a cadre with a bachelor's degree has no TRN-1 check

        (await client.GetJson($"/api/v1/compliance/units/{countyA}?year=2024"))["cadreCount"]!.GetValue<int>().ShouldBe(2);
        (await client.GetJson($"/api/v1/compliance/units/{countyB}?year=2024"))["cadreCount"]!.GetValue<int>().ShouldBe(1);
        (await client.GetJson($"/api/v1/compliance/units/{city}?year=2025"))["cadreCount"]!.GetValue<int>().ShouldBe(3);
        (await client.GetJson($"/api/v1/compliance/units/{officeA}?year=2025"))["cadreCount"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Bad_years_and_unknown_cadres_are_refused()
    {
        var client = api.Client();
        var city = await client.Unit();
        var staffNo = await client.Cadre(city, joinedOn: "2024-01-01");
        await (await client.GetAsync($"/api/v1/compliance/cadres/{staffNo}?year={DateTime.UtcNow.Year + 1}")).Problem(HttpStatusCode.BadRequest, "year");
        await (await client.GetAsync($"/api/v1/compliance/cadres/{staffNo}?year=2023")).Problem(HttpStatusCode.NotFound);
        await (await client.GetAsync("/api/v1/compliance/cadres/NO-SUCH?year=2025")).Problem(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/v1/compliance/cadres/{staffNo}?year=2025&rulebook=999")).Problem(HttpStatusCode.BadRequest, "rulebook");
        await (await client.GetAsync($"/api/v1/compliance/cadres/{staffNo}/explain?year=2025")).Problem(HttpStatusCode.BadRequest, "rule");
    }
}

[Collection(ApiCollection.Name)]
public class ServiceComplianceTests(ApiFixture api)
{
    [Fact]
    public async Task SVC_1_applies_to_leaders_SVC_2_to_section_level_cadres_and_neither_to_staff()
    {
        var client = api.Client();
        var city = await client.Unit();
        var leader = await client.Cadre(city, "Leader", birthDate: "1975-01-01");
        var section = await client.Cadre(city, "SectionLevel", birthDate: "1975-01-01");
        var staff = await client.Cadre(city, "Staff", birthDate: "1975-01-01");
        await (await client.PostJson($"/api/v1/cadres/{leader}/grassroots-visits",
            new { from = "2025-03-01", to = "2025-04-29", kind = "Rural", place = "某乡镇" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{leader}/grassroots-visits",
            new { from = "2025-04-20", to = "2025-05-05", kind = "Enterprise", place = "工业园", enterprise = "某化工公司" })).Json(HttpStatusCode.Created);

        var leaderView = await client.GetJson($"/api/v1/compliance/cadres/{leader}?year=2025");
        var svc1 = leaderView["checks"]!.AsArray().Single(c => c!["rule"]!.GetValue<string>() == "SVC-1")!;
        svc1["target"]!.GetValue<decimal>().ShouldBe(60);
        svc1["actual"]!.GetValue<decimal>().ShouldBe(66); // 1 Mar–5 May: overlapping days counted once
        svc1["met"]!.GetValue<bool>().ShouldBeFalse();    // no assisted enterprises, no article yet
        svc1["note"]!.GetValue<string>().ShouldContain("assistedEnterprises 0/2");

        (await client.GetJson($"/api/v1/compliance/cadres/{section}?year=2025"))["checks"]!.AsArray()
            .Select(c => c!["rule"]!.GetValue<string>()).ShouldBe(["CARE-1", "CARE-3", "LRN-1", "SVC-2"]);
        (await client.GetJson($"/api/v1/compliance/cadres/{staff}?year=2025"))["checks"]!.AsArray()
            .Select(c => c!["rule"]!.GetValue<string>()).ShouldBe(["CARE-1", "CARE-3", "LRN-1"]);

        var explained = await client.GetJson($"/api/v1/compliance/cadres/{leader}/explain?year=2025&rule=SVC-1");
        explained["events"]!.AsArray().Count.ShouldBe(2);

        await api.WaitForReadModel();
        var unit = await client.GetJson($"/api/v1/compliance/units/{city}?year=2025");
        unit["checks"]!.AsArray().Single(c => c!["rule"]!.GetValue<string>() == "SVC-1")!["total"]!.GetValue<int>().ShouldBe(1);
        unit["nonCompliant"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(new[] { leader, section, staff }.Order(StringComparer.Ordinal));
    }
}

[Collection(ApiCollection.Name)]
public class LearningComplianceTests(ApiFixture api)
{
    [Fact]
    public async Task LRN_1_as_of_the_deadline_before_a_late_correction_and_recomputed_under_a_50_hour_rulebook()
    {
        var client = api.Client();
        var city = await client.Unit();
        var staffNo = await client.Cadre(city, "Staff", birthDate: "1975-01-01");
        await client.TalkAndCheck(staffNo); // CARE-1 and CARE-3 met, so LRN-1 decides whether the cadre is compliant
        for (var i = 0; i < 11; i++)
            await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours",
                new { hours = 5, studiedOn = $"2025-0{1 + i % 9}-1{i % 9}", channel = "Online", source = "学习强国", externalId = $"xxqg-{i}" }))
                .Json(HttpStatusCode.Created);
        await Task.Delay(20);
        var deadline = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours",
            new { hours = 6, studiedOn = "2025-12-20", channel = "Offline", source = "机关党委", externalId = "late-1" })).Json(HttpStatusCode.Created);

        decimal Lrn1(System.Text.Json.Nodes.JsonNode view, string field) =>
            view["checks"]!.AsArray().Single(c => c!["rule"]!.GetValue<string>() == "LRN-1")![field]!.GetValue<decimal>();
        var asOf = Uri.EscapeDataString(deadline.ToString("O"));

        var then = await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2025&asOf={asOf}");
        Lrn1(then, "actual").ShouldBe(55);
        Lrn1(then, "target").ShouldBe(60);
        then["compliant"]!.GetValue<bool>().ShouldBeFalse();

        var now = await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2025");
        Lrn1(now, "actual").ShouldBe(61);
        now["compliant"]!.GetValue<bool>().ShouldBeTrue();

        var published = await (await client.PostJson("/api/v1/admin/rulebook/versions",
            new { name = "far future: 50 hours", effectiveFromYear = 2100, targets = new Dictionary<string, decimal> { ["LRN-1.hoursPerYear"] = 50 } }))
            .Json(HttpStatusCode.Created);
        var v = published["version"]!.GetValue<int>();
        var recomputed = await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2025&asOf={asOf}&rulebook={v}");
        Lrn1(recomputed, "target").ShouldBe(50);
        recomputed["compliant"]!.GetValue<bool>().ShouldBeTrue();
        recomputed["rulebookVersion"]!.GetValue<int>().ShouldBe(v);

        var unitThen = await client.GetJson($"/api/v1/compliance/units/{city}?year=2025&asOf={asOf}");
        unitThen["nonCompliant"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe([staffNo]);
        await api.WaitForReadModel();
        (await client.GetJson($"/api/v1/compliance/units/{city}?year=2025"))["compliantCount"]!.GetValue<int>().ShouldBe(1);

        var explained = await client.GetJson($"/api/v1/compliance/cadres/{staffNo}/explain?year=2025&rule=LRN-1");
        explained["events"]!.AsArray().Count.ShouldBe(12);
    }
}
