using MiniExcelLibs;

namespace CapabilityOps.Appraisal.Tests;

[Collection(ApiCollection.Name)]
public class ReportsAndExportsTests(ApiFixture api)
{
    [Fact]
    public async Task The_compliance_and_appraisal_workbooks_open_with_chinese_headers_and_the_cadres_rows()
    {
        var client = api.Client();
        var city = await client.Unit(name: "市生态环境局");
        var county = await client.Unit("CountyBureau", city, "某县生态环境局");
        var ok = await client.Cadre(county, birthDate: "1990-01-01", education: "Bachelor", name: "李明");
        var short1 = await client.Cadre(county, birthDate: "1990-01-01", education: "HighSchool", name: "王芳");

        // The workbook's cells in the bureau's language: no Accept-Language.
        var response = await api.Client(language: null).GetAsync($"/api/v1/exports/compliance/units/{city}?year=2025");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using var workbook = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        MiniExcel.GetSheetNames(workbook).ShouldBe(["汇总", "规则", "干部", "单位指标"]);
        var cadres = (await workbook.QueryAsync(useHeaderRow: true, sheetName: "干部")).Cast<IDictionary<string, object>>().ToList();
        cadres.Select(r => r["工号"]!.ToString()).ShouldBe(new[] { ok, short1 }.Order(StringComparer.Ordinal));
        cadres.Single(r => (string)r["工号"] == short1)["是否达标"].ShouldBe("否");
        cadres.Single(r => (string)r["工号"] == ok)["姓名"].ShouldBe("李明");
        var summary = (await workbook.QueryAsync(useHeaderRow: true, sheetName: "汇总")).Cast<IDictionary<string, object>>().Single();
        summary["单位名称"].ShouldBe("市生态环境局");
        Convert.ToInt32(summary["干部人数"]).ShouldBe(2);

        var appraisal = await client.GetAsync($"/api/v1/exports/appraisals/units/{county}?year=2025");
        using var appraisalBook = new MemoryStream(await appraisal.Content.ReadAsByteArrayAsync());
        MiniExcel.GetSheetNames(appraisalBook).ShouldContain("考核指标");
        var grades = (await appraisalBook.QueryAsync(useHeaderRow: true, sheetName: "干部等次")).Cast<IDictionary<string, object>>().ToList();
        grades.Count.ShouldBe(2);
        grades.ShouldAllBe(g => g.ContainsKey("建议等次"));
    }

    [Fact]
    public async Task Programme_tasks_list_the_document_s_items_and_show_progress_and_overdue()
    {
        var client = api.Client();
        var tasks = (await client.GetJson("/api/v1/programme-tasks")).AsArray();
        tasks.Count.ShouldBe(15);
        tasks[3]!["responsibleUnits"]!.GetValue<string>().ShouldContain("规财科");
        tasks[3]!["window"]!.GetValue<string>().ShouldBe("2020年—2023年");

        await (await client.PostJson("/api/v1/programme-tasks/11/progress", new { status = "Done", note = "考核办法已印发", reportedOn = "2020-12-20" }))
            .Json(HttpStatusCode.Created);
        var after = (await client.GetJson("/api/v1/programme-tasks")).AsArray();
        after[10]!["status"]!.GetValue<string>().ShouldBe("Done");
        after[10]!["overdue"]!.GetValue<bool>().ShouldBeFalse();
        after[14]!["overdue"]!.GetValue<bool>().ShouldBe(after[14]!["status"]!.GetValue<string>() != "Done");
        await (await client.PostJson("/api/v1/programme-tasks/99/progress", new { status = "Done", note = "x" })).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Publicity_items_are_counted_per_unit_over_its_subtree()
    {
        var client = api.Client();
        var city = await client.Unit();
        var county = await client.Unit("CountyBureau", city);
        await (await client.PostJson($"/api/v1/units/{county}/publicity-items", new { channel = "WeChat", title = "学习园地开讲", publishedOn = "2025-04-01" }))
            .Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/units/{city}/publicity-items", new { channel = "Portal", title = "全市业务能力建设推进会", publishedOn = "2025-05-01" }))
            .Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/units/{county}/publicity-items", new { channel = "Weibo", title = "去年的", publishedOn = "2024-05-01" }))
            .Json(HttpStatusCode.Created);

        var counted = await client.GetJson($"/api/v1/units/{city}/publicity-items?year=2025");
        counted["total"]!.GetValue<int>().ShouldBe(2);
        counted["byChannel"]!["WeChat"]!.GetValue<int>().ShouldBe(1);
        (await client.GetJson($"/api/v1/units/{county}/publicity-items?year=2025"))["total"]!.GetValue<int>().ShouldBe(1);
        await (await client.PostJson($"/api/v1/units/{county}/publicity-items", new { channel = "Fax", title = "x", publishedOn = "2025-04-01" }))
            .Problem(HttpStatusCode.BadRequest, "channel");
    }
}
