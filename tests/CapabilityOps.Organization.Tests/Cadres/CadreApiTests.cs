using System.Text.Json.Nodes;

namespace CapabilityOps.Organization.Tests.Cadres;

[Collection(ApiCollection.Name)]
public class CadreApiTests(ApiFixture api)
{
    [Fact]
    public async Task A_registered_cadre_reads_back_exactly_with_its_location()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var staffNo = Ids.Next("S");
        var response = await client.PostJson("/api/v1/cadres", Bureau.NewCadre(staffNo, unit, "SectionLevel", name: "欧阳娜娜"));
        await response.Json(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/cadres/{staffNo}");

        var cadre = await client.GetJson($"/api/v1/cadres/{staffNo}");
        cadre["name"]!.GetValue<string>().ShouldBe("欧阳娜娜");
        cadre["unitCode"]!.GetValue<string>().ShouldBe(unit);
        cadre["rank"]!.GetValue<string>().ShouldBe("SectionLevel");
        cadre["birthDate"]!.GetValue<string>().ShouldBe("1985-06-15");
        cadre["education"]!.GetValue<string>().ShouldBe("Bachelor");
        cadre["postCategory"]!.GetValue<string>().ShouldBe("InspectionEnforcement");
        cadre["partyMember"]!.GetValue<bool>().ShouldBeTrue();
        cadre["joinedOn"]!.GetValue<string>().ShouldBe("2010-01-01");
        cadre["version"]!.GetValue<long>().ShouldBe(1);
    }

    [Fact]
    public async Task A_duplicate_staff_number_is_409_and_records_nothing()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var staffNo = await client.Cadre(unit, name: "王芳");
        await (await client.PostJson("/api/v1/cadres", Bureau.NewCadre(staffNo, unit, name: "别人"))).Problem(HttpStatusCode.Conflict);

        (await client.GetJson($"/api/v1/cadres/{staffNo}"))["name"]!.GetValue<string>().ShouldBe("王芳");
        (await client.GetJson($"/api/v1/cadres/{staffNo}/history")).AsArray().Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("staffNo", "bad staff no")]
    [InlineData("staffNo", "")]
    [InlineData("rank", "General")]
    [InlineData("education", "PhD")]
    [InlineData("postCategory", "Cook")]
    [InlineData("birthDate", "1985-02-30")]
    [InlineData("birthDate", "2020-01-01")]
    [InlineData("joinedOn", "2099-01-01")]
    [InlineData("unitCode", "NO-SUCH-UNIT")]
    public async Task A_bad_field_is_a_400_naming_it_and_records_nothing(string field, string value)
    {
        var client = api.Client();
        var unit = await client.Unit();
        var staffNo = Ids.Next("S");
        var body = Bureau.NewCadre(staffNo, unit);
        body[field] = value;

        await (await client.PostJson("/api/v1/cadres", body)).Problem(HttpStatusCode.BadRequest, field);
        if (field != "staffNo") await (await client.GetAsync($"/api/v1/cadres/{staffNo}")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_missing_field_a_wrong_type_and_malformed_json_are_400_not_500()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var body = Bureau.NewCadre(Ids.Next("S"), unit);
        body.Remove("joinedOn");
        await (await client.PostJson("/api/v1/cadres", body)).Problem(HttpStatusCode.BadRequest, "joinedOn");

        body = Bureau.NewCadre(Ids.Next("S"), unit);
        body["partyMember"] = "yes";
        await (await client.PostJson("/api/v1/cadres", body)).Problem(HttpStatusCode.BadRequest, "partyMember");

        await (await client.PostRaw("/api/v1/cadres", "{\"staffNo\": \"A1\", ")).Problem(HttpStatusCode.BadRequest);
        await (await client.PostRaw("/api/v1/cadres", "null")).Problem(HttpStatusCode.BadRequest);
        await (await client.PostRaw("/api/v1/cadres", "staffNo=A1", "text/plain")).Problem(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task As_of_an_instant_returns_the_record_as_it_was_known_then()
    {
        var client = api.Client();
        var city = await client.Unit();
        var county = await client.Unit("CountyBureau", city);
        var beforeRegistration = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        var staffNo = await client.Cadre(city);
        await Task.Delay(20);
        var beforeTransfer = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/transfers", new { toUnitCode = county, effectiveOn = "2024-01-01" }))
            .Json(HttpStatusCode.Created);

        string AsOf(DateTimeOffset t) => Uri.EscapeDataString(t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz"));
        var then = await client.GetJson($"/api/v1/cadres/{staffNo}?asOf={AsOf(beforeTransfer)}");
        then["unitCode"]!.GetValue<string>().ShouldBe(city);
        then["version"]!.GetValue<long>().ShouldBe(1);

        var now = await client.GetJson($"/api/v1/cadres/{staffNo}?asOf={AsOf(DateTimeOffset.UtcNow)}");
        now["unitCode"]!.GetValue<string>().ShouldBe(county);
        now["version"]!.GetValue<long>().ShouldBe(2);
        (await client.GetJson($"/api/v1/cadres/{staffNo}"))["unitCode"]!.GetValue<string>().ShouldBe(county);

        await (await client.GetAsync($"/api/v1/cadres/{staffNo}?asOf={AsOf(beforeRegistration)}")).Problem(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/v1/cadres/{staffNo}?asOf=yesterday")).Problem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Transfers_rank_changes_and_education_change_the_record()
    {
        var client = api.Client();
        var city = await client.Unit();
        var county = await client.Unit("CountyBureau", city);
        var staffNo = await client.Cadre(city, "SectionLevel", education: "JuniorCollege");

        var afterTransfer = await (await client.PostJson($"/api/v1/cadres/{staffNo}/transfers", new { toUnitCode = county, effectiveOn = "2025-01-01" }))
            .Json(HttpStatusCode.Created);
        afterTransfer["unitCode"]!.GetValue<string>().ShouldBe(county);
        afterTransfer["version"]!.GetValue<long>().ShouldBe(2);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/rank-changes", new { rank = "Leader", effectiveOn = "2025-06-01" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/education", new { level = "Bachelor", awardedOn = "2025-07-01" })).Json(HttpStatusCode.Created);

        var cadre = await client.GetJson($"/api/v1/cadres/{staffNo}");
        cadre["rank"]!.GetValue<string>().ShouldBe("Leader");
        cadre["education"]!.GetValue<string>().ShouldBe("Bachelor");
        cadre["version"]!.GetValue<long>().ShouldBe(4);
    }

    [Fact]
    public async Task Changes_to_an_unknown_cadre_or_into_an_unknown_unit_are_refused()
    {
        var client = api.Client();
        var city = await client.Unit();
        var staffNo = await client.Cadre(city);
        await (await client.PostJson("/api/v1/cadres/NO-SUCH/transfers", new { toUnitCode = city, effectiveOn = "2025-01-01" })).Problem(HttpStatusCode.NotFound);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/transfers", new { toUnitCode = "NO-SUCH", effectiveOn = "2025-01-01" }))
            .Problem(HttpStatusCode.BadRequest, "toUnitCode");
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/transfers", new { toUnitCode = city, effectiveOn = "2025-01-01" })).Problem(HttpStatusCode.Conflict);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/rank-changes", new { rank = "Boss", effectiveOn = "2025-01-01" })).Problem(HttpStatusCode.BadRequest, "rank");
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/education", new { level = "Master" })).Problem(HttpStatusCode.BadRequest, "awardedOn");
        (await client.GetJson($"/api/v1/cadres/{staffNo}/history")).AsArray().Count.ShouldBe(1);
    }
}
