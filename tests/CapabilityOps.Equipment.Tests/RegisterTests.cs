using System.Text.Json.Nodes;

namespace CapabilityOps.Equipment.Tests;

/// <summary>The register (EQP-1, EQP-2) through the routes, on the real PostgreSQL.</summary>
[Collection(ApiCollection.Name)]
public class RegisterTests(ApiFixture api)
{
    [Fact]
    public async Task An_instrument_from_2014_with_an_8_year_life_is_ageing_and_one_from_2022_is_not()
    {
        var client = api.Client();
        var city = await client.Unit();
        var direct = await client.Unit("DirectUnit", city);
        var old = await client.Asset(direct, "2014-05-01", 8);
        var recent = await client.Asset(direct, "2022-05-01", 8);

        var oldView = await client.GetJson($"/api/v1/equipment/{old}");
        oldView["ageing"]!.GetValue<bool>().ShouldBeTrue();
        oldView["endOfLifeOn"]!.GetValue<string>().ShouldBe("2022-05-01");
        oldView["status"]!.GetValue<string>().ShouldBe("InService");
        oldView["bookValueYuan"]!.GetValue<decimal>().ShouldBe(0m);
        (await client.GetJson($"/api/v1/equipment/{recent}"))["ageing"]!.GetValue<bool>().ShouldBeFalse();

        // The city's list holds its subtree; ?ageing=true only what is past its life.
        (await client.GetJson($"/api/v1/equipment?unit={city}")).Codes("assetNo").ShouldBe([old, recent], ignoreOrder: true);
        (await client.GetJson($"/api/v1/equipment?unit={city}&ageing=true")).Codes("assetNo").ShouldBe([old]);
        // On a day before the old one's life ended, it was not ageing yet.
        (await client.GetJson($"/api/v1/equipment/{old}?onDate=2021-12-31"))["ageing"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_each_field_and_records_nothing()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var before = await api.CountEvents();
        var tomorrow = Depot.Today.AddDays(1).Iso();

        var problem = await (await client.PostJson("/api/v1/equipment", new
        {
            assetNo = "bad no!", kind = "Drone", name = "", unitCode = unit, acquiredOn = "2020-01-01", valueYuan = -1.234m, serviceLifeYears = 0,
        })).Problem(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "assetNo", "name", "valueYuan", "serviceLifeYears" }) problem["errors"]![field].ShouldNotBeNull(field);
        // An unknown kind is named before the body is bound.
        await (await client.PostJson("/api/v1/equipment", new { assetNo = Ids.Next("A"), kind = "Spaceship", name = "无人机", unitCode = unit, acquiredOn = "2020-01-01", valueYuan = 1m, serviceLifeYears = 5 }))
            .Problem(HttpStatusCode.BadRequest, "kind");

        await (await client.PostJson("/api/v1/equipment", new { assetNo = Ids.Next("A"), kind = "Drone", name = "无人机", unitCode = unit, acquiredOn = "2020-01-01", valueYuan = 1.5m, serviceLifeYears = 51 }))
            .Problem(HttpStatusCode.BadRequest, "serviceLifeYears");
        await (await client.PostJson("/api/v1/equipment", new { assetNo = Ids.Next("A"), kind = "Drone", name = "无人机", unitCode = unit, acquiredOn = "2020-01-01", valueYuan = 1.555m, serviceLifeYears = 5 }))
            .Problem(HttpStatusCode.BadRequest, "valueYuan");
        await (await client.PostJson("/api/v1/equipment", new { assetNo = Ids.Next("A"), kind = "Drone", name = "无人机", unitCode = unit, acquiredOn = tomorrow, valueYuan = 1m, serviceLifeYears = 5 }))
            .Problem(HttpStatusCode.BadRequest, "acquiredOn");
        await (await client.PostJson("/api/v1/equipment", new { assetNo = Ids.Next("A"), kind = "Drone", name = "无人机", unitCode = "NO-SUCH-UNIT", acquiredOn = "2020-01-01", valueYuan = 1m, serviceLifeYears = 5 }))
            .Problem(HttpStatusCode.BadRequest, "unitCode");
        (await api.CountEvents()).ShouldBe(before);

        var asset = await client.Asset(unit, "2021-06-01");
        var afterRegistration = await api.CountEvents();
        await (await client.PostJson($"/api/v1/equipment/{asset}/maintenance", new { on = "2021-05-31", kind = "Maintenance" })).Problem(HttpStatusCode.BadRequest, "on");
        await (await client.PostJson($"/api/v1/equipment/{asset}/maintenance", new { on = "2022-05-31", kind = "Polish" })).Problem(HttpStatusCode.BadRequest, "kind");
        await (await client.PostJson($"/api/v1/equipment/{asset}/maintenance", new { on = "2022-05-31", kind = "Maintenance", nextDueOn = "2022-05-30" }))
            .Problem(HttpStatusCode.BadRequest, "nextDueOn");
        await (await client.PostJson($"/api/v1/equipment/{asset}/transfers", new { toUnitCode = "NO-SUCH-UNIT", on = "2022-01-01" })).Problem(HttpStatusCode.BadRequest, "toUnitCode");
        await (await client.PostJson($"/api/v1/equipment", new { assetNo = asset, kind = "Drone", name = "无人机", unitCode = unit, acquiredOn = "2020-01-01", valueYuan = 1m, serviceLifeYears = 5 }))
            .Problem(HttpStatusCode.Conflict);
        await (await client.PostJson("/api/v1/equipment/NO-SUCH-ASSET/retirements", new { on = "2022-01-01", reason = "报废" })).Problem(HttpStatusCode.NotFound);
        (await api.CountEvents()).ShouldBe(afterRegistration);
    }

