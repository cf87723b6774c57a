using System.Text.Json.Nodes;

namespace CapabilityOps.Training.Tests;

internal static class TrainingApi
{
    public static string Instant(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O"));

    public static async Task<IReadOnlyList<string>> History(this HttpClient client, string staffNo) =>
        (await client.GetJson($"/api/v1/cadres/{staffNo}/history")).AsArray().Select(h => h!["type"]!.GetValue<string>()).ToList();

    public static JsonNode? Check(JsonNode view, string rule, string list = "checks") =>
        view[list]!.AsArray().SingleOrDefault(c => c!["rule"]!.GetValue<string>() == rule);

    public static async Task<decimal> Lrn1(this HttpClient client, string staffNo, int year) =>
        Check(await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year={year}"), "LRN-1")!["actual"]!.GetValue<decimal>();

    public static async Task<decimal> LearningHours(this HttpClient client, string staffNo, int year) =>
        (await client.GetJson($"/api/v1/learning/cadres/{staffNo}?year={year}"))["hours"]!.GetValue<decimal>();
}
