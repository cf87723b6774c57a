using System.Text.Json.Nodes;

namespace CapabilityOps.Talent.Tests.Care;

/// <summary>Talks, health checks, care flags and holiday visits through the routes, on a real PostgreSQL.</summary>
[Collection(ApiCollection.Name)]
public class CareApiTests(ApiFixture api)
{
    private static async Task<IReadOnlyList<string>> Types(HttpClient client, string staffNo) =>
        (await client.GetJson($"/api/v1/cadres/{staffNo}/history")).AsArray().Select(e => e!["type"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task A_talk_and_a_health_check_are_dated_facts_in_the_cadre_s_history_and_bad_dates_record_nothing()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit(), joinedOn: "2020-01-01");

        var talk = await (await client.PostJson($"/api/v1/cadres/{staffNo}/talks", new { heldOn = "2025-04-01", by = "党组书记 王强" })).Json(HttpStatusCode.Created);
        talk["id"].ShouldNotBeNull();
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/health-checks", new { checkedOn = "2025-05-20" })).Json(HttpStatusCode.Created);

        await (await client.PostJson($"/api/v1/cadres/{staffNo}/talks", new { heldOn = "2099-01-01", by = "x" })).Problem(HttpStatusCode.BadRequest, "heldOn");
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/talks", new { heldOn = "2019-12-31", by = "x" })).Problem(HttpStatusCode.BadRequest, "heldOn");
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/talks", new { heldOn = "2025-04-01" })).Problem(HttpStatusCode.BadRequest, "by");
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/health-checks", new { checkedOn = "2099-01-01" })).Problem(HttpStatusCode.BadRequest, "checkedOn");
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/health-checks", new { checkedOn = "2019-01-01" })).Problem(HttpStatusCode.BadRequest, "checkedOn");
        await (await client.PostJson("/api/v1/cadres/NO-SUCH-CADRE/talks", new { heldOn = "2025-04-01", by = "x" })).Problem(HttpStatusCode.NotFound);

        (await Types(client, staffNo)).ShouldBe(["CadreRegistered", "HeartToHeartTalkHeld", "HealthCheckRecorded"]);
        var history = await client.GetJson($"/api/v1/cadres/{staffNo}/history");
        history[1]!["data"]!.AsObject().Select(p => p.Key).Order().ShouldBe(["by", "heldOn", "staffNo"]);
    }