    [Fact]
    public async Task A_transfer_moves_the_asset_between_unit_lists_and_as_of_answers_where_it_was()
    {
        var client = api.Client();
        var city = await client.Unit();
        var from = await client.Unit("CountyBureau", city);
        var to = await client.Unit("CountyBureau", city);
        var asset = await client.Asset(from, "2020-01-01", 10, valueYuan: 100000m);
        var beforeMove = DateTimeOffset.UtcNow;
        await Task.Delay(50);

        var moved = await (await client.PostJson($"/api/v1/equipment/{asset}/transfers", new { toUnitCode = to, on = "2024-01-01" })).Json(HttpStatusCode.Created);
        moved["unitCode"]!.GetValue<string>().ShouldBe(to);
        (await client.GetJson($"/api/v1/equipment?unit={to}")).Codes("assetNo").ShouldBe([asset]);
        (await client.GetJson($"/api/v1/equipment?unit={from}")).AsArray().ShouldBeEmpty();

        // As known before the transfer was recorded: still in the first unit; on a business day before the move, likewise.
        var asOf = Uri.EscapeDataString(beforeMove.ToString("O"));
        (await client.GetJson($"/api/v1/equipment/{asset}?asOf={asOf}"))["unitCode"]!.GetValue<string>().ShouldBe(from);
        var then = await client.GetJson($"/api/v1/equipment/{asset}?onDate=2023-12-31");
        then["unitCode"]!.GetValue<string>().ShouldBe(from);
        // Worth on 2025-01-01, five years into a ten-year life: half the value (straight line by day).
        (await client.GetJson($"/api/v1/equipment/{asset}?onDate=2025-01-01"))["bookValueYuan"]!.GetValue<decimal>().ShouldBe(49986.31m, 20m);
        // Before it was registered it did not exist.
        await (await client.GetAsync($"/api/v1/equipment/{asset}?asOf={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("O"))}")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_retired_asset_leaves_the_list_and_cannot_move_or_retire_again()
    {
        var client = api.Client();
        var city = await client.Unit();
        var other = await client.Unit("CountyBureau", city);
        var asset = await client.Asset(city, "2015-01-01", 6);
        var retired = await (await client.PostJson($"/api/v1/equipment/{asset}/retirements", new { on = "2023-02-01", reason = "超过使用年限，经鉴定报废" })).Json(HttpStatusCode.Created);
        retired["status"]!.GetValue<string>().ShouldBe("Retired");
        (await client.GetJson($"/api/v1/equipment?unit={city}")).AsArray().ShouldBeEmpty();

        var before = await api.CountEvents();
        var conflict = await (await client.PostJson($"/api/v1/equipment/{asset}/transfers", new { toUnitCode = other, on = "2024-01-01" })).Problem(HttpStatusCode.Conflict);
        conflict["detail"]!.GetValue<string>().ShouldContain("retired on 2023-02-01");
        await (await client.PostJson($"/api/v1/equipment/{asset}/retirements", new { on = "2023-03-01", reason = "again" })).Problem(HttpStatusCode.Conflict);
        await (await client.PostJson($"/api/v1/equipment/{asset}/maintenance", new { on = "2023-03-01", kind = "Maintenance" })).Problem(HttpStatusCode.Conflict);
        (await api.CountEvents()).ShouldBe(before);
    }

    [Fact]
    public async Task A_replacement_links_old_and_new_and_takes_the_old_one_out_of_service()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var old = await client.Asset(unit, "2012-01-01", 8);
        var replacement = await client.Asset(unit, "2024-06-01", 8);

        var answer = await (await client.PostJson($"/api/v1/equipment/{old}/replacements", new { replacedBy = replacement, on = "2024-06-15" })).Json(HttpStatusCode.Created);
        answer["replacedBy"]!.GetValue<string>().ShouldBe(replacement);
        answer["status"]!.GetValue<string>().ShouldBe("Retired");
        (await client.GetJson($"/api/v1/equipment/{replacement}"))["replaces"]!.GetValue<string>().ShouldBe(old);
        (await client.GetJson($"/api/v1/equipment?unit={unit}&ageing=true")).AsArray().ShouldBeEmpty();

        await (await client.PostJson($"/api/v1/equipment/{old}/replacements", new { replacedBy = replacement, on = "2024-06-15" })).Problem(HttpStatusCode.Conflict);
        await (await client.PostJson($"/api/v1/equipment/{replacement}/replacements", new { replacedBy = "NO-SUCH-ASSET", on = "2024-06-15" }))
            .Problem(HttpStatusCode.BadRequest, "replacedBy");
    }

    [Fact]
    public async Task Maintenance_due_lists_show_what_is_due_by_a_date_and_flag_what_is_overdue()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var today = Depot.Today;
        var overdue = await client.Asset(unit, "2021-01-01");
        var dueSoon = await client.Asset(unit, "2021-01-01");
        var dueLater = await client.Asset(unit, "2021-01-01");
        var unscheduled = await client.Asset(unit, "2021-01-01");
        await (await client.PostJson($"/api/v1/equipment/{overdue}/maintenance", new { on = "2023-01-10", kind = "Calibration", nextDueOn = today.AddDays(-3).Iso() })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/equipment/{dueSoon}/maintenance", new { on = "2023-01-10", kind = "Maintenance", nextDueOn = today.AddDays(10).Iso() })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/equipment/{dueLater}/maintenance", new { on = "2023-01-10", kind = "Maintenance", nextDueOn = today.AddDays(90).Iso() })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/equipment/{unscheduled}/maintenance", new { on = "2023-01-10", kind = "Maintenance" })).Json(HttpStatusCode.Created);
        // A calibration due earlier than the maintenance makes the asset due at the earlier date.
        await (await client.PostJson($"/api/v1/equipment/{dueLater}/maintenance", new { on = "2023-02-10", kind = "Calibration", nextDueOn = today.AddDays(60).Iso() })).Json(HttpStatusCode.Created);

        var due = await client.GetJson($"/api/v1/equipment?unit={unit}&maintenanceDueBy={today.AddDays(30).Iso()}");
        due.Codes("assetNo").ShouldBe([overdue, dueSoon], ignoreOrder: true);
        due.AsArray().Single(a => a!["assetNo"]!.GetValue<string>() == overdue)!["maintenanceOverdue"]!.GetValue<bool>().ShouldBeTrue();
        due.AsArray().Single(a => a!["assetNo"]!.GetValue<string>() == dueSoon)!["maintenanceOverdue"]!.GetValue<bool>().ShouldBeFalse();
        (await client.GetJson($"/api/v1/equipment/{dueLater}"))["nextMaintenanceDue"]!.GetValue<string>().ShouldBe(today.AddDays(60).Iso());
        (await client.GetJson($"/api/v1/equipment?unit={unit}&maintenanceDueBy={today.AddDays(365).Iso()}")).AsArray().Count.ShouldBe(3);
    }

