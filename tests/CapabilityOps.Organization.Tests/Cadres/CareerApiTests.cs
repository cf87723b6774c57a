using System.Text.Json.Nodes;

namespace CapabilityOps.Organization.Tests.Cadres;

/// <summary>A cadre's whole career through the API: leaving the system, what it changes in every view, and coming back.</summary>
[Collection(ApiCollection.Name)]
public class CareerApiTests(ApiFixture api)
{
    private static Task<HttpResponseMessage> Study(HttpClient client, string staffNo, string studiedOn, decimal hours = 10) =>
        client.PostJson($"/api/v1/cadres/{staffNo}/study-hours",
            new { hours, studiedOn, channel = "Online", source = "学习强国", externalId = Ids.Next("X") });

    private static JsonNode? Check(JsonNode compliance, string rule) =>
        compliance["checks"]!.AsArray().SingleOrDefault(c => c!["rule"]!.GetValue<string>() == rule);

    [Fact]
    public async Task A_cadre_retired_on_30_June_has_half_the_hours_that_year_no_checks_the_next_and_counts_in_no_unit_view_after()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var retiring = await client.Cadre(unit, "SectionLevel", joinedOn: "2010-01-01");
        var staying = await client.Cadre(unit, joinedOn: "2010-01-01");
        await (await Study(client, retiring, "2025-03-02", 20)).Json(HttpStatusCode.Created);
        var beforeDeparture = DateTimeOffset.UtcNow;
        await Task.Delay(20);

        var departed = await (await client.PostJson($"/api/v1/cadres/{retiring}/departures",
            new { kind = "Retired", effectiveOn = "2025-06-30", reason = "到龄退休" })).Json(HttpStatusCode.Created);
        departed["status"]!.GetValue<string>().ShouldBe("Departed");

        // The year of leaving: LRN-1 pro-rated to the six whole months of membership; SVC-2's days too.
        var year2025 = await client.GetJson($"/api/v1/compliance/cadres/{retiring}?year=2025");
        Check(year2025, "LRN-1")!["target"]!.GetValue<decimal>().ShouldBe(30m);
        Check(year2025, "LRN-1")!["note"]!.GetValue<string>().ShouldContain("left 2025-06-30");
        Check(year2025, "SVC-2")!["target"]!.GetValue<decimal>().ShouldBe(20m);
        year2025["unitCode"].ShouldBeNull(); // counts in no unit on 31 December
        (await client.GetJson($"/api/v1/compliance/cadres/{retiring}?year=2025&onDate=2025-06-30"))["unitCode"]!.GetValue<string>().ShouldBe(unit);

