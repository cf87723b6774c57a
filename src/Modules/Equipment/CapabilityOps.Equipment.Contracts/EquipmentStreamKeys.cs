namespace CapabilityOps.Equipment.Contracts;

/// <summary>The streams the Equipment module owns: one per asset, reserve item and earmark, keyed by its natural code.</summary>
public static class EquipmentStreamKeys
{
    public static string Asset(string assetNo) => "equipment:" + assetNo;

    public static string ReserveItem(string sku) => "reserve-item:" + sku;

    public static string Earmark(Guid id) => "earmark:" + id.ToString("D");
}