    [Fact]
    public async Task Lists_come_in_pages_with_a_link_to_the_next_and_keys_see_only_their_units()
    {
        var client = api.Client();
        var city = await client.Unit();
        var county = await client.Unit("CountyBureau", city);
        var other = await client.Unit("CountyBureau", city);
        var assets = new List<string>();
        for (var i = 0; i < 5; i++) assets.Add(await client.Asset(county));
        var outside = await client.Asset(other);

        var first = await client.GetAsync($"/api/v1/equipment?unit={city}&limit=4");
        (await first.Json(HttpStatusCode.OK)).AsArray().Count.ShouldBe(4);
        var link = first.Headers.GetValues("Link").Single();
        link.ShouldContain("rel=\"next\"");
        var next = link[(link.IndexOf('<') + 1)..link.IndexOf('>')];
        (await client.GetJson(next)).AsArray().Count.ShouldBe(2);

        var reader = api.Client(apiKey: await api.IssueKey("Reader", county));
        (await reader.GetJson("/api/v1/equipment")).Codes("assetNo").ShouldBe(assets, ignoreOrder: true);
        await (await reader.GetAsync($"/api/v1/equipment?unit={other}")).Problem(HttpStatusCode.Forbidden);
        await (await reader.GetAsync($"/api/v1/equipment/{outside}")).Problem(HttpStatusCode.Forbidden);
        var writer = api.Client(apiKey: await api.IssueKey("UnitWriter", county));
        var before = await api.CountEvents();
        await (await writer.PostJson($"/api/v1/equipment/{outside}/retirements", new { on = "2023-01-01", reason = "报废" })).Problem(HttpStatusCode.Forbidden);
        await (await writer.PostJson("/api/v1/equipment", new { assetNo = Ids.Next("A"), kind = "Drone", name = "无人机", unitCode = other, acquiredOn = "2020-01-01", valueYuan = 1m, serviceLifeYears = 5 }))
            .Problem(HttpStatusCode.Forbidden);
        (await api.CountEvents()).ShouldBe(before);
    }

    [Fact]
    public async Task A_refusal_is_in_chinese_by_default()
    {
        var chinese = api.Client(language: null);
        var unit = await chinese.Unit();
        var asset = await chinese.Asset(unit, "2015-01-01");
        await chinese.PostJson($"/api/v1/equipment/{asset}/retirements", new { on = "2023-02-01", reason = "报废" });
        var problem = await (await chinese.PostJson($"/api/v1/equipment/{asset}/transfers", new { toUnitCode = unit, on = "2024-01-01" })).Problem(HttpStatusCode.Conflict);
        problem["detail"]!.GetValue<string>().ShouldBe($"装备“{asset}”已于 2023-02-01 退役。");
    }
}