        // The next year is not theirs: no checks, the live view and the computed one alike.
        var next = await (await client.GetAsync($"/api/v1/compliance/cadres/{retiring}?year=2026")).Problem(HttpStatusCode.NotFound);
        next["detail"]!.GetValue<string>().ShouldContain("not a member for a whole month of 2026");
        await (await client.GetAsync($"/api/v1/compliance/cadres/{retiring}?year=2026&asOf={Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"))}"))
            .Problem(HttpStatusCode.NotFound);

        // Unit views count members on the view date only: the live tally, the computed (asOf) one and the service-visit view.
        await api.WaitForReadModel(); // the live unit views of the recent years count the rows the background keeps
        foreach (var year in new[] { 2025, 2026 })
        {
            var live = await client.GetJson($"/api/v1/compliance/units/{unit}?year={year}");
            live["cadreCount"]!.GetValue<int>().ShouldBe(1, $"live {year}");
            live["nonCompliant"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldNotContain(retiring);
            var computed = await client.GetJson($"/api/v1/compliance/units/{unit}?year={year}&asOf={Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"))}");
            computed["cadreCount"]!.GetValue<int>().ShouldBe(1, $"as of now {year}");
            (await client.GetJson($"/api/v1/service-visits/units/{unit}?year={year}"))["cadreCount"]!.GetValue<int>().ShouldBe(1, $"service {year}");
        }
        // As it was known before the departure, the cadre still counted.
        (await client.GetJson($"/api/v1/compliance/units/{unit}?year=2025&asOf={Uri.EscapeDataString(beforeDeparture.ToString("O"))}"))["cadreCount"]!
            .GetValue<int>().ShouldBe(2);
        staying.ShouldNotBeNull();

        // No appraisal once departed.
        await (await client.GetAsync($"/api/v1/appraisals/cadres/{retiring}?year=2025")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task After_the_departure_a_later_study_record_is_409_an_earlier_one_is_accepted_and_a_second_departure_is_409()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var staffNo = await client.Cadre(unit, joinedOn: "2010-01-01");
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/departures", new { kind = "TransferredOut", effectiveOn = "2025-06-30" })).Json(HttpStatusCode.Created);

        var refused = await (await Study(client, staffNo, "2025-07-01")).Problem(HttpStatusCode.Conflict);
        refused["detail"]!.GetValue<string>().ShouldContain($"Cadre '{staffNo}' left the system on 2025-06-30 (TransferredOut)");
        await (await Study(client, staffNo, "2025-06-30")).Json(HttpStatusCode.Created); // a late report of earlier study
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/grassroots-visits",
            new { from = "2025-08-01", to = "2025-08-02", kind = "Rural", place = "某村" })).Problem(HttpStatusCode.Conflict);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/transfers", new { toUnitCode = unit, effectiveOn = "2025-09-01" })).Problem(HttpStatusCode.Conflict);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/departures", new { kind = "Retired", effectiveOn = "2025-08-01" })).Problem(HttpStatusCode.Conflict);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/departures", new { kind = "Fired", effectiveOn = "2025-08-01" })).Problem(HttpStatusCode.BadRequest, "kind");
        await (await client.PostJson($"/api/v1/cadres/{unit}-none/departures", new { kind = "Retired", effectiveOn = "2025-08-01" })).Problem(HttpStatusCode.NotFound);

        var history = (await client.GetJson($"/api/v1/cadres/{staffNo}/history")).AsArray();
        history.Select(h => h!["type"]!.GetValue<string>()).ShouldBe(["CadreRegistered", "CadreDeparted", "StudyHoursLogged"]);
    }

    [Fact]
    public async Task The_record_shows_the_status_the_departure_and_the_retired_flag_now_as_of_an_instant_and_on_a_business_day()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var staffNo = await client.Cadre(unit, joinedOn: "2010-01-01");
        var active = await client.GetJson($"/api/v1/cadres/{staffNo}");
        active["status"]!.GetValue<string>().ShouldBe("Active");
        active["departure"].ShouldBeNull();
        active["careFlags"]!.ToJsonString().ShouldBe("""{"retired":false,"veteran":false,"hardship":false,"villageStationed":false,"talent":false}""");
        var beforeDeparture = DateTimeOffset.UtcNow;
        await Task.Delay(20);

        await (await client.PostJson($"/api/v1/cadres/{staffNo}/departures", new { kind = "Retired", effectiveOn = "2025-06-30" })).Json(HttpStatusCode.Created);

        var now = await client.GetJson($"/api/v1/cadres/{staffNo}");
        now["status"]!.GetValue<string>().ShouldBe("Departed");
        now["departure"]!.ToJsonString().ShouldBe("""{"kind":"Retired","effectiveOn":"2025-06-30"}""");
        now["careFlags"]!["retired"]!.GetValue<bool>().ShouldBeTrue();
        now["unitCode"]!.GetValue<string>().ShouldBe(unit); // still associated with the unit left
        now["version"]!.GetValue<long>().ShouldBe(2);

        var onLastDay = await client.GetJson($"/api/v1/cadres/{staffNo}?onDate=2025-06-30");
        onLastDay["status"]!.GetValue<string>().ShouldBe("Active");
        onLastDay["departure"].ShouldBeNull();
        onLastDay["careFlags"]!["retired"]!.GetValue<bool>().ShouldBeFalse();
        var dayAfter = await client.GetJson($"/api/v1/cadres/{staffNo}?onDate=2025-07-01");
        dayAfter["status"]!.GetValue<string>().ShouldBe("Departed");
        dayAfter["departure"]!["kind"]!.GetValue<string>().ShouldBe("Retired");
        dayAfter["careFlags"]!["retired"]!.GetValue<bool>().ShouldBeTrue();

        var asOf = await client.GetJson($"/api/v1/cadres/{staffNo}?asOf={Uri.EscapeDataString(beforeDeparture.ToString("O"))}");
        asOf["status"]!.GetValue<string>().ShouldBe("Active");
        asOf["careFlags"]!["retired"]!.GetValue<bool>().ShouldBeFalse();
        (await client.GetJson($"/api/v1/cadres/{staffNo}?asOf={Uri.EscapeDataString(beforeDeparture.ToString("O"))}&onDate=2025-07-01"))["status"]!
            .GetValue<string>().ShouldBe("Active");

        // The audit's changes over the window name the departure among the record's fields.
        var changes = await client.GetJson($"/api/v1/cadres/{staffNo}/changes?from={Uri.EscapeDataString(beforeDeparture.ToString("O"))}");
        changes["record"]!["changes"]!.AsArray().Single(c => c!["field"]!.GetValue<string>() == "membership")!["after"]!.GetValue<string>()
            .ShouldBe("Retired from 2025-07-01");
    }

    [Fact]
    public async Task A_cadre_who_returns_counts_again_from_the_return_and_only_a_departed_cadre_returns()
    {
        var client = api.Client();
        var city = await client.Unit();
        var other = await client.Unit("Department", city);
        var staffNo = await client.Cadre(city, joinedOn: "2010-01-01");
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/returns", new { effectiveOn = "2025-04-01", unitCode = other })).Problem(HttpStatusCode.Conflict);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/departures", new { kind = "TransferredOut", effectiveOn = "2024-03-31" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/returns", new { effectiveOn = "2025-04-01", unitCode = Ids.Next("U") })).Problem(HttpStatusCode.BadRequest, "unitCode");

        var returned = await (await client.PostJson($"/api/v1/cadres/{staffNo}/returns", new { effectiveOn = "2025-04-01", unitCode = other })).Json(HttpStatusCode.Created);
        returned["status"]!.GetValue<string>().ShouldBe("Active");
        returned["unitCode"]!.GetValue<string>().ShouldBe(other);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/returns", new { effectiveOn = "2025-05-01", unitCode = other })).Problem(HttpStatusCode.Conflict);

        Check(await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2024"), "LRN-1")!["target"]!.GetValue<decimal>().ShouldBe(15m);
        Check(await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2025"), "LRN-1")!["target"]!.GetValue<decimal>().ShouldBe(45m);
        await api.WaitForReadModel(); // the live unit views of the recent years count the rows the background keeps
        (await client.GetJson($"/api/v1/compliance/units/{city}?year=2024"))["cadreCount"]!.GetValue<int>().ShouldBe(0);
        (await client.GetJson($"/api/v1/compliance/units/{other}?year=2025"))["cadreCount"]!.GetValue<int>().ShouldBe(1);
        (await client.GetJson($"/api/v1/compliance/units/{city}?year=2025"))["cadreCount"]!.GetValue<int>().ShouldBe(1); // the subtree holds the department

        // Away in between: facts dated then are refused, facts after the return accepted.
        (await (await Study(client, staffNo, "2024-10-01")).Problem(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("returned on 2025-04-01");
        await (await Study(client, staffNo, "2025-04-01")).Json(HttpStatusCode.Created);
        (await client.GetJson($"/api/v1/cadres/{staffNo}?onDate=2024-10-01"))["status"]!.GetValue<string>().ShouldBe("Departed");
    }
}
