using System.Text.Json.Nodes;
using CapabilityOps.Equipment.Contracts;
using CapabilityOps.Equipment.Contracts.Events;

namespace CapabilityOps.Equipment.Tests;

/// <summary>The EQP part of the unit appraisal's EQP/INF indicator, through the appraisal route.</summary>
[Collection(ApiCollection.Name)]
public class IndicatorTests(ApiFixture api)
{
    [Fact]
    public async Task A_direct_unit_with_a_register_is_measured_on_its_equipment_and_reserve_instead_of_leaving_the_indicator_out()
    {
        var client = api.Client();
        var city = await client.Unit();
        var direct = await client.Unit("DirectUnit", city);
        await client.Cadre(direct);
        var year = Depot.Today.Year;
        var url = $"/api/v1/appraisals/units/{direct}?year={year}";
        await api.WaitForReadModel();
        (await client.GetJson(url))["leftOut"]!.AsArray().Select(l => l!["id"]!.GetValue<string>()).ShouldContain("EQP/INF");

        // Four in service: one past its life, one overdue for calibration, two sound; a retired one does not count.
        await client.Asset(direct, "2014-05-01", 8);
        var overdue = await client.Asset(direct, "2023-01-01", 8);
        await (await client.PostJson($"/api/v1/equipment/{overdue}/maintenance", new { on = "2024-01-05", kind = "Calibration", nextDueOn = Depot.Today.AddDays(-1).Iso() }))
            .Json(HttpStatusCode.Created);
        await client.Asset(direct, "2022-01-01", 8);
        await client.Asset(direct, "2024-01-01", 10, kind: "Drone");
        var retired = await client.Asset(direct, "2010-01-01", 5);
        await (await client.PostJson($"/api/v1/equipment/{retired}/retirements", new { on = "2016-01-01", reason = "报废" })).Json(HttpStatusCode.Created);
        // One reserve item, at its minimum.
        await client.ReserveItem(direct, minimumStock: 10, stock: 10);

        await api.WaitForReadModel();
        var view = await client.GetJson(url);
        view["leftOut"]!.AsArray().Select(l => l!["id"]!.GetValue<string>()).ShouldNotContain("EQP/INF");
        var indicator = view["indicators"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == "EQP/INF")!;
        // The mean of the parts, not a pool of their counts: 2 of 4 assets sound (0.5) and 1 of 1 item at or above minimum (1).
        indicator["value"]!.GetValue<decimal>().ShouldBe(0.75m);
        indicator["weight"]!.GetValue<decimal>().ShouldBe(10m);
        indicator["detail"]!.GetValue<string>().ShouldContain("2 of 4 assets in service");
        indicator["detail"]!.GetValue<string>().ShouldContain("1 of 1 reserve items");
    }

    [Fact]
    public async Task The_parts_are_the_shares_of_sound_equipment_and_stocked_items_each_out_of_one()
    {
        var units = new HashSet<string> { "D" };
        var day = new DateOnly(2026, 6, 1);
        EquipmentRecord Asset(string no, DateOnly acquired, int life, DateOnly? due = null, string unit = "D")
        {
            var asset = EquipmentRecord.Apply(null, no, new EquipmentRegistered(no, EquipmentKind.Drone, "无人机", unit, acquired, 1m, life, null))!;
            return due is { } d ? EquipmentRecord.Apply(asset, no, new EquipmentMaintained(no, acquired, MaintenanceKind.Maintenance, d))! : asset;
        }
        var assets = new[]
        {
            Asset("a", new DateOnly(2014, 1, 1), 8), Asset("b", new DateOnly(2022, 1, 1), 8), Asset("c", new DateOnly(2022, 1, 1), 8, new DateOnly(2026, 5, 1)),
            Asset("d", new DateOnly(2022, 1, 1), 8, unit: "ELSEWHERE"), Asset("e", new DateOnly(2026, 7, 1), 8),
        };
        var parts = Scoring.EquipmentIndicators.Measure(units, assets, [], day).ToList();
        parts.Count.ShouldBe(1);
        parts[0].Achieved.ShouldBe(1m / 3);
        parts[0].OutOf.ShouldBe(1m);
        Scoring.EquipmentIndicators.Measure(units, [], [], day).ShouldBeEmpty();
    }
}
