using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.Organization.Units;

namespace CapabilityOps.Organization.Tests.Units;

public class RegisterUnitDecideTests
{
    private static readonly UnitRecord City = new() { Id = "unit:CITY", Code = "CITY", Name = "市局", Kind = UnitKind.CityBureau, Path = ["CITY"] };

    [Fact]
    public void A_county_bureau_under_the_city_records_its_path_from_the_root()
    {
        var decision = RegisterUnitEndpoint.Decide(new RegisterUnit("C1", " 某县生态环境局 ", UnitKind.CountyBureau, "CITY"), null, City);

        var registered = decision.Events.ShouldHaveSingleItem().ShouldBeOfType<UnitRegistered>();
        registered.Path.ShouldBe(["CITY", "C1"]);
        registered.Name.ShouldBe("某县生态环境局");
    }

    [Fact]
    public void A_duplicate_code_is_a_conflict() =>
        RegisterUnitEndpoint.Decide(new RegisterUnit("CITY", "x", UnitKind.CityBureau, null), City, null).Problem!.Status.ShouldBe(409);

    [Fact]
    public void An_unknown_parent_is_invalid() =>
        RegisterUnitEndpoint.Decide(new RegisterUnit("D1", "x", UnitKind.Department, "NOPE"), null, null).Problem!.Errors!.ShouldContainKey("parentCode");

    [Fact]
    public void Only_the_city_bureau_is_a_root()
    {
        RegisterUnitEndpoint.Decide(new RegisterUnit("D1", "x", UnitKind.Department, null), null, null).Problem!.Errors!.ShouldContainKey("parentCode");
        RegisterUnitEndpoint.Decide(new RegisterUnit("C2", "x", UnitKind.CityBureau, "CITY"), null, City).Problem!.Errors!.ShouldContainKey("parentCode");
    }
}

[Collection(ApiCollection.Name)]
public class RegisterUnitApiTests(ApiFixture api)
{
    [Fact]
    public async Task A_unit_tree_is_registered_and_read_back_with_its_chinese_name()
    {
        var client = api.Client();
        var city = await client.Unit("CityBureau", name: "市生态环境局");
        var county = await client.Unit("CountyBureau", city, "某某县生态环境局");

        var unit = await client.GetJson($"/api/v1/units/{county}");
        unit["name"]!.GetValue<string>().ShouldBe("某某县生态环境局");
        unit["kind"]!.GetValue<string>().ShouldBe("CountyBureau");
        unit["parentCode"]!.GetValue<string>().ShouldBe(city);

        var children = await client.GetJson($"/api/v1/units?parentCode={city}");
        children.AsArray().Select(u => u!["code"]!.GetValue<string>()).ShouldBe([county]);
    }

    [Fact]
    public async Task A_duplicate_code_is_409_and_an_unknown_parent_400()
    {
        var client = api.Client();
        var city = await client.Unit();
        await (await client.PostJson("/api/v1/units", new { code = city, name = "again", kind = "CityBureau" })).Problem(HttpStatusCode.Conflict);
        await (await client.PostJson("/api/v1/units", new { code = Ids.Next("D"), name = "办公室", kind = "Department", parentCode = "NO-SUCH" }))
            .Problem(HttpStatusCode.BadRequest, "parentCode");
    }

    [Fact]
    public async Task Bad_fields_are_named_in_the_problem()
    {
        var client = api.Client();
        var problem = await (await client.PostJson("/api/v1/units", new { code = "has space", name = "", kind = "Ministry" }))
            .Problem(HttpStatusCode.BadRequest, "kind");
        problem["errors"]!["kind"]![0]!.GetValue<string>().ShouldContain("CityBureau");

        problem = await (await client.PostJson("/api/v1/units", new { code = "has space", name = "" })).Problem(HttpStatusCode.BadRequest);
        problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["code", "name", "kind"], ignoreOrder: true);
    }

    [Fact]
    public async Task An_unknown_unit_is_404() =>
        await (await api.Client().GetAsync("/api/v1/units/NOPE-404")).Problem(HttpStatusCode.NotFound);
}
