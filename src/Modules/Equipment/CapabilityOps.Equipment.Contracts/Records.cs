using CapabilityOps.Equipment.Contracts.Events;
using CapabilityOps.Organization.Contracts;

namespace CapabilityOps.Equipment.Contracts;

/// <summary>
/// An asset as projected (inline) from its stream <c>equipment:{assetNo}</c>: the register's row, with the dated unit history
/// and the maintenance record. <see cref="Apply"/> is the one fold: the projection, <c>?asOf=</c> (the stream read up to an
/// instant) and the indicator's as-of measure use it alike.
/// </summary>
public sealed class EquipmentRecord
{
    /// <summary>The stream key, <c>equipment:{assetNo}</c>.</summary>
    public string Id { get; set; } = "";
    public string AssetNo { get; set; } = "";
    public EquipmentKind Kind { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The unit holding it now (the last transfer's).</summary>
    public string UnitCode { get; set; } = "";

    /// <summary>Units held, ordered by the date each began: where it was on any day.</summary>
    public List<Dated<string>> Units { get; set; } = [];
    public DateOnly AcquiredOn { get; set; }
    public decimal ValueYuan { get; set; }
    public int ServiceLifeYears { get; set; }
    public string? SerialNo { get; set; }
    public EquipmentStatus Status { get; set; }
    public DateOnly? RetiredOn { get; set; }
    public string? RetirementReason { get; set; }
    public string? ReplacedBy { get; set; }
    public string? Replaces { get; set; }

    /// <summary>The day its service life ends: acquisition plus the service life; ageing on and after it (EQP-2).</summary>
    public DateOnly EndOfLifeOn { get; set; }

    /// <summary>The next maintenance due, from the latest maintenance recorded (null: none scheduled).</summary>
    public DateOnly? MaintenanceDueOn { get; set; }

    /// <summary>The next calibration due, from the latest calibration recorded (null: none scheduled).</summary>
    public DateOnly? CalibrationDueOn { get; set; }

    /// <summary>The earlier of the two: what the register's due list and the reminders look at.</summary>
    public DateOnly? NextMaintenanceDue { get; set; }

    /// <summary>Maintenance and calibration done, in the order recorded.</summary>
    public List<MaintenanceEntry> Maintenance { get; set; } = [];

    public bool InService => Status == EquipmentStatus.InService;

    /// <summary>Past its service life on <paramref name="day"/> (<c>acquiredOn</c> plus the service life on or before it).</summary>
    public bool AgeingOn(DateOnly day) => EndOfLifeOn <= day;

    /// <summary>Maintenance or calibration overdue on <paramref name="day"/>: its due date has passed.</summary>
    public bool OverdueOn(DateOnly day) => NextMaintenanceDue is { } due && due < day;

    public string UnitOn(DateOnly day) => Dated<string>.At(Units, day);

    /// <summary>
    /// What it is worth on <paramref name="day"/>: the value written off in a straight line over the service life, by day
    /// (the usual 直线法 with no residual value), in yuan to the fen.
    /// </summary>
    public decimal BookValueOn(DateOnly day)
    {
        if (day <= AcquiredOn) return ValueYuan;
        if (day >= EndOfLifeOn) return 0m;
        var life = EndOfLifeOn.DayNumber - AcquiredOn.DayNumber;
        var left = EndOfLifeOn.DayNumber - day.DayNumber;
        return Math.Round(ValueYuan * left / life, 2, MidpointRounding.AwayFromZero);
    }

    public static EquipmentRecord? Apply(EquipmentRecord? asset, string id, object data)
    {
        switch (data)
        {
            case EquipmentRegistered r:
                return new EquipmentRecord
                {
                    Id = id, AssetNo = r.AssetNo, Kind = r.Kind, Name = r.Name, UnitCode = r.UnitCode, Units = [new(r.UnitCode, r.AcquiredOn)],
                    AcquiredOn = r.AcquiredOn, ValueYuan = r.ValueYuan, ServiceLifeYears = r.ServiceLifeYears, SerialNo = r.SerialNo,
                    Status = EquipmentStatus.InService, EndOfLifeOn = r.AcquiredOn.AddYears(r.ServiceLifeYears),
                };
            case EquipmentTransferred t when asset is not null:
                Dated<string>.Insert(asset.Units, new(t.ToUnitCode, t.On));
                asset.UnitCode = asset.Units[^1].Value;
                return asset;
            case EquipmentRetired r when asset is not null:
                asset.Status = EquipmentStatus.Retired;
                asset.RetiredOn = r.On;
                asset.RetirementReason = r.Reason;
                return asset;
            case EquipmentReplaced r when asset is not null:
                asset.ReplacedBy = r.ReplacedBy;
                if (asset.Status == EquipmentStatus.InService)
                {
                    asset.Status = EquipmentStatus.Retired;
                    asset.RetiredOn = r.On;
                }
                return asset;
            case EquipmentReplacing r when asset is not null:
                asset.Replaces = r.Replaces;
                return asset;
            case EquipmentMaintained m when asset is not null:
                // A late record of an older visit keeps the schedule the later one set.
                var latest = asset.Maintenance.Where(e => e.Kind == m.Kind).Select(e => (DateOnly?)e.On).Max();
                asset.Maintenance.Add(new MaintenanceEntry(m.On, m.Kind, m.NextDueOn));
                if (latest is null || m.On >= latest)
                {
                    if (m.Kind == MaintenanceKind.Calibration) asset.CalibrationDueOn = m.NextDueOn;
                    else asset.MaintenanceDueOn = m.NextDueOn;
                }
                asset.NextMaintenanceDue = (asset.MaintenanceDueOn, asset.CalibrationDueOn) switch
                {
                    ({ } a, { } b) => a < b ? a : b,
                    (var a, var b) => a ?? b,
                };
                return asset;
            default:
                return asset;
        }
    }
}

/// <summary>One maintenance or calibration done.</summary>
public sealed record MaintenanceEntry(DateOnly On, MaintenanceKind Kind, DateOnly? NextDueOn);

/// <summary>
/// A reserve item as projected (inline) from its stream <c>reserve-item:{sku}</c>: the stock, and what is left of each receipt
/// (issues take the lots that expire first), so expiring supplies are known.
/// </summary>
public sealed class ReserveItemRecord
{
    /// <summary>The stream key, <c>reserve-item:{sku}</c>.</summary>
    public string Id { get; set; } = "";
    public string Sku { get; set; } = "";
    public string Name { get; set; } = "";
    public string Measure { get; set; } = "";
    public string DepotUnitCode { get; set; } = "";
    public decimal MinimumStock { get; set; }
    public decimal Stock { get; set; }

    /// <summary>Below the minimum stock (EQP-3).</summary>
    public bool Low { get; set; }

    /// <summary>The earliest expiry of what is in stock; null when nothing in stock expires.</summary>
    public DateOnly? EarliestExpiry { get; set; }

    /// <summary>What is left of each receipt, in the order issues take them.</summary>
    public List<ReserveLot> Lots { get; set; } = [];

    /// <summary>How much in stock expires by <paramref name="day"/> plus <paramref name="days"/> (already expired included).</summary>
    public decimal ExpiringWithin(DateOnly day, int days) =>
        Lots.Where(l => l.ExpiresOn is { } e && e <= day.AddDays(days)).Sum(l => l.Remaining);

    public static ReserveItemRecord? Apply(ReserveItemRecord? item, string id, object data)
    {
        switch (data)
        {
            case ReserveItemRegistered r:
                return new ReserveItemRecord
                {
                    Id = id, Sku = r.Sku, Name = r.Name, Measure = r.Measure, DepotUnitCode = r.DepotUnitCode, MinimumStock = r.MinimumStock,
                    Low = r.MinimumStock > 0,
                };
            case ReserveReceived r when item is not null:
                item.Lots.Add(new ReserveLot(r.ReceiptId, r.ReceivedOn, r.ExpiresOn, r.Quantity));
                item.Lots = [.. item.Lots.OrderBy(l => l.ExpiresOn ?? DateOnly.MaxValue).ThenBy(l => l.ReceivedOn)];
                item.Stock += r.Quantity;
                return Settle(item);
            case ReserveIssued i when item is not null:
                var wanted = i.Quantity;
                foreach (var lot in item.Lots)
                {
                    var taken = Math.Min(wanted, lot.Remaining);
                    lot.Remaining -= taken;
                    wanted -= taken;
                    if (wanted == 0) break;
                }
                item.Lots.RemoveAll(l => l.Remaining == 0);
                item.Stock -= i.Quantity;
                return Settle(item);
            default:
                return item;
        }
    }

    private static ReserveItemRecord Settle(ReserveItemRecord item)
    {
        item.Low = item.Stock < item.MinimumStock;
        item.EarliestExpiry = item.Lots.Where(l => l.ExpiresOn is not null).Select(l => l.ExpiresOn).Min();
        return item;
    }
}

/// <summary>What is left of one receipt.</summary>
public sealed class ReserveLot(Guid receiptId, DateOnly receivedOn, DateOnly? expiresOn, decimal remaining)
{
    public Guid ReceiptId { get; set; } = receiptId;
    public DateOnly ReceivedOn { get; set; } = receivedOn;
    public DateOnly? ExpiresOn { get; set; } = expiresOn;
    public decimal Remaining { get; set; } = remaining;
}

/// <summary>
/// An earmark as projected (inline) from its stream <c>earmark:{id}</c>: the amount, what was spent against it, line by line,
/// and what remains (专款专用).
/// </summary>
public sealed class EarmarkRecord
{
    /// <summary>The stream key, <c>earmark:{id}</c>.</summary>
    public string Id { get; set; } = "";
    public Guid EarmarkId { get; set; }
    public int Year { get; set; }
    public EarmarkCategory Category { get; set; }
    public string UnitCode { get; set; } = "";
    public decimal AmountYuan { get; set; }
    public decimal SpentYuan { get; set; }
    public decimal RemainingYuan => AmountYuan - SpentYuan;

    /// <summary>One earmark per year, category and unit: unique, so two racing allocations cannot both land.</summary>
    public string Slot { get; set; } = "";
    public List<SpendingLine> Spending { get; set; } = [];

    public static string SlotOf(int year, EarmarkCategory category, string unitCode) => $"{year}|{category}|{unitCode}";

    public static EarmarkRecord? Apply(EarmarkRecord? earmark, string id, object data)
    {
        switch (data)
        {
            case EarmarkAllocated a:
                return new EarmarkRecord
                {
                    Id = id, EarmarkId = a.EarmarkId, Year = a.Year, Category = a.Category, UnitCode = a.UnitCode, AmountYuan = a.AmountYuan,
                    Slot = SlotOf(a.Year, a.Category, a.UnitCode),
                };
            case EarmarkSpent s when earmark is not null:
                earmark.Spending.Add(new SpendingLine(s.SpendingId, s.AmountYuan, s.SpentOn, s.Purpose, s.Reference));
                earmark.SpentYuan += s.AmountYuan;
                return earmark;
            default:
                return earmark;
        }
    }
}

/// <summary>One spending against an earmark.</summary>
public sealed record SpendingLine(Guid Id, decimal AmountYuan, DateOnly SpentOn, string Purpose, string Reference);
