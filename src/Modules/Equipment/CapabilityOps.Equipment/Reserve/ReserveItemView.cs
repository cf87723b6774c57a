using CapabilityOps.Equipment.Contracts;

namespace CapabilityOps.Equipment.Reserve;

/// <summary>A reserve item of the emergency depot, its stock and what of it expires soon.</summary>
/// <param name="Measure">The unit the quantities are in, e.g. 套, 件, 吨.</param>
/// <param name="Low">The stock is below the minimum.</param>
/// <param name="ExpiringWithin30Days">How much of the stock expires within 30 days of today (already expired included).</param>
/// <param name="EarliestExpiry">The earliest expiry date of what is in stock; null when nothing in stock expires.</param>
public sealed record ReserveItemView(string Sku, string Name, string Measure, string DepotUnitCode, decimal Stock, decimal MinimumStock, bool Low,
    decimal ExpiringWithin30Days, DateOnly? EarliestExpiry)
{
    public const int ExpiryWindowDays = 30;

    public static ReserveItemView Of(ReserveItemRecord item, DateOnly today) =>
        new(item.Sku, item.Name, item.Measure, item.DepotUnitCode, item.Stock, item.MinimumStock, item.Low,
            item.ExpiringWithin(today, ExpiryWindowDays), item.EarliestExpiry);
}
