using CapabilityOps.Bench.Generation;
using CapabilityOps.Equipment.Contracts;
using CapabilityOps.Equipment.Contracts.Events;
using CapabilityOps.Equipment.Earmarks;
using CapabilityOps.Equipment.Register;
using CapabilityOps.Equipment.Reserve;
using CapabilityOps.Organization.Contracts;
using Shouldly;
using Xunit;

namespace CapabilityOps.Bench.Tests;

/// <summary>The generated register, depot and earmarks: realistic, and every fact one the Equipment module's decisions accept.</summary>
public class EquipmentFactsTests
{
    private static readonly GenerationPlan Plan = new(Cadres: 50, Years: 2, Seed: 8, LastYear: 2025, Today: new DateOnly(2025, 12, 31));

    private static readonly List<GeneratedStream> Streams = EquipmentFacts.Streams(Plan, BureauShape.Units).ToList();

    [Fact]
    public void A_few_hundred_assets_some_past_their_life_in_service_and_some_overdue_for_upkeep()
    {
        var assets = Streams.Where(s => s.Key.StartsWith("equipment:", StringComparison.Ordinal))
            .Select(s => s.Events.Aggregate((EquipmentRecord?)null, (a, e) => EquipmentRecord.Apply(a, s.Key, e))!).ToList();
        assets.Count.ShouldBeInRange(200, 600);
        var inService = assets.Where(a => a.InService).ToList();
        inService.Count(a => a.AgeingOn(Plan.Today)).ShouldBeGreaterThan(10);
        inService.Count(a => a.OverdueOn(Plan.Today)).ShouldBeGreaterThan(3);
        assets.Count(a => a.ReplacedBy is not null).ShouldBeGreaterThan(0);
        assets.Select(a => a.UnitCode).Distinct().Count().ShouldBeGreaterThan(10);
        EquipmentFacts.Streams(Plan, BureauShape.Units).Select(s => s.Key).ShouldBe(Streams.Select(s => s.Key));
    }

    [Fact]
    public void Every_generated_fact_is_one_the_module_accepts()
    {
        var units = BureauShape.Units.ToDictionary(u => u.Code, u => new UnitRecord { Code = u.Code, Kind = u.Kind });
        var assets = new Dictionary<string, EquipmentRecord>();
        foreach (var stream in Streams)
        {
            object? state = null;
            foreach (var fact in stream.Events)
            {
                var accepted = (fact, state) switch
                {
                    (EquipmentRegistered r, null) => RegisterEquipmentEndpoint.Decide(new(r.AssetNo, r.Kind, r.Name, r.UnitCode, r.AcquiredOn, r.ValueYuan, r.ServiceLifeYears, r.SerialNo),
                        false, units[r.UnitCode], Plan.Today).Problem,
                    (EquipmentTransferred t, EquipmentRecord a) => TransferEquipmentEndpoint.Decide(a, new(t.ToUnitCode, t.On), units[t.ToUnitCode], Plan.Today).Problem,
                    (EquipmentRetired r, EquipmentRecord a) => RetireEquipmentEndpoint.Decide(a, new(r.On, r.Reason), Plan.Today).Problem,
                    (EquipmentMaintained m, EquipmentRecord a) => RecordMaintenanceEndpoint.Decide(a, new(m.On, m.Kind, m.NextDueOn), Plan.Today).Problem,
                    (EquipmentReplaced or EquipmentReplacing, EquipmentRecord) => null,
                    (ReserveItemRegistered r, null) => RegisterReserveItemEndpoint.Decide(new(r.Sku, r.Name, r.Measure, r.DepotUnitCode, r.MinimumStock), false, units[r.DepotUnitCode]).Problem,
                    (ReserveReceived r, ReserveItemRecord i) => ReceiveReserveEndpoint.Decide(i, new(r.Quantity, r.ReceivedOn, r.ExpiresOn), r.ReceiptId, Plan.Today).Problem,
                    (ReserveIssued r, ReserveItemRecord i) => IssueReserveEndpoint.Decide(i, new(r.Quantity, r.IssuedOn, r.IncidentRef), r.IssueId, Plan.Today).Problem,
                    (EarmarkAllocated a, null) => AllocateEarmarkEndpoint.Decide(new(a.Year, a.Category, a.UnitCode, a.AmountYuan), null, units[a.UnitCode], a.EarmarkId).Problem,
                    (EarmarkSpent s, EarmarkRecord e) => PostSpendingEndpoint.Decide(e, new(s.AmountYuan, s.SpentOn, s.Purpose, s.Reference), s.SpendingId, Plan.Today).Problem,
                    _ => throw new ShouldAssertException($"{stream.Key}: {fact.GetType().Name} on {state?.GetType().Name ?? "nothing"}"),
                };
                accepted.ShouldBeNull($"{stream.Key}: {fact} refused: {accepted?.Detail}");
                state = state switch
                {
                    null when fact is EquipmentRegistered => EquipmentRecord.Apply(null, stream.Key, fact),
                    null when fact is ReserveItemRegistered => ReserveItemRecord.Apply(null, stream.Key, fact),
                    null => EarmarkRecord.Apply(null, stream.Key, fact),
                    EquipmentRecord a => EquipmentRecord.Apply(a, stream.Key, fact),
                    ReserveItemRecord i => ReserveItemRecord.Apply(i, stream.Key, fact),
                    EarmarkRecord e => EarmarkRecord.Apply(e, stream.Key, fact),
                    _ => state,
                };
            }
            if (state is EquipmentRecord asset) assets[asset.AssetNo] = asset;
        }
        // Replacements link both ways.
        foreach (var asset in assets.Values.Where(a => a.ReplacedBy is not null)) assets[asset.ReplacedBy!].Replaces.ShouldBe(asset.AssetNo);
        var items = Streams.Where(s => s.Key.StartsWith("reserve-item:", StringComparison.Ordinal))
            .Select(s => s.Events.Aggregate((ReserveItemRecord?)null, (i, e) => ReserveItemRecord.Apply(i, s.Key, e))!).ToList();
        items.Count(i => i.Low).ShouldBeGreaterThan(0);
        items.Count(i => !i.Low).ShouldBeGreaterThan(0);
    }
}
