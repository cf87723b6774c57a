using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shouldly;

namespace CapabilityOps.Testing;

/// <summary>Small helpers so a test reads as the calls another bureau system would make.</summary>
public static class Http
{
    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, object body) =>
        client.PostAsync(url, new StringContent(JsonSerializer.Serialize(body, JsonOptions), Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PostRaw(this HttpClient client, string url, string body, string contentType = "application/json") =>
        client.PostAsync(url, new StringContent(body, Encoding.UTF8, contentType));

    public static async Task<JsonNode> Json(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, text);
        return JsonNode.Parse(text.Length == 0 ? "null" : text) ?? new JsonObject();
    }

    public static async Task<JsonNode> GetJson(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await client.GetAsync(url)).Json(expected);

    /// <summary>Asserts an RFC 9457 problem with the given status and, when named, an error for <paramref name="field"/>.</summary>
    public static async Task<JsonNode> Problem(this HttpResponseMessage response, HttpStatusCode expected, string? field = null)
    {
        var json = await response.Json(expected);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        json["status"]!.GetValue<int>().ShouldBe((int)expected);
        json["title"].ShouldNotBeNull();
        if (field is not null) json["errors"]?[field].ShouldNotBeNull($"expected an error for '{field}' in {json.ToJsonString()}");
        return json;
    }

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>Unique codes, so tests sharing one database never collide.</summary>
public static class Ids
{
    public static string Next(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
}
