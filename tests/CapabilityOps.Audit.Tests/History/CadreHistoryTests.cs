namespace CapabilityOps.Audit.Tests.History;

[Collection(ApiCollection.Name)]
public class CadreHistoryTests(ApiFixture api)
{
    [Fact]
    public async Task History_lists_every_fact_oldest_first_with_who_when_and_from_which_system()
    {
        var hr = api.Client("hr-system");
        var city = await hr.Unit();
        var county = await hr.Unit("CountyBureau", city);
        var staffNo = await hr.Cadre(city, "Staff");
        var midway = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        await (await api.Client("personnel-desk").PostJson($"/api/v1/cadres/{staffNo}/transfers", new { toUnitCode = county, effectiveOn = "2024-05-01" }))
            .Json(HttpStatusCode.Created);
        await (await api.Client(source: null).PostJson($"/api/v1/cadres/{staffNo}/rank-changes", new { rank = "SectionLevel", effectiveOn = "2024-06-01" }))
            .Json(HttpStatusCode.Created);

        var history = (await hr.GetJson($"/api/v1/cadres/{staffNo}/history")).AsArray();
        history.Select(h => h!["type"]!.GetValue<string>()).ShouldBe(["CadreRegistered", "CadreTransferred", "CadreRankChanged"]);
        history.Select(h => h!["version"]!.GetValue<long>()).ShouldBe([1L, 2L, 3L]);
        history.Select(h => h!["source"]?.GetValue<string>()).ShouldBe(["hr-system", "personnel-desk", null]);
        history.ShouldAllBe(h => h!["recordedBy"] != null && h["recordedAt"] != null && h["correlationId"] != null);
        history[1]!["data"]!["effectiveOn"]!.GetValue<string>().ShouldBe("2024-05-01");
        history[1]!["data"]!["toUnitCode"]!.GetValue<string>().ShouldBe(county);

        var from = Uri.EscapeDataString(midway.ToString("O"));
        (await hr.GetJson($"/api/v1/cadres/{staffNo}/history?from={from}")).AsArray()
            .Select(h => h!["type"]!.GetValue<string>()).ShouldBe(["CadreTransferred", "CadreRankChanged"]);
        (await hr.GetJson($"/api/v1/cadres/{staffNo}/history?to={from}")).AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task History_of_an_unknown_cadre_is_404() =>
        await (await api.Client().GetAsync("/api/v1/cadres/NO-SUCH/history")).Problem(HttpStatusCode.NotFound);
}
