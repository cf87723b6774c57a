namespace CapabilityOps.Equipment.Contracts.Events;

// The register (EQP-1, EQP-2): each asset's life in its own stream, equipment:{assetNo}.

/// <summary>An asset entered the register of a unit.</summary>
public sealed record EquipmentRegistered(string AssetNo, EquipmentKind Kind, string Name, string UnitCode, DateOnly AcquiredOn, decimal ValueYuan,
    int ServiceLifeYears, string? SerialNo);

/// <summary>An asset moved to another unit from <see cref="On"/>.</summary>
public sealed record EquipmentTransferred(string AssetNo, string FromUnitCode, string ToUnitCode, DateOnly On);

/// <summary>An asset left service (scrapped, lost, handed back) on <see cref="On"/>.</summary>
public sealed record EquipmentRetired(string AssetNo, DateOnly On, string Reason);

/// <summary>Maintenance or calibration was done on <see cref="On"/>; the next one of that kind is due on <see cref="NextDueOn"/> when given.</summary>
public sealed record EquipmentMaintained(string AssetNo, DateOnly On, MaintenanceKind Kind, DateOnly? NextDueOn);

/// <summary>An asset was replaced by another (an upgrade of ageing equipment): it leaves service on <see cref="On"/>. In the old asset's stream.</summary>
public sealed record EquipmentReplaced(string AssetNo, string ReplacedBy, DateOnly On);

/// <summary>The other side of <see cref="EquipmentReplaced"/>, in the new asset's stream: it replaces <see cref="Replaces"/>.</summary>
public sealed record EquipmentReplacing(string AssetNo, string Replaces, DateOnly On);

// The emergency reserve depot (EQP-3): each item's stock in its own stream, reserve-item:{sku}.

/// <summary>An item the depot keeps, with its measure (件, 套, 吨) and the stock it must not fall below.</summary>
public sealed record ReserveItemRegistered(string Sku, string Name, string Measure, string DepotUnitCode, decimal MinimumStock);

/// <summary>Supplies received into the depot (a purchase, a replenishment), perhaps with an expiry date.</summary>
public sealed record ReserveReceived(string Sku, Guid ReceiptId, decimal Quantity, DateOnly ReceivedOn, DateOnly? ExpiresOn);

/// <summary>Supplies issued for an incident; decided under the item's stream lock, never more than the stock.</summary>
public sealed record ReserveIssued(string Sku, Guid IssueId, decimal Quantity, DateOnly IssuedOn, string IncidentRef);

// Earmarked budget (EQP-4, 专款专用): each earmark's money in its own stream, earmark:{id}.

/// <summary>A year's budget earmarked for one category in one unit.</summary>
public sealed record EarmarkAllocated(Guid EarmarkId, int Year, EarmarkCategory Category, string UnitCode, decimal AmountYuan);

/// <summary>Money spent against an earmark; decided under the earmark's stream lock, never more than remains.</summary>
public sealed record EarmarkSpent(Guid EarmarkId, Guid SpendingId, decimal AmountYuan, DateOnly SpentOn, string Purpose, string Reference);
