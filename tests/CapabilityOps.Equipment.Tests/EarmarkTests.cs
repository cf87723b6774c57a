using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using MiniExcelLibs;

namespace CapabilityOps.Equipment.Tests;

/// <summary>Earmarked budget (EQP-4, 专款专用): spending never exceeds what remains, also under concurrent posts.</summary>
[Collection(ApiCollection.Name)]
public class EarmarkTests(ApiFixture api)
{
    [Fact]
    public async Task Spending_beyond_the_earmark_is_a_409_and_records_nothing()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var id = await client.Earmark(unit, 1000.50m);
        var posted = await (await client.PostJson($"/api/v1/earmarks/{id}/spending", new { amountYuan = 600.25m, spentOn = Depot.Today.Iso(), purpose = "采购检测仪", reference = "CG-1" }))
            .Json(HttpStatusCode.Created);
        posted["remainingYuan"]!.GetValue<decimal>().ShouldBe(400.25m);

        var before = await api.CountEvents();
        var problem = await (await client.PostJson($"/api/v1/earmarks/{id}/spending", new { amountYuan = 400.26m, spentOn = Depot.Today.Iso(), purpose = "采购检测仪", reference = "CG-2" }))
            .Problem(HttpStatusCode.Conflict);
        problem["detail"]!.GetValue<string>().ShouldContain("400.25");
        (await api.CountEvents()).ShouldBe(before);

