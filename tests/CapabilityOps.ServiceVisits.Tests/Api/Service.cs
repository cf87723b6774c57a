using System.Text.Json.Nodes;

namespace CapabilityOps.ServiceVisits.Tests.Api;

/// <summary>The service-visit calls another bureau system would make.</summary>
public static class Service
{
    public static async Task<JsonNode> Visit(this HttpClient client, string staffNo, string from, string to, string kind = "Rural",
        string place = "恩阳区柳林镇", string? enterprise = null) =>
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/grassroots-visits",
            new { from, to, kind, place, enterprise = enterprise ?? (kind == "Enterprise" ? "巴中某某水泥有限公司" : null) })).Json(HttpStatusCode.Created);

    public static async Task<string> Assist(this HttpClient client, string staffNo, string enterprise, string since) =>
        (await (await client.PostJson($"/api/v1/cadres/{staffNo}/assisted-enterprises", new { enterprise, since })).Json(HttpStatusCode.Created))["id"]!
        .GetValue<string>();

    public static async Task Article(this HttpClient client, string staffNo, string completedOn, string title = "关于大气污染防治的调研") =>
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/research-articles", new { title, completedOn })).Json(HttpStatusCode.Created);

    public static async Task Suggestion(this HttpClient client, string staffNo, string madeOn, string title = "关于企业VOCs治理的建议") =>
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/improvement-suggestions",
            new { title, madeOn, suggestions = "加强日常巡查", measures = "建立问题台账", addressedTo = "巴中某某水泥有限公司" })).Json(HttpStatusCode.Created);

    public static Task<JsonNode> Year(this HttpClient client, string staffNo, int year, string? asOf = null) =>
        client.GetJson($"/api/v1/service-visits/cadres/{staffNo}?year={year}" + (asOf is null ? "" : $"&asOf={Uri.EscapeDataString(asOf)}"));

    public static Task<JsonNode> UnitYear(this HttpClient client, string code, int year) =>
        client.GetJson($"/api/v1/service-visits/units/{code}?year={year}");

    public static async Task<int> HistoryCount(this HttpClient client, string staffNo) =>
        (await client.GetJson($"/api/v1/cadres/{staffNo}/history")).AsArray().Count;

    public static int Int(this JsonNode node, string path)
    {
        var current = node;
        foreach (var part in path.Split('.')) current = current[part]!;
        return current.GetValue<int>();
    }

    public static string? Str(this JsonNode node, string name) => node[name]?.GetValue<string>();
}
