namespace CapabilityOps.Host.Tests.Access;

[Collection(ApiCollection.Name)]
public class ApiKeyTests(ApiFixture api)
{
    [Fact]
    public async Task No_key_or_an_unknown_key_is_401_with_a_problem()
    {
        await (await api.Client(apiKey: null).GetAsync("/api/v1/units")).Problem(HttpStatusCode.Unauthorized);
        await (await api.Client(apiKey: "cok_not-a-real-key").GetAsync("/api/v1/units")).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_issued_key_is_shown_once_acts_under_its_name_and_stops_when_revoked()
    {
        var admin = api.Client();
        var city = await admin.Unit();
        var name = Ids.Next("hr");
        var issued = await (await admin.PostJson("/api/v1/admin/api-keys", new { name, role = "UnitWriter", unitCode = city })).Json(HttpStatusCode.Created);
        var secret = issued["key"]!.GetValue<string>();
        secret.ShouldStartWith("cok_");

        var listed = (await admin.GetJson("/api/v1/admin/api-keys")).AsArray().Single(k => k!["name"]!.GetValue<string>() == name)!;
        listed["role"]!.GetValue<string>().ShouldBe("UnitWriter");
        listed.AsObject().ContainsKey("key").ShouldBeFalse();

        var writer = api.Client(apiKey: secret);
        var staffNo = await writer.Cadre(city);
        (await writer.GetJson($"/api/v1/cadres/{staffNo}/history"))[0]!["recordedBy"]!.GetValue<string>().ShouldBe(name);

        (await admin.DeleteAsync($"/api/v1/admin/api-keys/{name}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await writer.GetAsync($"/api/v1/cadres/{staffNo}")).Problem(HttpStatusCode.Unauthorized);
        await (await admin.DeleteAsync("/api/v1/admin/api-keys/no-such-key")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_expired_key_is_refused()
    {
        var admin = api.Client();
        var city = await admin.Unit();
        var response = await admin.PostJson("/api/v1/admin/api-keys",
            new { name = Ids.Next("short"), role = "Reader", unitCode = city, expiresAt = DateTimeOffset.UtcNow.AddSeconds(1) });
        var secret = (await response.Json(HttpStatusCode.Created))["key"]!.GetValue<string>();
        (await api.Client(apiKey: secret).GetAsync($"/api/v1/units/{city}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Task.Delay(1500);
        await (await api.Client(apiKey: secret).GetAsync($"/api/v1/units/{city}")).Problem(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("Reader", null, "unitCode")]
    [InlineData("Admin", "X", "unitCode")]
    [InlineData("Owner", null, "role")]
    public async Task A_bad_key_request_names_the_field(string role, string? unitCode, string field) =>
        await (await api.Client().PostJson("/api/v1/admin/api-keys", new { name = Ids.Next("k"), role, unitCode }))
            .Problem(HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task Only_admins_manage_keys()
    {
        var city = await api.Client().Unit();
        var writer = api.Client(apiKey: await api.IssueKey("UnitWriter", city));
        await (await writer.PostJson("/api/v1/admin/api-keys", new { name = Ids.Next("k"), role = "Admin" })).Problem(HttpStatusCode.Forbidden);
        await (await writer.GetAsync("/api/v1/admin/api-keys")).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_scoped_key_sees_only_its_subtree_in_lists()
    {
        var admin = api.Client();
        var city = await admin.Unit();
        var countyA = await admin.Unit("CountyBureau", city);
        var countyB = await admin.Unit("CountyBureau", city);
        var officeA = await admin.Unit("Department", countyA);
        var reader = api.Client(apiKey: await api.IssueKey("Reader", countyA));

        var codes = (await reader.GetJson("/api/v1/units")).AsArray().Select(u => u!["code"]!.GetValue<string>()).ToList();
        codes.ShouldBe([countyA, officeA], ignoreOrder: true);
        codes.ShouldNotContain(countyB);
    }

    [Fact]
    public async Task A_traceparent_becomes_the_correlation_id_of_what_is_recorded()
    {
        var client = api.Client();
        var city = await client.Unit();
        var staffNo = Ids.Next("S");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cadres")
        {
            Content = new StringContent(Bureau.NewCadre(staffNo, city).ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        (await client.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await client.GetJson($"/api/v1/cadres/{staffNo}/history"))[0]!["correlationId"]!.GetValue<string>()
            .ShouldBe("4bf92f3577b34da6a3ce929d0e0e4736");
    }
}
