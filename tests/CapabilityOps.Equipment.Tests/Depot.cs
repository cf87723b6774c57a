using System.Text.Json.Nodes;

namespace CapabilityOps.Equipment.Tests;

/// <summary>Sets up assets, reserve items and earmarks through the public API, as the bureau's systems would.</summary>
internal static class Depot
{
    public static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);

    public static string Iso(this DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<string> Asset(this HttpClient client, string unitCode, string acquiredOn = "2022-03-01", int serviceLifeYears = 8,
        string kind = "MonitoringInstrument", decimal valueYuan = 80000m)
    {
        var assetNo = Ids.Next("A");
        await (await client.PostJson("/api/v1/equipment", new { assetNo, kind, name = "便携式VOCs检测仪", unitCode, acquiredOn, valueYuan, serviceLifeYears, serialNo = "SN-1" }))
            .Json(HttpStatusCode.Created);
        return assetNo;
    }

    public static async Task<string> ReserveItem(this HttpClient client, string depotUnitCode, decimal minimumStock = 0m, decimal? stock = null)
    {
        var sku = Ids.Next("R");
        await (await client.PostJson("/api/v1/reserve-items", new { sku, name = "围油栏", measure = "米", depotUnitCode, minimumStock })).Json(HttpStatusCode.Created);
        if (stock is { } quantity)
            await (await client.PostJson($"/api/v1/reserve-items/{sku}/receipts", new { quantity, receivedOn = Today.Iso() })).Json(HttpStatusCode.Created);
        return sku;
    }

    public static async Task<string> Earmark(this HttpClient client, string unitCode, decimal amountYuan, string category = "MonitoringEquipment", int? year = null)
    {
        var created = await (await client.PostJson("/api/v1/earmarks", new { year = year ?? Today.Year, category, unitCode, amountYuan })).Json(HttpStatusCode.Created);
        return created["id"]!.GetValue<string>();
    }

    public static IEnumerable<string> Codes(this JsonNode list, string field) => list.AsArray().Select(n => n![field]!.GetValue<string>());
}
