using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using MiniExcelLibs;

namespace CapabilityOps.Appraisal.Tests;

/// <summary>The exported workbooks as Excel and WPS read them: valid Open XML, Chinese by default, the appraisal's points explained.</summary>
[Collection(ApiCollection.Name)]
public class ExportWorkbookTests(ApiFixture api)
{
    [Fact]
    public async Task Both_workbooks_are_valid_open_xml_for_the_office_suites()
    {
        var (city, county) = await Units();
        foreach (var url in new[] { $"/api/v1/exports/compliance/units/{city}?year=2025", $"/api/v1/exports/appraisals/units/{county}?year=2025" })
        {
            var bytes = await (await api.Client(language: null).GetAsync(url)).Content.ReadAsByteArrayAsync();
            using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), isEditable: false);
            var errors = new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2010).Validate(document)
                .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
            errors.ShouldBeEmpty(url);
            document.WorkbookPart!.Workbook.Sheets!.ChildElements.Count.ShouldBeGreaterThan(0);
        }
    }

    [Fact]
    public async Task The_appraisal_sheet_shows_weight_scaled_weight_share_and_points_and_says_why_points_exceed_the_weight()
    {
        var (_, county) = await Units();
        var book = await Workbook(api.Client(language: null), $"/api/v1/exports/appraisals/units/{county}?year=2025");
        var rows = (await book.QueryAsync(useHeaderRow: true, sheetName: "考核指标")).Cast<IDictionary<string, object>>().ToList();
        rows[0].Keys.ShouldBe(["指标", "名称", "权重", "折算权重", "完成率", "得分", "说明"]);
        var indicators = rows.Where(r => (string)r["指标"] is not ("BONUS" or "TOTAL")).ToList();
        indicators.ShouldNotBeEmpty();
        var weights = indicators.Sum(r => Convert.ToDecimal(r["权重"]));
        weights.ShouldBeLessThan(100m); // some indicators are not measured yet: the weights present are scaled to 100
        foreach (var row in indicators)
        {
            var scaled = Convert.ToDecimal(row["折算权重"]);
            scaled.ShouldBe(Math.Round(Convert.ToDecimal(row["权重"]) * 100 / weights, 2));
            Convert.ToDecimal(row["得分"]).ShouldBe(Math.Round(scaled * Convert.ToDecimal(row["完成率"]), 2), 0.011m);
            Convert.ToDecimal(row["得分"]).ShouldBeLessThanOrEqualTo(scaled);
        }
        indicators.Single(r => (string)r["指标"] == "LRN-1")["名称"].ShouldBe("干部学时达标率（LRN-1）");
        var total = rows.Single(r => (string)r["指标"] == "TOTAL");
        ((string)total["说明"]).ShouldContain("折算权重 = 权重 × 100");
        ((string)total["说明"]).ShouldContain("得分可能高于权重");
    }

    [Fact]
    public async Task Workbook_cells_are_chinese_by_default_and_english_on_request_while_the_headers_stay()
    {
        var (city, _) = await Units();
        var url = $"/api/v1/exports/compliance/units/{city}?year=2025";
        var chinese = (await (await Workbook(api.Client(language: null), url)).QueryAsync(useHeaderRow: true, sheetName: "干部"))
            .Cast<IDictionary<string, object>>().ToList();
        chinese.Select(r => (string)r["职级"]).ShouldBe(["科级", "县处级及以上"], ignoreOrder: true);
        chinese.ShouldAllBe(r => (string)r["是否达标"] == "是" || (string)r["是否达标"] == "否");

        var english = (await (await Workbook(api.Client(language: "en"), url)).QueryAsync(useHeaderRow: true, sheetName: "干部"))
            .Cast<IDictionary<string, object>>().ToList();
        english.Select(r => (string)r["职级"]).ShouldBe(["Leader", "SectionLevel"], ignoreOrder: true);
        english.ShouldAllBe(r => (string)r["是否达标"] == "Yes" || (string)r["是否达标"] == "No");
    }

    /// <summary>A city bureau and a county bureau with a leader and a section-level cadre, one of them with the year's study hours.</summary>
    private async Task<(string City, string County)> Units()
    {
        var client = api.Client();
        var city = await client.Unit(name: "市生态环境局");
        var county = await client.Unit("CountyBureau", city, "某县生态环境局");
        var leader = await client.Cadre(county, "Leader", birthDate: "1975-01-01", education: "Bachelor", name: "张伟");
        await client.Cadre(county, "SectionLevel", birthDate: "1988-01-01", education: "Bachelor", name: "刘洋");
        foreach (var day in new[] { "2025-03-01", "2025-03-02", "2025-03-03" })
            await (await client.PostJson($"/api/v1/cadres/{leader}/study-hours",
                new { hours = 20, studiedOn = day, channel = "Online", source = "学习强国" })).Json(HttpStatusCode.Created);
        return (city, county);
    }

    private static async Task<MemoryStream> Workbook(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return new MemoryStream(await response.Content.ReadAsByteArrayAsync());
    }
}
