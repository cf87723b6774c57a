using System.Text.Json.Nodes;

namespace CapabilityOps.ServiceVisits.Tests.Api;

/// <summary>Bad input is a 400 naming the field, and a refused request records nothing.</summary>
[Collection(ApiCollection.Name)]
public class ValidationApiTests(ApiFixture api)
{
    private static JsonObject GoodVisit() => new() { ["from"] = "2025-03-01", ["to"] = "2025-03-05", ["kind"] = "Rural", ["place"] = "恩阳区柳林镇" };

    [Theory]
    [InlineData("from", null)]
    [InlineData("from", "2025-02-30")]
    [InlineData("from", "2025-02-28")] // before the cadre joined (2025-03-01)
    [InlineData("to", null)]
    [InlineData("to", "2025-02-28")] // before from
    [InlineData("to", "2099-01-01")] // future
    [InlineData("to", "2026-03-02")] // 367 days
    [InlineData("kind", "Township")]
    [InlineData("kind", null)]
    [InlineData("place", "")]
    [InlineData("enterprise", "甲公司")] // only for Enterprise visits
    public async Task A_bad_visit_field_is_a_400_naming_it_and_records_nothing(string field, string? value)
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit(), "Leader", joinedOn: "2025-03-01");
        var body = GoodVisit();
        if (value is null) body.Remove(field);
        else body[field] = value;

        await (await client.PostJson($"/api/v1/cadres/{staffNo}/grassroots-visits", body)).Problem(HttpStatusCode.BadRequest, field);
        (await client.HistoryCount(staffNo)).ShouldBe(1);
    }

    [Fact]
    public async Task An_enterprise_visit_without_its_enterprise_is_a_400()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit(), "Leader");
        var body = GoodVisit();
        body["kind"] = "Enterprise";
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/grassroots-visits", body)).Problem(HttpStatusCode.BadRequest, "enterprise");
        (await client.HistoryCount(staffNo)).ShouldBe(1);
    }

    [Fact]
    public async Task Bad_assistances_articles_and_suggestions_are_400s_naming_the_field()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit(), "SectionLevel");
        var url = $"/api/v1/cadres/{staffNo}";
        await (await client.PostJson($"{url}/assisted-enterprises", new { since = "2025-01-01" })).Problem(HttpStatusCode.BadRequest, "enterprise");
        await (await client.PostJson($"{url}/assisted-enterprises", new { enterprise = "甲公司", since = "2099-01-01" })).Problem(HttpStatusCode.BadRequest, "since");
        await (await client.PostJson($"{url}/assisted-enterprises", new { enterprise = "甲公司", since = "2009-01-01" })).Problem(HttpStatusCode.BadRequest, "since");
        await (await client.PostJson($"{url}/research-articles", new { title = "调研", completedOn = "yesterday" })).Problem(HttpStatusCode.BadRequest, "completedOn");
        await (await client.PostJson($"{url}/research-articles", new { title = new string('长', 201), completedOn = "2025-01-01" })).Problem(HttpStatusCode.BadRequest, "title");
        await (await client.PostJson($"{url}/improvement-suggestions", new { title = "建议", madeOn = "2025-01-01" })).Problem(HttpStatusCode.BadRequest, "suggestions");
        await (await client.PostJson($"{url}/improvement-suggestions", new { title = "建议", suggestions = "x" })).Problem(HttpStatusCode.BadRequest, "madeOn");
        (await client.HistoryCount(staffNo)).ShouldBe(1);

        var id = await client.Assist(staffNo, "甲公司", "2025-03-01");
        await (await client.PostJson($"{url}/assisted-enterprises/{id}/end", new { endedOn = "2025-02-28" })).Problem(HttpStatusCode.BadRequest, "endedOn");
        await (await client.PostJson($"{url}/assisted-enterprises/{id}/end", new { reason = "x" })).Problem(HttpStatusCode.BadRequest, "endedOn");
        (await client.HistoryCount(staffNo)).ShouldBe(2);
    }

    [Fact]
    public async Task An_unknown_cadre_is_404_and_a_year_out_of_range_400()
    {
        var client = api.Client();
        await (await client.PostJson("/api/v1/cadres/NO-SUCH/grassroots-visits", GoodVisit())).Problem(HttpStatusCode.NotFound);
        await (await client.GetAsync("/api/v1/service-visits/cadres/NO-SUCH?year=2025")).Problem(HttpStatusCode.NotFound);
        var staffNo = await client.Cadre(await client.Unit());
        await (await client.GetAsync($"/api/v1/service-visits/cadres/{staffNo}?year=2099")).Problem(HttpStatusCode.BadRequest, "year");
        await (await client.GetAsync($"/api/v1/service-visits/cadres/{staffNo}?year=1999")).Problem(HttpStatusCode.BadRequest, "year");
        (await client.GetAsync($"/api/v1/service-visits/cadres/{staffNo}?year=abc")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync($"/api/v1/service-visits/cadres/{staffNo}?asOf=yesterday")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var notAnId = await client.PostJson($"/api/v1/cadres/{staffNo}/grassroots-visits/not-a-guid/revocations", new { reason = "x" });
        ((int)notAnId.StatusCode).ShouldBeInRange(400, 499);
    }

    [Fact]
    public async Task A_key_for_another_unit_may_not_record_or_read_and_records_nothing()
    {
        var admin = api.Client();
        var city = await admin.Unit();
        var countyA = await admin.Unit("CountyBureau", city);
        var countyB = await admin.Unit("CountyBureau", city);
        var staffNo = await admin.Cadre(countyB, "Leader");
        var key = (await (await admin.PostJson("/api/v1/admin/api-keys", new { name = Ids.Next("k"), role = "UnitWriter", unitCode = countyA }))
            .Json(HttpStatusCode.Created))["key"]!.GetValue<string>();
        var other = api.Client(apiKey: key);

        await (await other.PostJson($"/api/v1/cadres/{staffNo}/grassroots-visits", GoodVisit())).Problem(HttpStatusCode.Forbidden);
        await (await other.GetAsync($"/api/v1/service-visits/cadres/{staffNo}?year=2025")).Problem(HttpStatusCode.Forbidden);
        await (await other.GetAsync($"/api/v1/service-visits/units/{countyB}?year=2025")).Problem(HttpStatusCode.Forbidden);
        (await other.UnitYear(countyA, 2025)).Int("cadreCount").ShouldBe(0);
        (await admin.HistoryCount(staffNo)).ShouldBe(1);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_service_visit_routes_under_their_tag()
    {
        var paths = (await api.Client().GetJson("/swagger/v1/swagger.json"))["paths"]!.AsObject();
        string[] routes =
        [
            "/api/v1/cadres/{staffNo}/grassroots-visits", "/api/v1/cadres/{staffNo}/grassroots-visits/{visitId}/revoke",
            "/api/v1/cadres/{staffNo}/assisted-enterprises", "/api/v1/cadres/{staffNo}/assisted-enterprises/{assistanceId}/end",
            "/api/v1/cadres/{staffNo}/assisted-enterprises/{assistanceId}/revoke",
            "/api/v1/cadres/{staffNo}/research-articles", "/api/v1/cadres/{staffNo}/research-articles/{articleId}/revoke",
            "/api/v1/cadres/{staffNo}/improvement-suggestions", "/api/v1/cadres/{staffNo}/improvement-suggestions/{suggestionId}/revoke",
            "/api/v1/service-visits/cadres/{staffNo}", "/api/v1/service-visits/units/{code}",
            "/api/v1/cadres/{staffNo}/grassroots-visits/{visitId}/revocations", "/api/v1/cadres/{staffNo}/assisted-enterprises/{assistanceId}/revocations",
            "/api/v1/cadres/{staffNo}/research-articles/{articleId}/revocations", "/api/v1/cadres/{staffNo}/improvement-suggestions/{suggestionId}/revocations",
        ];
        foreach (var route in routes)
        {
            paths.ContainsKey(route).ShouldBeTrue($"{route} is missing from the OpenAPI document");
            var operation = paths[route]!.AsObject().Single().Value!;
            operation["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["ServiceVisits"]);
            operation["summary"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        }
    }
}
