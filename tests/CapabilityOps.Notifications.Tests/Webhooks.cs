using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace CapabilityOps.Notifications.Tests;

public static class Webhooks
{
    /// <summary>Settings of a host whose webhooks may target 127.0.0.1, with retries fast enough for a test.</summary>
    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["Webhooks:AllowedHosts:0"] = "127.0.0.1",
        ["Webhooks:AllowedHosts:1"] = "localhost",
        ["Webhooks:AllowedHosts:2"] = "hooks.example.org",
        ["Webhooks:Timeout"] = "00:00:03",
        ["Webhooks:Retry:FirstDelay"] = "00:00:00.200",
        ["Webhooks:Retry:MaxDelay"] = "00:00:00.500",
        ["Webhooks:Retry:PollingInterval"] = "00:00:00.200",
    };

    public static Task<HttpResponseMessage> Register(this HttpClient client, string name, string url, string[] events, string secret = "test-secret-0123456789") =>
        client.PostJson("/api/v1/admin/webhooks", new { name, url, events, secret });

    public static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>Waits until the webhook's log shows a delivery that satisfies <paramref name="done"/>.</summary>
    public static async Task<JsonNode> WaitForDelivery(this HttpClient client, string name, Func<JsonNode, bool> done, TimeSpan? within = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var log = (await client.GetJson($"/api/v1/admin/webhooks/{name}/deliveries")).AsArray();
            if (log.FirstOrDefault(d => done(d!)) is { } delivery) return delivery!;
            if (clock.Elapsed > (within ?? TimeSpan.FromSeconds(30))) throw new TimeoutException($"No such delivery in {log.ToJsonString()}");
            await Task.Delay(50);
        }
    }
}
