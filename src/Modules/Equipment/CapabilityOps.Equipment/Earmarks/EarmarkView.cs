using CapabilityOps.Equipment.Contracts;

namespace CapabilityOps.Equipment.Earmarks;

/// <summary>An earmark (专项经费): the amount, what was spent against it and what remains.</summary>
/// <param name="Id">The earmark's id.</param>
/// <param name="Category">Training, MonitoringEquipment, InspectionEquipment or EmergencyEquipment.</param>
/// <param name="AmountYuan">The amount earmarked, in yuan.</param>
/// <param name="SpentYuan">What was spent against it, in yuan.</param>
/// <param name="RemainingYuan">What remains, in yuan: never below 0.</param>
/// <param name="Spendings">How many spendings were posted against it.</param>
public sealed record EarmarkView(Guid Id, int Year, EarmarkCategory Category, string UnitCode, decimal AmountYuan, decimal SpentYuan,
    decimal RemainingYuan, int Spendings)
{
    public static EarmarkView Of(EarmarkRecord e) =>
        new(e.EarmarkId, e.Year, e.Category, e.UnitCode, e.AmountYuan, e.SpentYuan, e.RemainingYuan, e.Spending.Count);
}
