using CapabilityOps.Equipment.Contracts;

namespace CapabilityOps.Equipment.Register;

/// <summary>An asset of the register as it stands on a day.</summary>
/// <param name="UnitCode">The unit holding it on the view date.</param>
/// <param name="Status">InService or Retired.</param>
/// <param name="Ageing">Past its service life: acquiredOn plus the service life is on or before the view date (EQP-2).</param>
/// <param name="EndOfLifeOn">The day its service life ends.</param>
/// <param name="NextMaintenanceDue">The earliest maintenance or calibration due; null when none is scheduled.</param>
/// <param name="MaintenanceOverdue">That date has passed on the view date.</param>
/// <param name="BookValueYuan">Its value written off in a straight line over the service life, on the view date.</param>
/// <param name="OnDate">The business day the view describes.</param>
public sealed record EquipmentView(string AssetNo, EquipmentKind Kind, string Name, string UnitCode, DateOnly AcquiredOn, decimal ValueYuan,
    int ServiceLifeYears, string? SerialNo, EquipmentStatus Status, bool Ageing, DateOnly EndOfLifeOn, DateOnly? NextMaintenanceDue,
    bool MaintenanceOverdue, decimal BookValueYuan, DateOnly? RetiredOn, string? RetirementReason, string? ReplacedBy, string? Replaces,
    DateOnly OnDate)
{
    public static EquipmentView Of(EquipmentRecord a, DateOnly day)
    {
        var retired = a.RetiredOn is { } on && on <= day;
        return new(a.AssetNo, a.Kind, a.Name, a.UnitOn(day), a.AcquiredOn, a.ValueYuan, a.ServiceLifeYears, a.SerialNo,
            retired ? EquipmentStatus.Retired : EquipmentStatus.InService, a.AgeingOn(day), a.EndOfLifeOn, a.NextMaintenanceDue,
            !retired && a.OverdueOn(day), retired ? 0m : a.BookValueOn(day), retired ? a.RetiredOn : null, retired ? a.RetirementReason : null,
            a.ReplacedBy, a.Replaces, day);
    }
}
