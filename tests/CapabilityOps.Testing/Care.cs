using System.Net;

namespace CapabilityOps.Testing;

/// <summary>The care facts every cadre is due each year (CARE-1, CARE-3), through the public API.</summary>
public static class Care
{
    /// <summary>Records a heart-to-heart talk and a health check on <paramref name="on"/>, so CARE-1 and CARE-3 are met for its year.</summary>
    public static async Task TalkAndCheck(this HttpClient client, string staffNo, string on = "2025-03-10")
    {
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/talks", new { heldOn = on, by = "党组书记" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/health-checks", new { checkedOn = on })).Json(HttpStatusCode.Created);
    }
}
