using CapabilityOps.SharedKernel;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.Learning.Tests;

[Collection(ApiCollection.Name)]
public class RouteTests(ApiFixture api)
{
    private static readonly string[] Routes =
    [
        "/api/v1/cadres/{staffNo}/study-hours", "/api/v1/cadres/{staffNo}/study-hours/{id}",
        "/api/v1/cadres/{staffNo}/study-hours/{id}/revocations", "/api/v1/imports/study-hours",
        "/api/v1/learning/cadres/{staffNo}", "/api/v1/learning/units/{code}",
        "/api/v1/units/{code}/learning-sessions", "/api/v1/units/{code}/learning-sessions/{id}",
        "/api/v1/units/{code}/learning-sessions/{id}/attendance",
        "/api/v1/units/{code}/competitions", "/api/v1/units/{code}/competitions/{id}", "/api/v1/units/{code}/competitions/{id}/participants",
        "/api/v1/units/{code}/interest-groups", "/api/v1/units/{code}/interest-groups/{id}",
        "/api/v1/units/{code}/interest-groups/{id}/members", "/api/v1/units/{code}/interest-groups/{id}/departures",
    ];

    [Fact]
    public async Task Every_learning_route_is_in_the_openapi_document_under_Learning_with_a_summary()
    {
        var paths = (await api.Client().GetJson("/swagger/v1/swagger.json"))["paths"]!.AsObject();
        foreach (var route in Routes)
        {
            paths.ContainsKey(route).ShouldBeTrue($"{route} is missing from the OpenAPI document");
            foreach (var (_, operation) in paths[route]!.AsObject())
            {
                operation!["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["Learning"], route);
                operation["summary"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace(route);
            }
        }
        paths["/api/v1/units/{code}/learning-sessions"]!["post"]!["requestBody"].ShouldNotBeNull();
        var import = paths["/api/v1/imports/study-hours"]!["post"]!["requestBody"]!["content"]!;
        import["multipart/form-data"]!["schema"]!["properties"]!["file"]!["format"]!.GetValue<string>().ShouldBe("binary");
        import["text/csv"].ShouldNotBeNull();
    }

    [Fact]
    public void Every_learning_route_declares_one_access_policy_and_one_unit_scope()
    {
        var endpoints = api.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => Routes.Contains("/" + e.RoutePattern.RawText!.TrimStart('/')))
            .ToList();
        endpoints.Count.ShouldBeGreaterThanOrEqualTo(Routes.Length);
        foreach (var endpoint in endpoints)
        {
            var name = endpoint.DisplayName;
            endpoint.Metadata.OfType<IAuthorizeData>().Select(a => a.Policy)
                .Where(p => p is AccessPolicies.Read or AccessPolicies.Write or AccessPolicies.Admin).Count().ShouldBe(1, name);
            endpoint.Metadata.OfType<IUnitScopeMetadata>().Count().ShouldBe(1, name);
        }
    }

    [Fact]
    public async Task Without_a_key_learning_routes_are_401_and_a_reader_may_not_write()
    {
        var anonymous = api.Client(apiKey: null);
        await (await anonymous.GetAsync("/api/v1/learning/units/X?year=2025")).Problem(HttpStatusCode.Unauthorized);
        await (await anonymous.PostRaw("/api/v1/imports/study-hours", "a", "text/csv")).Problem(HttpStatusCode.Unauthorized);

        var admin = api.Client();
        var unit = await admin.Unit();
        var staffNo = await admin.Cadre(unit);
        var reader = (await (await admin.PostJson("/api/v1/admin/api-keys", new { name = Ids.Next("r"), role = "Reader", unitCode = unit }))
            .Json(HttpStatusCode.Created))["key"]!.GetValue<string>();
        var client = api.Client(apiKey: reader);
        await (await client.LogHours(staffNo, 1, "2025-01-01")).Problem(HttpStatusCode.Forbidden);
        (await client.GetJson($"/api/v1/learning/units/{unit}?year=2025"))["unitCode"]!.GetValue<string>().ShouldBe(unit);
        (await client.GetJson($"/api/v1/learning/cadres/{staffNo}?year=2025"))["staffNo"]!.GetValue<string>().ShouldBe(staffNo);
    }
}
