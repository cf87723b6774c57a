using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CapabilityOps.Informatization.Tests.Slices;

[Collection(ApiCollection.Name)]
public class InformatizationApiTests(ApiFixture api)
{
    private static Task<HttpResponseMessage> Put(HttpClient client, string url, object body) => client.PutAsJsonAsync(url, body, Http.JsonOptions);

    private static async Task<string> System(HttpClient client, string unit, string kind = "VideoConference")
    {
        var code = Ids.Next("SYS");
        await (await client.PostJson("/api/v1/information-systems", new { code, name = "视频会议系统", kind, unitCode = unit })).Json(HttpStatusCode.Created);
        return code;
    }

    private static async Task<string> Station(HttpClient client, string unit, string kind = "AirAutomatic")
    {
        var code = Ids.Next("ST");
        await (await client.PostJson("/api/v1/monitoring-stations", new { code, name = "城区空气自动站", kind, unitCode = unit })).Json(HttpStatusCode.Created);
        return code;
    }

    private static Task<HttpResponseMessage> Outage(HttpClient client, string path, string from, string to) =>
        client.PostJson(path, new { from, to, cause = "机房供电中断", impact = "视频会议中断" });

    [Fact]
    public async Task Overlapping_outages_count_once_and_an_outage_across_a_months_end_counts_in_each_month()
    {
        var client = api.Client();
        var system = await System(client, await client.Unit());
        var outages = $"/api/v1/information-systems/{system}/outages";
        await (await Outage(client, outages, "2025-04-10T10:00:00+08:00", "2025-04-10T14:00:00+08:00")).Json(HttpStatusCode.Created);
        await (await Outage(client, outages, "2025-04-10T12:00:00+08:00", "2025-04-10T18:00:00+08:00")).Json(HttpStatusCode.Created);
        await (await Outage(client, outages, "2025-01-31T22:00:00+08:00", "2025-02-01T02:00:00+08:00")).Json(HttpStatusCode.Created);

        var april = await client.GetJson($"/api/v1/information-systems/{system}/availability?year=2025&month=4");
        april["code"]!.GetValue<string>().ShouldBe(system);
        april["month"]!.GetValue<int>().ShouldBe(4);
        april["periodMinutes"]!.GetValue<decimal>().ShouldBe(43200);
        april["downtimeMinutes"]!.GetValue<decimal>().ShouldBe(480);
        april["availabilityPercent"]!.GetValue<decimal>().ShouldBe(98.889m);

        (await client.GetJson($"/api/v1/information-systems/{system}/availability?year=2025&month=1"))["downtimeMinutes"]!.GetValue<decimal>().ShouldBe(120);
        (await client.GetJson($"/api/v1/information-systems/{system}/availability?year=2025&month=2"))["downtimeMinutes"]!.GetValue<decimal>().ShouldBe(120);
        var year = await client.GetJson($"/api/v1/information-systems/{system}/availability?year=2025");
        year["month"].ShouldBeNull();
        year["periodMinutes"]!.GetValue<decimal>().ShouldBe(365 * 1440);
        year["downtimeMinutes"]!.GetValue<decimal>().ShouldBe(720);
        (await client.GetJson($"/api/v1/information-systems/{system}"))["outages"]!.AsArray().Count.ShouldBe(3);

        await (await client.GetAsync($"/api/v1/information-systems/{system}/availability?year=2025&month=13")).Problem(HttpStatusCode.BadRequest, "month");
        await (await client.GetAsync($"/api/v1/information-systems/{Ids.Next("SYS")}/availability?year=2025")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_stations_outages_give_its_availability_too()
    {
        var client = api.Client();
        var station = await Station(client, await client.Unit());
        await (await Outage(client, $"/api/v1/monitoring-stations/{station}/outages", "2024-02-28T00:00:00+08:00", "2024-03-01T00:00:00+08:00"))
            .Json(HttpStatusCode.Created);

        var february = await client.GetJson($"/api/v1/monitoring-stations/{station}/availability?year=2024&month=2");
        february["periodMinutes"]!.GetValue<decimal>().ShouldBe(29 * 1440);
        february["downtimeMinutes"]!.GetValue<decimal>().ShouldBe(2 * 1440);
        february["availabilityPercent"]!.GetValue<decimal>().ShouldBe(93.103m);
    }

    [Fact]
    public async Task Bad_outages_and_registrations_are_refused_with_the_field_and_nothing_is_recorded()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var system = await System(client, unit);
        var outages = $"/api/v1/information-systems/{system}/outages";
        var before = await api.CountEvents();

        await (await Outage(client, outages, "2025-04-10T14:00:00+08:00", "2025-04-10T10:00:00+08:00")).Problem(HttpStatusCode.BadRequest, "to");
        var future = DateTimeOffset.UtcNow.AddDays(1).ToString("O");
        await (await Outage(client, outages, "2025-04-10T10:00:00+08:00", future)).Problem(HttpStatusCode.BadRequest, "to");
        var missing = await (await client.PostJson(outages, new { from = "2025-04-10T10:00:00+08:00", to = "2025-04-10T11:00:00+08:00" })).Problem(HttpStatusCode.BadRequest);
        missing["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["cause", "impact"], ignoreOrder: true);
        await (await Outage(client, $"/api/v1/information-systems/{Ids.Next("SYS")}/outages", "2025-04-10T10:00:00+08:00", "2025-04-10T11:00:00+08:00"))
            .Problem(HttpStatusCode.NotFound);
        await (await client.PostJson("/api/v1/information-systems", new { code = Ids.Next("SYS"), name = "x", kind = "Mainframe", unitCode = unit }))
            .Problem(HttpStatusCode.BadRequest, "kind");
        await (await client.PostJson("/api/v1/information-systems", new { code = Ids.Next("SYS"), name = "x", kind = "Other", unitCode = Ids.Next("U") }))
            .Problem(HttpStatusCode.BadRequest, "unitCode");
        await (await client.PostJson("/api/v1/information-systems", new { code = system, name = "x", kind = "Other", unitCode = unit }))
            .Problem(HttpStatusCode.Conflict);
        await (await client.PostJson("/api/v1/monitoring-stations", new { code = Ids.Next("ST"), name = "x", kind = "Satellite", unitCode = unit }))
            .Problem(HttpStatusCode.BadRequest, "kind");

        (await api.CountEvents()).ShouldBe(before);
    }

    [Fact]
    public async Task A_reposted_capture_day_replaces_the_first_figures_in_the_rate_and_both_stay_in_the_history()
    {
        var client = api.Client();
        var city = await client.Unit();
        var county = await client.Unit("CountyBureau", city);
        var other = await client.Unit("CountyBureau", city);
        var station = await Station(client, county);
        var elsewhere = await Station(client, other, "WaterAutomatic");
        var capture = $"/api/v1/monitoring-stations/{station}/data-capture";
        var before = await api.CountEvents();

        var first = await (await Put(client, $"{capture}/2025-03-01", new { expected = 24, received = 20 })).Json(HttpStatusCode.OK);
        first["received"]!.GetValue<int>().ShouldBe(20);
        await (await Put(client, $"{capture}/2025-03-02", new { expected = 24, received = 24 })).Json(HttpStatusCode.OK);
        await (await Put(client, $"{capture}/2025-03-01", new { expected = 24, received = 23 })).Json(HttpStatusCode.OK);
        await (await Put(client, $"{capture}/2025-04-30", new { expected = 10, received = 5 })).Json(HttpStatusCode.OK);
        await (await Put(client, $"/api/v1/monitoring-stations/{elsewhere}/data-capture/2025-03-01", new { expected = 100, received = 50 })).Json(HttpStatusCode.OK);
        (await api.CountEvents()).ShouldBe(before + 5);

        var march = await client.GetJson($"/api/v1/monitoring-stations/{station}/capture-rate?year=2025&month=3");
        (march["expected"]!.GetValue<long>(), march["received"]!.GetValue<long>()).ShouldBe((48L, 47L));
        march["ratePercent"]!.GetValue<decimal>().ShouldBe(97.917m);
        var year = await client.GetJson($"/api/v1/monitoring-stations/{station}/capture-rate?year=2025");
        (year["expected"]!.GetValue<long>(), year["received"]!.GetValue<long>()).ShouldBe((58L, 52L));
        (await client.GetJson($"/api/v1/monitoring-stations/{station}/capture-rate?year=2024"))["ratePercent"].ShouldBeNull();

        var countyYear = await client.GetJson($"/api/v1/units/{county}/capture-rate?year=2025");
        (countyYear["stations"]!.GetValue<int>(), countyYear["expected"]!.GetValue<long>(), countyYear["received"]!.GetValue<long>()).ShouldBe((1, 58L, 52L));
        var cityMarch = await client.GetJson($"/api/v1/units/{city}/capture-rate?year=2025&month=3");
        (cityMarch["stations"]!.GetValue<int>(), cityMarch["expected"]!.GetValue<long>(), cityMarch["received"]!.GetValue<long>()).ShouldBe((2, 148L, 97L));
        await (await client.GetAsync($"/api/v1/units/{Ids.Next("U")}/capture-rate?year=2025")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Concurrent_reports_of_one_station_queue_and_none_loses_another_days_figures()
    {
        var client = api.Client();
        var station = await Station(client, await client.Unit());
        var days = Enumerable.Range(1, 20).Select(d => new DateOnly(2025, 7, d)).ToList();

        var responses = await Task.WhenAll(days.Concat(days.Take(5)).Select(day =>
            Put(api.Client(), $"/api/v1/monitoring-stations/{station}/data-capture/{day:yyyy-MM-dd}", new { expected = 24, received = day.Day % 2 == 0 ? 24 : 12 })));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        var july = await client.GetJson($"/api/v1/monitoring-stations/{station}/capture-rate?year=2025&month=7");
        (july["expected"]!.GetValue<long>(), july["received"]!.GetValue<long>()).ShouldBe((480L, 360L));
    }

    [Fact]
    public async Task A_rebuild_of_the_projections_gives_the_same_capture_rates_availability_and_progress()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var station = await Station(client, unit);
        var capture = $"/api/v1/monitoring-stations/{station}/data-capture";
        foreach (var (day, received) in new[] { ("2025-08-01", 10), ("2025-08-02", 24), ("2025-08-01", 20), ("2025-09-30", 1) })
            await (await Put(client, $"{capture}/{day}", new { expected = 24, received })).Json(HttpStatusCode.OK);
        await (await Outage(client, $"/api/v1/monitoring-stations/{station}/outages", "2025-08-10T10:00:00+08:00", "2025-08-10T14:00:00+08:00")).Json(HttpStatusCode.Created);
        var rate = $"/api/v1/units/{unit}/capture-rate?year=2025";
        var availability = $"/api/v1/monitoring-stations/{station}/availability?year=2025&month=8";
        var before = (await client.GetJson(rate)).ToJsonString() + (await client.GetJson(availability)).ToJsonString();

        await (await client.PostAsync("/api/v1/admin/projections/rebuild", null)).Json(HttpStatusCode.OK);

        ((await client.GetJson(rate)).ToJsonString() + (await client.GetJson(availability)).ToJsonString()).ShouldBe(before);
        (await client.GetJson(rate))["received"]!.GetValue<long>().ShouldBe(45);
    }

    [Fact]
    public async Task Bad_capture_reports_are_refused_with_the_field_and_nothing_is_recorded()
    {
        var client = api.Client();
        var station = await Station(client, await client.Unit());
        var capture = $"/api/v1/monitoring-stations/{station}/data-capture";
        var before = await api.CountEvents();

        await (await Put(client, $"{capture}/2025-03-01", new { expected = 24, received = 25 })).Problem(HttpStatusCode.BadRequest, "received");
        await (await Put(client, $"{capture}/2025-03-01", new { expected = -1, received = 0 })).Problem(HttpStatusCode.BadRequest, "expected");
        await (await Put(client, $"{capture}/2025-03-01", new { expected = 24 })).Problem(HttpStatusCode.BadRequest, "received");
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(2)).ToString("yyyy-MM-dd");
        await (await Put(client, $"{capture}/{tomorrow}", new { expected = 24, received = 24 })).Problem(HttpStatusCode.BadRequest, "date");
        await (await Put(client, $"/api/v1/monitoring-stations/{Ids.Next("ST")}/data-capture/2025-03-01", new { expected = 24, received = 24 })).Problem(HttpStatusCode.NotFound);

        (await api.CountEvents()).ShouldBe(before);
    }

    [Fact]
    public async Task A_key_of_another_unit_can_neither_post_nor_read_a_stations_or_systems_figures()
    {
        var admin = api.Client();
        var city = await admin.Unit();
        var mine = await admin.Unit("CountyBureau", city);
        var theirs = await admin.Unit("CountyBureau", city);
        var station = await Station(admin, theirs);
        var system = await System(admin, theirs);
        var writer = api.Client(apiKey: await api.IssueKey("UnitWriter", mine));
        var before = await api.CountEvents();

        await (await Put(writer, $"/api/v1/monitoring-stations/{station}/data-capture/2025-03-01", new { expected = 24, received = 24 })).Problem(HttpStatusCode.Forbidden);
        await (await Outage(writer, $"/api/v1/information-systems/{system}/outages", "2025-04-10T10:00:00+08:00", "2025-04-10T11:00:00+08:00")).Problem(HttpStatusCode.Forbidden);
        await (await writer.GetAsync($"/api/v1/information-systems/{system}/availability?year=2025")).Problem(HttpStatusCode.Forbidden);
        await (await writer.GetAsync($"/api/v1/monitoring-stations/{station}/capture-rate?year=2025")).Problem(HttpStatusCode.Forbidden);
        await (await writer.PostJson("/api/v1/monitoring-stations", new { code = Ids.Next("ST"), name = "x", kind = "AirAutomatic", unitCode = theirs }))
            .Problem(HttpStatusCode.Forbidden);
        (await api.CountEvents()).ShouldBe(before);

        var own = await Station(writer, mine);
        await (await Put(writer, $"/api/v1/monitoring-stations/{own}/data-capture/2025-03-01", new { expected = 24, received = 24 })).Json(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_milestone_completed_after_its_due_date_is_late()
    {
        var client = api.Client();
        var late = Ids.Next("M");
        var onTime = Ids.Next("M");
        await (await client.PostJson("/api/v1/informatization-milestones", new { code = late, title = "完成环境信息化省市县三级统筹建设", level = "Municipal", dueOn = "2020-12-31" }))
            .Json(HttpStatusCode.Created);
        await (await client.PostJson("/api/v1/informatization-milestones", new { code = onTime, title = "县级数据中心接入", level = "County", dueOn = "2020-12-31" }))
            .Json(HttpStatusCode.Created);
        var completed = await (await client.PostJson($"/api/v1/informatization-milestones/{late}/completion", new { on = "2021-01-05" })).Json(HttpStatusCode.Created);
        completed["late"]!.GetValue<bool>().ShouldBeTrue();
        await (await client.PostJson($"/api/v1/informatization-milestones/{onTime}/completion", new { on = "2020-11-30" })).Json(HttpStatusCode.Created);

        var one = await client.GetJson($"/api/v1/informatization-milestones/{late}");
        (one["completedOn"]!.GetValue<string>(), one["late"]!.GetValue<bool>(), one["level"]!.GetValue<string>()).ShouldBe(("2021-01-05", true, "Municipal"));
        var all = (await client.GetJson("/api/v1/informatization-milestones")).AsArray();
        all.Single(m => m!["code"]!.GetValue<string>() == onTime)!["late"]!.GetValue<bool>().ShouldBeFalse();

        await (await client.PostJson($"/api/v1/informatization-milestones/{late}/completion", new { on = "2021-01-06" })).Problem(HttpStatusCode.Conflict);
        await (await client.PostJson($"/api/v1/informatization-milestones/{Ids.Next("M")}/completion", new { on = "2021-01-06" })).Problem(HttpStatusCode.NotFound);
        await (await client.PostJson("/api/v1/informatization-milestones", new { code = late, title = "重复", level = "Municipal", dueOn = "2020-12-31" }))
            .Problem(HttpStatusCode.Conflict);
        await (await client.PostJson("/api/v1/informatization-milestones", new { code = Ids.Next("M"), title = "x", level = "Village", dueOn = "2020-12-31" }))
            .Problem(HttpStatusCode.BadRequest, "level");
    }

    [Fact]
    public async Task Substitution_progress_is_counted_per_unit_and_never_goes_back()
    {
        var client = api.Client();
        var city = await client.Unit();
        var office = await client.Unit("Department", city);
        var county = await client.Unit("CountyBureau", city);
        async Task<string> Item(string unit, string category)
        {
            var itemNo = Ids.Next("AK");
            await (await client.PostJson("/api/v1/substitution-items",
                new { itemNo, unitCode = unit, category, currentProduct = "Oracle 11g", targetProduct = "达梦数据库 DM8", dueOn = "2022-06-30" })).Json(HttpStatusCode.Created);
            return itemNo;
        }
        Task<HttpResponseMessage> Progress(string itemNo, string status, string on) =>
            client.PostJson($"/api/v1/substitution-items/{itemNo}/progress", new { status, on });

        var database = await Item(office, "数据库");
        var server = await Item(office, "服务器");
        await Item(office, "操作系统");
        var countyItem = await Item(county, "服务器");
        await (await Progress(database, "InProgress", "2021-05-01")).Json(HttpStatusCode.Created);
        await (await Progress(database, "Verified", "2021-09-01")).Json(HttpStatusCode.Created); // skips Replaced
        var replaced = await (await Progress(server, "Replaced", "2021-07-01")).Json(HttpStatusCode.Created);
        replaced["status"]!.GetValue<string>().ShouldBe("Replaced");
        await (await Progress(countyItem, "InProgress", "2021-07-01")).Json(HttpStatusCode.Created);

        await (await Progress(server, "InProgress", "2021-08-01")).Problem(HttpStatusCode.Conflict);
        await (await Progress(database, "Verified", "2021-10-01")).Problem(HttpStatusCode.Conflict);
        await (await Progress(server, "Unknown", "2021-08-01")).Problem(HttpStatusCode.BadRequest, "status");

        var officeView = await client.GetJson($"/api/v1/substitution-items?unit={office}");
        (officeView["total"]!.GetValue<int>(), officeView["replaced"]!.GetValue<int>(), officeView["verified"]!.GetValue<int>()).ShouldBe((3, 2, 1));
        officeView["items"]!.AsArray().Single(i => i!["itemNo"]!.GetValue<string>() == database)!["progress"]!.AsArray().Count.ShouldBe(2);
        var cityView = await client.GetJson($"/api/v1/substitution-items?unit={city}");
        (cityView["total"]!.GetValue<int>(), cityView["replaced"]!.GetValue<int>()).ShouldBe((4, 2));
        await (await client.PostJson("/api/v1/substitution-items",
            new { itemNo = database, unitCode = office, category = "数据库", currentProduct = "x", targetProduct = "y", dueOn = "2022-06-30" })).Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_availability_of_a_units_systems_and_stations_is_its_part_of_the_eqp_inf_indicator()
    {
        var client = api.Client();
        var city = await client.Unit();
        var direct = await client.Unit("DirectUnit", city);
        var system = await System(client, direct);
        await Station(client, direct);
        // Ten days down in 2025 for the system, none for the station: a mean of (1 − 14400/525600 + 1) / 2 = 0.986301…,
        // over the 99% target → 0.996264.
        await (await Outage(client, $"/api/v1/information-systems/{system}/outages", "2025-05-01T00:00:00+08:00", "2025-05-11T00:00:00+08:00"))
            .Json(HttpStatusCode.Created);

        await api.WaitForReadModel();
        var view = await client.GetJson($"/api/v1/appraisals/units/{direct}?year=2025");
        view["leftOut"]!.AsArray().Select(l => l!["id"]!.GetValue<string>()).ShouldNotContain("EQP/INF");
        var indicator = view["indicators"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == "EQP/INF")!;
        indicator["weight"]!.GetValue<decimal>().ShouldBeGreaterThan(0);
        indicator["value"]!.GetValue<decimal>().ShouldBe(0.996264m, 0.0001m);
        indicator["detail"]!.GetValue<string>().ShouldContain("99");
    }
}
