using CapabilityOps.Equipment.Contracts;
using CapabilityOps.Equipment.Contracts.Events;
using CapabilityOps.Equipment.Earmarks;
using CapabilityOps.Equipment.Register;
using CapabilityOps.Equipment.Reserve;
using CapabilityOps.Organization.Contracts;

namespace CapabilityOps.Equipment.Tests;

/// <summary>The slices' pure decisions and the folds, without a database.</summary>
public class DecideTests
{
    private static readonly DateOnly Today = new(2026, 6, 1);

    private static EquipmentRecord Asset(DateOnly acquired, int life = 8) =>
        EquipmentRecord.Apply(null, "equipment:A1", new EquipmentRegistered("A1", EquipmentKind.MonitoringInstrument, "检测仪", "U1", acquired, 1000m, life, null))!;

    private static ReserveItemRecord Item(params object[] events) =>
        events.Aggregate(ReserveItemRecord.Apply(null, "reserve-item:S1", new ReserveItemRegistered("S1", "围油栏", "米", "U1", 10m)), (i, e) => ReserveItemRecord.Apply(i, "reserve-item:S1", e))!;

    [Fact]
    public void Ageing_starts_on_the_day_the_service_life_ends()
    {
        var asset = Asset(new DateOnly(2014, 5, 1));
        asset.AgeingOn(new DateOnly(2022, 4, 30)).ShouldBeFalse();
        asset.AgeingOn(new DateOnly(2022, 5, 1)).ShouldBeTrue();
        Asset(new DateOnly(2022, 5, 1)).AgeingOn(Today).ShouldBeFalse();
    }

    [Fact]
    public void Registration_in_the_future_or_into_an_unknown_unit_is_refused()
    {
        var command = new RegisterEquipment("A1", EquipmentKind.Drone, "无人机", "U1", Today.AddDays(1), 1m, 5, null);
        var unit = new UnitRecord { Code = "U1" };
        RegisterEquipmentEndpoint.Decide(command, false, unit, Today).Problem!.Errors!.Keys.ShouldBe(["acquiredOn"]);
        RegisterEquipmentEndpoint.Decide(command with { AcquiredOn = Today }, false, null, Today).Problem!.Errors!.Keys.ShouldBe(["unitCode"]);
        RegisterEquipmentEndpoint.Decide(command with { AcquiredOn = Today }, true, unit, Today).Problem!.Status.ShouldBe(409);
        RegisterEquipmentEndpoint.Decide(command with { AcquiredOn = Today }, false, unit, Today).Events.Single().ShouldBeOfType<EquipmentRegistered>();
    }

    [Fact]
    public void A_retired_asset_cannot_move_and_no_move_precedes_the_last_one()
    {
        var asset = Asset(new DateOnly(2020, 1, 1));
        var to = new UnitRecord { Code = "U2" };
        TransferEquipmentEndpoint.Decide(asset, new("U2", new DateOnly(2019, 12, 31)), to, Today).Problem!.Errors!.Keys.ShouldBe(["on"]);
        var moved = EquipmentRecord.Apply(asset, asset.Id, new EquipmentTransferred("A1", "U1", "U2", new DateOnly(2024, 1, 1)))!;
        moved.UnitCode.ShouldBe("U2");
        moved.UnitOn(new DateOnly(2023, 12, 31)).ShouldBe("U1");
        TransferEquipmentEndpoint.Decide(moved, new("U1", new DateOnly(2023, 6, 1)), new UnitRecord { Code = "U1" }, Today).Problem!.Errors!.Keys.ShouldBe(["on"]);
        var retired = EquipmentRecord.Apply(moved, asset.Id, new EquipmentRetired("A1", new DateOnly(2025, 1, 1), "报废"))!;
        TransferEquipmentEndpoint.Decide(retired, new("U1", new DateOnly(2025, 6, 1)), new UnitRecord { Code = "U1" }, Today).Problem!.Status.ShouldBe(409);
    }

    [Fact]
    public void Maintenance_before_acquisition_is_a_400_and_a_late_record_keeps_the_later_schedule()
    {
        var asset = Asset(new DateOnly(2020, 1, 1));
        RecordMaintenanceEndpoint.Decide(asset, new(new DateOnly(2019, 1, 1), MaintenanceKind.Maintenance, null), Today).Problem!.Errors!.Keys.ShouldBe(["on"]);
        var later = EquipmentRecord.Apply(asset, asset.Id, new EquipmentMaintained("A1", new DateOnly(2025, 1, 1), MaintenanceKind.Maintenance, new DateOnly(2026, 1, 1)))!;
        var late = EquipmentRecord.Apply(later, asset.Id, new EquipmentMaintained("A1", new DateOnly(2024, 1, 1), MaintenanceKind.Maintenance, new DateOnly(2025, 1, 1)))!;
        late.NextMaintenanceDue.ShouldBe(new DateOnly(2026, 1, 1));
        late.OverdueOn(Today).ShouldBeTrue();
        var calibrated = EquipmentRecord.Apply(late, asset.Id, new EquipmentMaintained("A1", new DateOnly(2026, 5, 1), MaintenanceKind.Maintenance, new DateOnly(2026, 11, 1)))!;
        calibrated.OverdueOn(Today).ShouldBeFalse();
    }

    [Fact]
    public void An_issue_above_the_stock_is_refused_whole_and_issues_take_the_earliest_expiry_first()
    {
        var item = Item(new ReserveReceived("S1", Guid.NewGuid(), 5m, Today, Today.AddDays(300)), new ReserveReceived("S1", Guid.NewGuid(), 4m, Today, Today.AddDays(10)));
        item.Stock.ShouldBe(9m);
        item.Low.ShouldBeTrue();
        IssueReserveEndpoint.Decide(item, new(10m, Today, "TF"), Guid.NewGuid(), Today).Problem!.Status.ShouldBe(409);
        var issue = IssueReserveEndpoint.Decide(item, new(6m, Today, "TF"), Guid.NewGuid(), Today);
        var after = ReserveItemRecord.Apply(item, item.Id, issue.Events.Single())!;
        after.Stock.ShouldBe(3m);
        after.Lots.Single().ExpiresOn.ShouldBe(Today.AddDays(300));
        after.ExpiringWithin(Today, 30).ShouldBe(0m);
    }

    [Fact]
    public void Spending_may_take_exactly_what_remains_and_not_a_fen_more()
    {
        var earmark = EarmarkRecord.Apply(null, "earmark:x", new EarmarkAllocated(Guid.NewGuid(), 2026, EarmarkCategory.Training, "U1", 100.10m))!;
        PostSpendingEndpoint.Decide(earmark, new(100.11m, Today, "培训", "CG"), Guid.NewGuid(), Today).Problem!.Status.ShouldBe(409);
        PostSpendingEndpoint.Decide(earmark, new(100.10m, new DateOnly(2025, 12, 31), "培训", "CG"), Guid.NewGuid(), Today).Problem!.Errors!.Keys.ShouldBe(["spentOn"]);
        var spent = PostSpendingEndpoint.Decide(earmark, new(100.10m, Today, "培训", "CG"), Guid.NewGuid(), Today);
        EarmarkRecord.Apply(earmark, earmark.Id, spent.Events.Single())!.RemainingYuan.ShouldBe(0m);
    }
}