    [Fact]
    public async Task A_health_check_body_with_findings_is_refused_naming_each_field_and_nothing_is_stored()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());
        var before = await api.CountEvents();

        var problem = await (await client.PostRaw($"/api/v1/cadres/{staffNo}/health-checks",
            """{"checkedOn":"2025-05-20","findings":"血压偏高","diagnoses":["高血压"]}""")).Problem(HttpStatusCode.BadRequest, "findings");
        problem["errors"]!["diagnoses"].ShouldNotBeNull();
        problem["errors"]!["findings"]![0]!.GetValue<string>().ShouldContain("sensitive personal data");
        problem.ToJsonString().ShouldNotContain("血压偏高");

        (await api.CountEvents()).ShouldBe(before);
        (await Types(client, staffNo)).ShouldNotContain("HealthCheckRecorded");
        (await client.GetJson($"/api/v1/cadres/{staffNo}/history")).ToJsonString().ShouldNotContain("血压偏高");
    }

    [Fact]
    public async Task CARE_1_and_CARE_3_are_cadre_checks_and_a_unit_view_counts_two_of_three_met()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var cadres = new List<string>();
        for (var i = 0; i < 3; i++) cadres.Add(await client.Cadre(unit, birthDate: "1975-01-01"));
        foreach (var staffNo in cadres.Take(2))
            await (await client.PostJson($"/api/v1/cadres/{staffNo}/talks", new { heldOn = "2025-09-01", by = "科长" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{cadres[0]}/health-checks", new { checkedOn = "2025-06-01" })).Json(HttpStatusCode.Created);
        // A talk of another year counts in that year only.
        await (await client.PostJson($"/api/v1/cadres/{cadres[2]}/talks", new { heldOn = "2024-12-31", by = "科长" })).Json(HttpStatusCode.Created);

        var own = await client.GetJson($"/api/v1/compliance/cadres/{cadres[0]}?year=2025");
        var care1 = own["checks"]!.AsArray().Single(c => c!["rule"]!.GetValue<string>() == "CARE-1")!;
        (care1["target"]!.GetValue<decimal>(), care1["actual"]!.GetValue<decimal>(), care1["met"]!.GetValue<bool>()).ShouldBe((1m, 1m, true));
        var third = await client.GetJson($"/api/v1/compliance/cadres/{cadres[2]}?year=2025");
        third["checks"]!.AsArray().Single(c => c!["rule"]!.GetValue<string>() == "CARE-1")!["met"]!.GetValue<bool>().ShouldBeFalse();

        await api.WaitForReadModel();
        var view = await client.GetJson($"/api/v1/compliance/units/{unit}?year=2025");
        JsonNode Tally(string rule) => view["checks"]!.AsArray().Single(c => c!["rule"]!.GetValue<string>() == rule)!;
        (Tally("CARE-1")["met"]!.GetValue<int>(), Tally("CARE-1")["total"]!.GetValue<int>()).ShouldBe((2, 3));
        (Tally("CARE-3")["met"]!.GetValue<int>(), Tally("CARE-3")["total"]!.GetValue<int>()).ShouldBe((1, 3));

        // The care indicator of the unit appraisal: 3 of the 6 care checks met.
        var appraisal = await client.GetJson($"/api/v1/appraisals/units/{unit}?year=2025");
        appraisal["indicators"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == "CARE")!.ToJsonString().ShouldContain("3 of 6");
    }

    [Fact]
    public async Task Care_flags_are_dated_facts_the_record_shows_now_and_on_a_day()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());
        var set = await (await client.PutAsync($"/api/v1/cadres/{staffNo}/care-flags", Body(new
        {
            retired = false, veteran = true, hardship = false, villageStationed = true, talent = false, effectiveOn = "2025-03-01",
        }))).Json(HttpStatusCode.OK);
        set["careFlags"]!.ToJsonString().ShouldBe("""{"retired":false,"veteran":true,"hardship":false,"villageStationed":true,"talent":false}""");

        (await client.GetJson($"/api/v1/cadres/{staffNo}"))["careFlags"]!["veteran"]!.GetValue<bool>().ShouldBeTrue();
        (await client.GetJson($"/api/v1/cadres/{staffNo}?onDate=2025-02-28"))["careFlags"]!["veteran"]!.GetValue<bool>().ShouldBeFalse();
        (await client.GetJson($"/api/v1/cadres/{staffNo}?onDate=2025-03-01"))["careFlags"]!["villageStationed"]!.GetValue<bool>().ShouldBeTrue();

        var before = await api.CountEvents();
        var bad = await (await client.PutAsync($"/api/v1/cadres/{staffNo}/care-flags", Raw(
            """{"retired":"yes","veteran":1,"hardship":false,"villageStationed":false,"talent":false,"effectiveOn":"2025-03-01"}"""))).Problem(HttpStatusCode.BadRequest);
        bad["errors"]!["retired"].ShouldNotBeNull();
        bad["errors"]!["veteran"].ShouldNotBeNull();
        await (await client.PutAsync($"/api/v1/cadres/{staffNo}/care-flags", Raw("""{"veteran":true,"effectiveOn":"2099-01-01"}""")))
            .Problem(HttpStatusCode.BadRequest, "retired");
        (await api.CountEvents()).ShouldBe(before);
        (await Types(client, staffNo)).ShouldBe(["CadreRegistered", "CareFlagsSet"]);
    }

    [Fact]
    public async Task Holiday_visits_go_to_flagged_cadres_retired_ones_included_and_the_coverage_lists_due_visited_and_missing()
    {
        var client = api.Client();
        var city = await client.Unit();
        var county = await client.Unit("CountyBureau", city);
        var veteran = await client.Cadre(county);
        var hardship = await client.Cadre(city);
        var retired = await client.Cadre(county);
        var unflagged = await client.Cadre(county);
        async Task Flag(string staffNo, bool veteranFlag, bool hardshipFlag) =>
            await (await client.PutAsync($"/api/v1/cadres/{staffNo}/care-flags", Body(new
            {
                retired = false, veteran = veteranFlag, hardship = hardshipFlag, villageStationed = false, talent = false, effectiveOn = "2025-01-01",
            }))).Json(HttpStatusCode.OK);
        await Flag(veteran, true, false);
        await Flag(hardship, false, true);
        await (await client.PostJson($"/api/v1/cadres/{retired}/departures", new { kind = "Retired", effectiveOn = "2025-06-30" })).Json(HttpStatusCode.Created);

        // 八一 2025: the veteran and the retired cadre (after leaving) are visited; the hardship case in the city is not.
        await (await client.PostJson($"/api/v1/cadres/{veteran}/holiday-visits", new { festival = "ArmyDay", year = 2025, visitedOn = "2025-07-30", by = "机关工会" }))
            .Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{retired}/holiday-visits", new { festival = "ArmyDay", year = 2025, visitedOn = "2025-07-31", by = "机关工会" }))
            .Json(HttpStatusCode.Created);

        var before = await api.CountEvents();
        await (await client.PostJson($"/api/v1/cadres/{unflagged}/holiday-visits", new { festival = "ArmyDay", year = 2025, visitedOn = "2025-07-30", by = "机关工会" }))
            .Problem(HttpStatusCode.BadRequest, "visitedOn");
        await (await client.PostJson($"/api/v1/cadres/{veteran}/holiday-visits", new { festival = "ArmyDay", year = 2025, visitedOn = "2025-03-01", by = "机关工会" }))
            .Problem(HttpStatusCode.BadRequest, "visitedOn");
        await (await client.PostJson($"/api/v1/cadres/{veteran}/holiday-visits", new { festival = "Christmas", year = 2025, visitedOn = "2025-07-30", by = "机关工会" }))
            .Problem(HttpStatusCode.BadRequest);
        // A talk is not something done to a cadre who left: 409 after the departure.
        await (await client.PostJson($"/api/v1/cadres/{retired}/talks", new { heldOn = "2025-08-01", by = "科长" })).Problem(HttpStatusCode.Conflict);
        (await api.CountEvents()).ShouldBe(before);

        var coverage = await client.GetJson($"/api/v1/care/holiday-visits?unit={city}&year=2025&festival=ArmyDay");
        Strings(coverage["due"]).ShouldBe(new[] { veteran, hardship, retired }.Order(StringComparer.Ordinal));
        Strings(coverage["visited"]).ShouldBe(new[] { veteran, retired }.Order(StringComparer.Ordinal));
        Strings(coverage["missing"]).ShouldBe([hardship]);
        coverage["festivalOn"]!.GetValue<string>().ShouldBe("2025-08-01");

        var countyOnly = await client.GetJson($"/api/v1/care/holiday-visits?unit={county}&year=2025&festival=ArmyDay");
        Strings(countyOnly["missing"]).ShouldBeEmpty();
        Strings(countyOnly["due"]).ShouldBe(new[] { veteran, retired }.Order(StringComparer.Ordinal));
        // Another festival: nobody visited yet.
        Strings((await client.GetJson($"/api/v1/care/holiday-visits?unit={county}&year=2025&festival=DoubleNinth"))["visited"]).ShouldBeEmpty();

        var badQuery = await (await client.GetAsync("/api/v1/care/holiday-visits?year=2025&festival=Easter")).Problem(HttpStatusCode.BadRequest, "unit");
        badQuery["errors"]!["festival"].ShouldNotBeNull();
        var outside = api.Client(apiKey: await api.IssueKey("Reader", county));
        await (await outside.GetAsync($"/api/v1/care/holiday-visits?unit={city}&year=2025&festival=ArmyDay")).Problem(HttpStatusCode.Forbidden);
        (await outside.GetAsync($"/api/v1/care/holiday-visits?unit={county}&year=2025&festival=ArmyDay")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static IEnumerable<string> Strings(JsonNode? array) => array!.AsArray().Select(s => s!.GetValue<string>()).ToList();

    private static StringContent Body(object body) => new(System.Text.Json.JsonSerializer.Serialize(body, Http.JsonOptions), System.Text.Encoding.UTF8, "application/json");

    private static StringContent Raw(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task The_talent_and_care_routes_are_one_group_of_the_openapi_document()
    {
        var document = await api.Client().GetJson("/swagger/v1/swagger.json");
        document["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ShouldContain("Talent and care");
        foreach (var (route, method) in new[]
                 {
                     ("/api/v1/cadres/{staffNo}/titles", "post"), ("/api/v1/cadres/{staffNo}/care-flags", "put"), ("/api/v1/cadres/{staffNo}/talks", "post"),
                     ("/api/v1/cadres/{staffNo}/health-checks", "post"), ("/api/v1/cadres/{staffNo}/holiday-visits", "post"),
                     ("/api/v1/care/holiday-visits", "get"), ("/api/v1/units/{code}/staffing-quota", "put"), ("/api/v1/units/{code}/vacancies", "get"),
                     ("/api/v1/recruitment-campaigns", "post"), ("/api/v1/recruitment-campaigns/{id}/hires", "post"),
                     ("/api/v1/talent-pools/{post}/members", "post"), ("/api/v1/talent-pools/{post}/exits", "post"), ("/api/v1/talent-pools/{post}", "get"),
                     ("/api/v1/mentorships", "post"), ("/api/v1/mentorships/{id}/end", "post"), ("/api/v1/cadres/{staffNo}/placements", "post"),
                     ("/api/v1/promotion-eligibility", "get"),
                 })
            document["paths"]![route]![method]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["Talent and care"], route);
    }
}
