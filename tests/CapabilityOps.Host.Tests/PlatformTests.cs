using System.Text.Json.Nodes;

namespace CapabilityOps.Host.Tests;

[Collection(ApiCollection.Name)]
public class PlatformTests(ApiFixture api)
{
    [Fact]
    public async Task Health_is_live_and_ready_on_a_reachable_database()
    {
        (await api.Client().GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.Client().GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_openapi_document_lists_every_organisation_route_grouped_by_module()
    {
        var document = await api.Client().GetJson("/swagger/v1/swagger.json");
        var paths = document["paths"]!.AsObject();
        string[] routes =
        [
            "/api/v1/units", "/api/v1/units/{code}", "/api/v1/cadres", "/api/v1/cadres/{staffNo}",
            "/api/v1/cadres/{staffNo}/transfers", "/api/v1/cadres/{staffNo}/rank-changes",
            "/api/v1/cadres/{staffNo}/education", "/api/v1/cadres/{staffNo}/history",
        ];
        foreach (var route in routes) paths.ContainsKey(route).ShouldBeTrue($"{route} is missing from the OpenAPI document");

        var register = paths["/api/v1/cadres"]!["post"]!;
        register["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldContain("Organization");
        register["summary"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        (await api.Client().GetAsync("/swagger/index.html")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unknown_route_is_a_problem_not_an_empty_page() =>
        await (await api.Client().GetAsync("/api/v1/no-such-route")).Problem(HttpStatusCode.NotFound);
}