        var earmark = await client.GetJson($"/api/v1/earmarks/{id}");
        earmark["amountYuan"]!.GetValue<decimal>().ShouldBe(1000.50m);
        earmark["spentYuan"]!.GetValue<decimal>().ShouldBe(600.25m);
        earmark["remainingYuan"]!.GetValue<decimal>().ShouldBe(400.25m);
    }

    [Fact]
    public async Task Concurrent_spending_never_overshoots_and_exactly_as_many_are_accepted_as_fit()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var id = await client.Earmark(unit, 1000m);

        var responses = await Task.WhenAll(Enumerable.Range(0, 25).Select(i => api.Client().PostJson(
            $"/api/v1/earmarks/{id}/spending", new { amountYuan = 150m, spentOn = Depot.Today.Iso(), purpose = "应急物资", reference = $"CG-{i}" })));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        statuses.Count(s => s == 201).ShouldBe(6, string.Join(",", statuses));
        statuses.Count(s => s == 409).ShouldBe(19, string.Join(",", statuses));
        var earmark = await client.GetJson($"/api/v1/earmarks/{id}");
        earmark["spentYuan"]!.GetValue<decimal>().ShouldBe(900m);
        earmark["remainingYuan"]!.GetValue<decimal>().ShouldBe(100m);
        earmark["spendings"]!.GetValue<int>().ShouldBe(6);
    }

    [Fact]
    public async Task Bad_amounts_years_and_duplicates_are_refused()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var year = Depot.Today.Year;
        var before = await api.CountEvents();
        await (await client.PostJson("/api/v1/earmarks", new { year, category = "Training", unitCode = unit, amountYuan = 10.001m })).Problem(HttpStatusCode.BadRequest, "amountYuan");
        await (await client.PostJson("/api/v1/earmarks", new { year, category = "Travel", unitCode = unit, amountYuan = 10m })).Problem(HttpStatusCode.BadRequest, "category");
        await (await client.PostJson("/api/v1/earmarks", new { year = 2019, category = "Training", unitCode = unit, amountYuan = 10m })).Problem(HttpStatusCode.BadRequest);
        await (await client.PostJson("/api/v1/earmarks", new { year, category = "Training", unitCode = "NO-SUCH-UNIT", amountYuan = 10m })).Problem(HttpStatusCode.BadRequest, "unitCode");
        (await api.CountEvents()).ShouldBe(before);

        var id = await client.Earmark(unit, 500m, "Training");
        var duplicate = await (await client.PostJson("/api/v1/earmarks", new { year, category = "Training", unitCode = unit, amountYuan = 10m })).Problem(HttpStatusCode.Conflict);
        duplicate["detail"]!.GetValue<string>().ShouldContain(id);
        await (await client.PostJson($"/api/v1/earmarks/{id}/spending", new { amountYuan = -5m, spentOn = Depot.Today.Iso(), purpose = "x", reference = "y" })).Problem(HttpStatusCode.BadRequest, "amountYuan");
        await (await client.PostJson($"/api/v1/earmarks/{id}/spending", new { amountYuan = 5m, spentOn = $"{year - 1}-12-31", purpose = "x", reference = "y" })).Problem(HttpStatusCode.BadRequest, "spentOn");
        await (await client.PostJson($"/api/v1/earmarks/{Guid.NewGuid()}/spending", new { amountYuan = 5m, spentOn = Depot.Today.Iso(), purpose = "x", reference = "y" })).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_spend_report_opens_in_a_real_xlsx_reader_and_its_totals_equal_the_api()
    {
        var client = api.Client();
        var city = await client.Unit();
        var county = await client.Unit("CountyBureau", city);
        var year = Depot.Today.Year;
        var first = await client.Earmark(city, 200000m, "MonitoringEquipment");
        var second = await client.Earmark(county, 50000.50m, "EmergencyEquipment");
        await client.Earmark(county, 8000m, "Training");
        foreach (var (id, amount) in new[] { (first, 86500m), (first, 12000.35m), (second, 20000.10m) })
            await (await client.PostJson($"/api/v1/earmarks/{id}/spending", new { amountYuan = amount, spentOn = Depot.Today.Iso(), purpose = "采购", reference = Ids.Next("CG") }))
                .Json(HttpStatusCode.Created);

        var listed = (await client.GetJson($"/api/v1/earmarks?year={year}&unit={city}")).AsArray();
        listed.Count.ShouldBe(3);
        var response = await api.Client(language: null).GetAsync($"/api/v1/exports/earmarks?year={year}&unit={city}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        using (var document = SpreadsheetDocument.Open(new MemoryStream(bytes), isEditable: false))
            new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2010).Validate(document).ShouldBeEmpty();
        var book = new MemoryStream(bytes);
        var rows = (await book.QueryAsync(useHeaderRow: true, sheetName: "专项经费")).Cast<IDictionary<string, object>>().ToList();
        rows[0].Keys.ShouldBe(["单位代码", "单位名称", "年度", "类别", "预算金额（元）", "已支出（元）", "结余（元）", "支出笔数", "执行率", "专项经费编号"]);
        var total = rows.Single(r => (string)r["单位代码"] == "合计");
        Convert.ToDecimal(total["预算金额（元）"]).ShouldBe(listed.Sum(e => e!["amountYuan"]!.GetValue<decimal>()));
        Convert.ToDecimal(total["已支出（元）"]).ShouldBe(listed.Sum(e => e!["spentYuan"]!.GetValue<decimal>()));
        Convert.ToDecimal(total["结余（元）"]).ShouldBe(listed.Sum(e => e!["remainingYuan"]!.GetValue<decimal>()));
        Convert.ToDecimal(total["已支出（元）"]).ShouldBe(118500.45m);
        rows.Where(r => (string)r["单位代码"] != "合计").Select(r => (string)r["类别"]).ShouldBe(["监测装备", "应急装备", "培训项目"], ignoreOrder: true);

        book.Position = 0;
        var lines = (await book.QueryAsync(useHeaderRow: true, sheetName: "支出明细")).Cast<IDictionary<string, object>>().ToList();
        lines.Count(r => (string)r["单位代码"] != "合计").ShouldBe(3);
        Convert.ToDecimal(lines.Single(r => (string)r["单位代码"] == "合计")["金额（元）"]).ShouldBe(118500.45m);
    }
}
