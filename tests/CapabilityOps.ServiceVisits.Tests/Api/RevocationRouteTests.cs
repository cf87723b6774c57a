using System.Net.Http.Json;

namespace CapabilityOps.ServiceVisits.Tests.Api;

/// <summary>
/// Corrections are <c>POST …/{id}/revocations</c> everywhere; the service-visit routes' <c>…/{id}/revoke</c> answers 308 Permanent
/// Redirect there for one release, and is listed as deprecated.
/// </summary>
[Collection(ApiCollection.Name)]
public class RevocationRouteTests(ApiFixture api)
{
    private static readonly string[] Kinds = ["grassroots-visits", "assisted-enterprises", "research-articles", "improvement-suggestions"];

    private async Task<(HttpClient Client, string StaffNo, Dictionary<string, string> Ids)> RecordedAsync()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit(), "SectionLevel");
        var ids = new Dictionary<string, string>
        {
            ["grassroots-visits"] = (await client.Visit(staffNo, "2025-03-01", "2025-03-02")).Str("id")!,
            ["assisted-enterprises"] = await client.Assist(staffNo, "甲公司", "2025-01-01"),
            ["research-articles"] = (await (await client.PostJson($"/api/v1/cadres/{staffNo}/research-articles",
                new { title = "调研", completedOn = "2025-04-01" })).Json(HttpStatusCode.Created)).Str("id")!,
            ["improvement-suggestions"] = (await (await client.PostJson($"/api/v1/cadres/{staffNo}/improvement-suggestions",
                new { title = "建议", madeOn = "2025-05-01", suggestions = "加强巡查" })).Json(HttpStatusCode.Created)).Str("id")!,
        };
        return (client, staffNo, ids);
    }

    [Fact]
    public async Task The_old_route_answers_308_to_the_new_one_and_the_redirected_post_revokes_once()
    {
        var (client, staffNo, ids) = await RecordedAsync();
        foreach (var kind in Kinds)
        {
            var moved = await client.PostJson($"/api/v1/cadres/{staffNo}/{kind}/{ids[kind]}/revoke", new { reason = "重复录入" });
            moved.StatusCode.ShouldBe(HttpStatusCode.PermanentRedirect);
            moved.Headers.Location!.ToString().ShouldBe($"/api/v1/cadres/{staffNo}/{kind}/{ids[kind]}/revocations");

            // What a client does with a 308: the same POST, body and all, to the new route.
            var revoked = await (await client.PostJson(moved.Headers.Location.ToString(), new { reason = "重复录入" })).Json(HttpStatusCode.Created);
            (revoked.Str("id"), revoked.Str("reason")).ShouldBe((ids[kind], "重复录入"));
            await (await client.PostJson(moved.Headers.Location.ToString(), new { reason = "again" })).Problem(HttpStatusCode.Conflict);
            await (await client.PostJson($"/api/v1/cadres/{staffNo}/{kind}/{Guid.NewGuid()}/revocations", new { reason = "x" })).Problem(HttpStatusCode.NotFound);
        }
        // Registration, four facts, four revocations: the redirects recorded nothing.
        (await client.HistoryCount(staffNo)).ShouldBe(9);
        var year = await client.Year(staffNo, 2025);
        year.Int("days.total").ShouldBe(0);
    }

    [Fact]
    public async Task An_idempotency_key_sent_through_the_redirect_is_claimed_by_the_revocation_not_the_redirect()
    {
        var (client, staffNo, ids) = await RecordedAsync();
        var key = Ids.Next("idem");
        HttpRequestMessage Post(string url)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new { reason = "重复录入" }) };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        var moved = await client.SendAsync(Post($"/api/v1/cadres/{staffNo}/grassroots-visits/{ids["grassroots-visits"]}/revoke"));
        moved.StatusCode.ShouldBe(HttpStatusCode.PermanentRedirect);
        var first = await (await client.SendAsync(Post(moved.Headers.Location!.ToString()))).Json(HttpStatusCode.Created);
        var repeat = await client.SendAsync(Post(moved.Headers.Location!.ToString()));
        (await repeat.Json(HttpStatusCode.Created)).Str("id").ShouldBe(first.Str("id"));
        repeat.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        (await client.HistoryCount(staffNo)).ShouldBe(6);
    }

    [Fact]
    public async Task The_openapi_document_marks_the_old_routes_deprecated_naming_the_new_ones()
    {
        var paths = (await api.Client().GetJson("/swagger/v1/swagger.json"))["paths"]!.AsObject();
        foreach (var (kind, id) in new[] { ("grassroots-visits", "visitId"), ("assisted-enterprises", "assistanceId"),
                     ("research-articles", "articleId"), ("improvement-suggestions", "suggestionId") })
        {
            var moved = paths[$"/api/v1/cadres/{{staffNo}}/{kind}/{{{id}}}/revoke"]!["post"]!;
            moved["deprecated"]!.GetValue<bool>().ShouldBeTrue();
            moved["description"]!.GetValue<string>().ShouldContain($"/api/v1/cadres/{{staffNo}}/{kind}/{{{id}}}/revocations");
            var current = paths[$"/api/v1/cadres/{{staffNo}}/{kind}/{{{id}}}/revocations"]!["post"]!;
            current["deprecated"]?.GetValue<bool>().ShouldBeFalse();
            current["responses"]!["201"].ShouldNotBeNull();
        }
    }
}
