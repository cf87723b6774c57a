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
        // build/test lints this copy with @redocly/cli after the tests.
        var copy = Path.Combine(RepositoryRoot(), "artifacts", "openapi", "swagger.json");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        await File.WriteAllTextAsync(copy, document.ToJsonString());
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
        register["description"]!.GetValue<string>().ShouldContain("**Role:** UnitWriter or Admin");
        register["security"].ShouldNotBeNull();
        register["responses"]!["403"]!["content"]!["application/problem+json"].ShouldNotBeNull();
        document["components"]!["schemas"]!["RegisterCadre"]!["example"]!["name"]!.GetValue<string>().ShouldBe("张伟");
        // Enums travel as their names, so the document describes them as strings (the dashboard's MVC options included).
        var enums = document["components"]!["schemas"]!.AsObject().Where(s => s.Value!["enum"] is not null).ToList();
        enums.ShouldNotBeEmpty();
        enums.ShouldAllBe(s => s.Value!["type"]!.GetValue<string>() == "string");
        document["components"]!["schemas"]!["Rank"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldContain("Leader");
        (await api.Client().GetAsync("/swagger/index.html")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CapabilityOps.sln"))) return dir.FullName;
        throw new InvalidOperationException("CapabilityOps.sln not found");
    }

    [Fact]
    public async Task An_unknown_route_is_a_problem_not_an_empty_page() =>
        await (await api.Client().GetAsync("/api/v1/no-such-route")).Problem(HttpStatusCode.NotFound);
}

[Collection(ApiCollection.Name)]
public class UnstorableTextTests(ApiFixture api)
{
    [Fact]
    public async Task A_NUL_character_in_a_query_or_a_body_is_a_400_and_records_nothing()
    {
        var client = api.Client();
        await (await client.GetAsync("/api/v1/units?parentCode=A%00B")).Problem(HttpStatusCode.BadRequest);
        var before = await api.CountEvents();
        var city = Ids.Next("U");
        await (await client.PostRaw("/api/v1/units", $$"""{"code":"{{city}}","name":"市\u0000局","kind":"CityBureau"}""")).Problem(HttpStatusCode.BadRequest);
        (await api.CountEvents()).ShouldBe(before);
    }
}
