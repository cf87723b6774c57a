using System.Text.Json.Nodes;

namespace CapabilityOps.Learning.Tests;

/// <summary>The Learning calls a test makes, as another bureau system would make them.</summary>
public static class Learning
{
    public static Task<HttpResponseMessage> LogHours(this HttpClient client, string staffNo, decimal hours, string studiedOn,
        string channel = "Online", string source = "学习强国", string? topic = null, string? externalId = null) =>
        client.PostJson($"/api/v1/cadres/{staffNo}/study-hours", new { hours, studiedOn, channel, source, topic, externalId });

    public static async Task<Guid> LoggedHours(this HttpClient client, string staffNo, decimal hours, string studiedOn,
        string channel = "Online", string source = "学习强国", string? topic = null, string? externalId = null) =>
        (await (await client.LogHours(staffNo, hours, studiedOn, channel, source, topic, externalId)).Json(HttpStatusCode.Created))["id"]!.GetValue<Guid>();

    /// <summary>The cadre's learning year as the view gives it at once after a write (it folds the stream when read).</summary>
    public static Task<JsonNode> CadreYear(this ApiFixture api, string staffNo, int year) =>
        api.Client().GetJson($"/api/v1/learning/cadres/{staffNo}?year={year}");

    public static decimal Decimal(this JsonNode? node) => node!.GetValue<decimal>();

    public static string Iso(DateTimeOffset instant) =>
        Uri.EscapeDataString(instant.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz"));
}
