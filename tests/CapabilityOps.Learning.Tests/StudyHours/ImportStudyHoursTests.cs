using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CapabilityOps.Learning.StudyHours;
using MiniExcelLibs;

namespace CapabilityOps.Learning.Tests.StudyHours;

[Collection(ApiCollection.Name)]
public class ImportStudyHoursTests(ApiFixture api)
{
    private const string Header = "staffNo,hours,studiedOn,channel,source,topic,externalId";

    [Fact]
    public async Task A_csv_records_valid_rows_reports_bad_ones_by_row_and_skips_duplicates()
    {
        var client = api.Client("xuexi-export");
        var unit = await client.Unit();
        var a = await client.Cadre(unit, name: "李娜");
        var b = await client.Cadre(unit, joinedOn: "2025-01-10");
        var csv = string.Join("\n",
            Header,
            $"{a},2.5,2025-03-02,Online,学习强国,\"习近平生态文明思想, 第一讲\",XQ-1",   // row 2
            $"{a},1,2025/3/3,线下,党校,读书班,XQ-2",                                      // row 3: Chinese channel, slashed date
            $"{b},3,2025-01-05,Online,学习强国,,XQ-3",                                     // row 4: before b joined
            $"{a},abc,2025-03-04,Online,学习强国,,XQ-4",                                   // row 5: hours not a number
            $"NO-SUCH,1,2025-03-04,Online,学习强国,,XQ-5",                                 // row 6: unknown cadre
            $"{a},2,2025-03-05,Radio,学习强国,,XQ-6",                                      // row 7: channel
            $"{a},2.5,2025-03-02,Online,学习强国,再来一次,XQ-1",                            // row 8: duplicate of row 2
            "",                                                                            // blank line: skipped
            $"{b},4,2025-02-01,Offline,cadre-academy,,",                                   // row 10: no externalId
            $"{a},25,2025-03-06,Online,学习强国,,XQ-7",                                     // row 11: more than 24
            $"{a},1,2099-01-01,Online,学习强国,,XQ-8");                                     // row 12: future
        var result = await (await client.PostRaw("/api/v1/imports/study-hours", csv, "text/csv")).Json(HttpStatusCode.OK);

        result["accepted"]!.GetValue<int>().ShouldBe(3);
        result["duplicates"]!.GetValue<int>().ShouldBe(1);
        var rejected = result["rejected"]!.AsArray();
        rejected.Select(r => r!["row"]!.GetValue<int>()).ShouldBe([4, 5, 6, 7, 11, 12]);
        Errors(rejected, 4).ShouldContainKey("studiedOn");
        Errors(rejected, 5).ShouldContainKey("hours");
        Errors(rejected, 6).ShouldContainKey("staffNo");
        Errors(rejected, 7).ShouldContainKey("channel");
        Errors(rejected, 11).ShouldContainKey("hours");
        Errors(rejected, 12).ShouldContainKey("studiedOn");

        var year = await api.CadreYear(a, 2025);
        year["hours"].Decimal().ShouldBe(3.5m);
        year["hoursByChannel"]!["Offline"].Decimal().ShouldBe(1m);
        year["hoursBySource"]!["党校"].Decimal().ShouldBe(1m);
        (await api.CadreYear(b, 2025))["hours"].Decimal().ShouldBe(4m);

        var records = (await client.GetJson($"/api/v1/cadres/{a}/study-hours?year=2025")).AsArray();
        records.Select(r => r!["topic"]?.GetValue<string>()).ShouldContain("习近平生态文明思想, 第一讲");
        var history = (await client.GetJson($"/api/v1/cadres/{a}/history")).AsArray();
        history.Last()!["source"]!.GetValue<string>().ShouldBe("xuexi-export");

        // The same file again records nothing: every row recorded before is a duplicate now.
        var again = await (await client.PostRaw("/api/v1/imports/study-hours", csv, "text/csv")).Json(HttpStatusCode.OK);
        again["accepted"]!.GetValue<int>().ShouldBe(0);
        again["duplicates"]!.GetValue<int>().ShouldBe(4);
        again["rejected"]!.AsArray().Count.ShouldBe(6);
        (await api.CadreYear(a, 2025))["hours"].Decimal().ShouldBe(3.5m);
        (await api.CadreYear(b, 2025))["hours"].Decimal().ShouldBe(4m);
        (await client.GetJson($"/api/v1/cadres/{a}/history")).AsArray().Count.ShouldBe(history.Count);
    }

    [Fact]
    public async Task An_xlsx_made_with_MiniExcel_imports_like_a_csv_and_a_second_import_records_nothing()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var a = await client.Cadre(unit, name: "欧阳娜娜");
        var rows = new List<Dictionary<string, object?>>
        {
            Row(a, 2.5, new DateTime(2025, 4, 1), "Online", "学习强国", "新《环境保护法》解读", "XL-1"),     // row 2: a real date cell
            Row(a, 3, "2025-04-02", "线下", "机关党委", "三会一课", 10023),                                 // row 3: numeric external id
            Row(a, null, "2025-04-03", "Online", "学习强国", null, "XL-3"),                               // row 4: no hours
            Row(null, null, null, null, null, null, null),                                                // row 5: blank
            Row("NO-SUCH", 1, "2025-04-03", "Online", "学习强国", null, "XL-4"),                           // row 6: unknown cadre
            Row(a, 2.5, new DateTime(2025, 4, 1), "Online", "学习强国", "新《环境保护法》解读", "XL-1"),     // row 7: duplicate of row 2
        };
        var file = Xlsx(rows);

        var result = await (await client.PostAsync("/api/v1/imports/study-hours", Form(file, "学习强国导出.xlsx"))).Json(HttpStatusCode.OK);
        result["accepted"]!.GetValue<int>().ShouldBe(2);
        result["duplicates"]!.GetValue<int>().ShouldBe(1);
        result["rejected"]!.AsArray().Select(r => r!["row"]!.GetValue<int>()).ShouldBe([4, 6]);
        Errors(result["rejected"]!.AsArray(), 4).ShouldContainKey("hours");

        var year = await api.CadreYear(a, 2025);
        year["hours"].Decimal().ShouldBe(5.5m);
        year["hoursBySource"]!["机关党委"].Decimal().ShouldBe(3m);
        var records = (await client.GetJson($"/api/v1/cadres/{a}/study-hours?year=2025")).AsArray();
        records.Select(r => r!["externalId"]?.GetValue<string>()).ShouldBe(["XL-1", "10023"], ignoreOrder: true);
        records.Select(r => r!["topic"]?.GetValue<string>()).ShouldContain("新《环境保护法》解读");
        records.Single(r => r!["externalId"]!.GetValue<string>() == "XL-1")!["studiedOn"]!.GetValue<string>().ShouldBe("2025-04-01");

        var again = await (await client.PostAsync("/api/v1/imports/study-hours", Form(file, "学习强国导出.xlsx"))).Json(HttpStatusCode.OK);
        again["accepted"]!.GetValue<int>().ShouldBe(0);
        again["duplicates"]!.GetValue<int>().ShouldBe(3);
        (await api.CadreYear(a, 2025))["hours"].Decimal().ShouldBe(5.5m);
    }

    [Fact]
    public async Task A_csv_file_in_a_form_and_a_gb18030_body_import_too()
    {
        var client = api.Client();
        var a = await client.Cadre(await client.Unit());
        // As Excel saves "CSV UTF-8": with a byte order mark, CRLF line ends and the header in another case.
        var csv = $"StaffNo,Hours,StudiedOn,Channel,Source,Topic,ExternalId\r\n{a},1,2025-05-01,Online,学习强国,生态文明,F-1\r\n";
        var form = Form([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)], "hours.csv", "text/csv");
        (await (await client.PostAsync("/api/v1/imports/study-hours", form)).Json(HttpStatusCode.OK))["accepted"]!.GetValue<int>().ShouldBe(1);

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gb = Encoding.GetEncoding("gb18030");
        var body = new ByteArrayContent(gb.GetBytes($"{Header}\n{a},2,2025-05-02,线上,学习强国,美丽中国,F-2\n"));
        body.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv; charset=gb18030");
        (await (await client.PostAsync("/api/v1/imports/study-hours", body)).Json(HttpStatusCode.OK))["accepted"]!.GetValue<int>().ShouldBe(1);

        var records = (await client.GetJson($"/api/v1/cadres/{a}/study-hours?year=2025")).AsArray();
        records.Select(r => r!["topic"]!.GetValue<string>()).ShouldBe(["生态文明", "美丽中国"]);
        records[1]!["source"]!.GetValue<string>().ShouldBe("学习强国");
    }

    [Fact]
    public async Task Files_as_chinese_offices_save_them_import_without_a_charset()
    {
        var client = api.Client();
        var a = await client.Cadre(await client.Unit());
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gb = Encoding.GetEncoding("gb18030");
        async Task<JsonNode> Import(byte[] bytes, string contentType = "text/csv")
        {
            var body = new ByteArrayContent(bytes);
            body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            return await (await client.PostAsync("/api/v1/imports/study-hours", body)).Json(HttpStatusCode.OK);
        }

        // Chinese Excel's plain "CSV": GB18030 (GBK), no charset, the Chinese first seen far into the file.
        var padding = string.Concat(Enumerable.Range(0, 300).Select(i => $"{a},0.5,{new DateOnly(2024, 1, 1).AddDays(i):yyyy-MM-dd},Online,app,,PAD-{i}\n"));
        (await Import(gb.GetBytes($"{Header}\n{padding}{a},2,2025-05-02,线上,学习强国,美丽中国建设,G-1\n")))["accepted"]!.GetValue<int>().ShouldBe(301);
        // UTF-16 with a byte-order mark (Excel's "Unicode" text saved with commas).
        (await Import([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes($"{Header}\n{a},1,2025-05-03,线下,党校,读书班,U-1\n")]))
            ["accepted"]!.GetValue<int>().ShouldBe(1);
        // UTF-8 without a byte-order mark.
        (await Import(Encoding.UTF8.GetBytes($"{Header}\n{a},1,2025-05-04,线上,学习强国,生态文明,U-2\n")))["accepted"]!.GetValue<int>().ShouldBe(1);

        var records = (await client.GetJson($"/api/v1/cadres/{a}/study-hours?year=2025")).AsArray();
        records.Select(r => r!["topic"]!.GetValue<string>()).ShouldBe(["美丽中国建设", "读书班", "生态文明"]);
        records.Select(r => r!["source"]!.GetValue<string>()).ShouldBe(["学习强国", "党校", "学习强国"]);
    }

    [Fact]
    public async Task A_row_whose_bytes_do_not_decode_is_refused_and_the_others_are_recorded()
    {
        var client = api.Client();
        var a = await client.Cadre(await client.Unit());
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gb = Encoding.GetEncoding("gb18030");
        // 0x81 0x7F is no character of GB18030 (0x7F cannot follow a lead byte): that row's topic cannot be read; the rows around it can.
        byte[] bytes = [.. gb.GetBytes($"{Header}\n{a},1,2025-06-01,线上,学习强国,美丽中国,B-1\n{a},1,2025-06-02,线上,学习强国,"),
            0x81, 0x7F, .. gb.GetBytes($"X,B-2\n{a},1,2025-06-03,线上,学习强国,生态文明,B-3\n")];
        var body = new ByteArrayContent(bytes);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
        var result = await (await client.PostAsync("/api/v1/imports/study-hours", body)).Json(HttpStatusCode.OK);

        result["accepted"]!.GetValue<int>().ShouldBe(2);
        var rejected = result["rejected"]!.AsArray();
        rejected.Select(r => r!["row"]!.GetValue<int>()).ShouldBe([3]);
        Errors(rejected, 3).ShouldContainKey("topic");
        var records = (await client.GetJson($"/api/v1/cadres/{a}/study-hours?year=2025")).AsArray();
        records.Select(r => r!["topic"]!.GetValue<string>()).ShouldBe(["美丽中国", "生态文明"]);
        records.ShouldAllBe(r => !r!.ToJsonString().Contains('\uFFFD'));

        // A declared charset wins: the same bytes said to be UTF-8 cannot be read as UTF-8 anywhere Chinese stands.
        var declared = new ByteArrayContent(bytes);
        declared.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv; charset=utf-8");
        var refused = await (await client.PostAsync("/api/v1/imports/study-hours", declared)).Json(HttpStatusCode.OK);
        refused["accepted"]!.GetValue<int>().ShouldBe(0);
        refused["rejected"]!.AsArray().Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_is_refused_whole_and_records_nothing()
    {
        var client = api.Client();
        var a = await client.Cadre(await client.Unit());
        await (await client.PostRaw("/api/v1/imports/study-hours", $"staffNo,hours,studiedOn\n{a},1,2025-01-01\n", "text/csv"))
            .Problem(HttpStatusCode.BadRequest, "file");
        await (await client.PostRaw("/api/v1/imports/study-hours", "", "text/csv")).Problem(HttpStatusCode.BadRequest, "file");
        await (await client.PostRaw("/api/v1/imports/study-hours", "{}", "application/json")).Problem(HttpStatusCode.UnsupportedMediaType);
        await (await client.PostAsync("/api/v1/imports/study-hours", Form([1, 2, 3], "hours.pdf", "application/pdf"))).Problem(HttpStatusCode.UnsupportedMediaType);
        await (await client.PostAsync("/api/v1/imports/study-hours", Form(Encoding.UTF8.GetBytes("not a zip"), "hours.xlsx"))).Problem(HttpStatusCode.BadRequest, "file");
        await (await client.PostAsync("/api/v1/imports/study-hours", Form(Xlsx([new() { ["staffNo"] = a, ["hours"] = 1 }]), "hours.xlsx")))
            .Problem(HttpStatusCode.BadRequest, "file");
        var noFile = new MultipartFormDataContent { { new StringContent("x"), "other" } };
        await (await client.PostAsync("/api/v1/imports/study-hours", noFile)).Problem(HttpStatusCode.BadRequest, "file");
        (await client.GetJson($"/api/v1/cadres/{a}/history")).AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Rows_about_cadres_outside_the_key_s_units_are_refused_row_by_row()
    {
        var admin = api.Client();
        var city = await admin.Unit();
        var countyA = await admin.Unit("CountyBureau", city);
        var countyB = await admin.Unit("CountyBureau", city);
        var inA = await admin.Cadre(countyA);
        var inB = await admin.Cadre(countyB);
        var key = (await (await admin.PostJson("/api/v1/admin/api-keys", new { name = Ids.Next("k"), role = "UnitWriter", unitCode = countyA }))
            .Json(HttpStatusCode.Created))["key"]!.GetValue<string>();

        var csv = $"{Header}\n{inA},1,2025-01-02,Online,学习强国,,S-1\n{inB},1,2025-01-02,Online,学习强国,,S-2\n";
        var result = await (await api.Client(apiKey: key).PostRaw("/api/v1/imports/study-hours", csv, "text/csv")).Json(HttpStatusCode.OK);
        result["accepted"]!.GetValue<int>().ShouldBe(1);
        result["rejected"]!.AsArray().Single()!["row"]!.GetValue<int>().ShouldBe(3);
        (await admin.GetJson($"/api/v1/cadres/{inB}/history")).AsArray().Count.ShouldBe(1);

        var reader = (await (await admin.PostJson("/api/v1/admin/api-keys", new { name = Ids.Next("r"), role = "Reader", unitCode = countyA }))
            .Json(HttpStatusCode.Created))["key"]!.GetValue<string>();
        await (await api.Client(apiKey: reader).PostRaw("/api/v1/imports/study-hours", csv, "text/csv")).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Rows_in_later_batches_see_the_days_and_keys_of_earlier_ones()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var cadres = new List<string>();
        for (var i = 0; i < 5; i++) cadres.Add(await client.Cadre(unit));
        var csv = new StringBuilder(Header).Append('\n');
        var day = new DateOnly(2025, 1, 1);
        // 5 cadres × 20,200 rows of 0.2 hours over 300 days: more rows than one batch holds.
        const int perCadre = 20_200;
        for (var d = 0; d < perCadre; d++)
            foreach (var c in cadres) csv.Append($"{c},0.2,{day.AddDays(d % 300):yyyy-MM-dd},Online,学习强国,,{c}-{d}\n");
        // Last rows: a duplicate of the first row, and a day that the first batch filled with 13.6 hours already.
        csv.Append($"{cadres[0]},1,2025-01-01,Online,学习强国,,{cadres[0]}-0\n");
        csv.Append($"{cadres[0]},10.5,2025-01-01,Offline,党校,,late-row\n");
        var rows = perCadre * 5 + 2;
        ImportStudyHoursEndpoint.BatchSize.ShouldBeLessThan(rows);

        var result = await (await client.PostRaw("/api/v1/imports/study-hours", csv.ToString(), "text/csv")).Json(HttpStatusCode.OK);
        result["rows"]!.GetValue<int>().ShouldBe(rows);
        result["accepted"]!.GetValue<int>().ShouldBe(perCadre * 5);
        result["duplicates"]!.GetValue<int>().ShouldBe(1);
        var rejected = result["rejected"]!.AsArray().ShouldHaveSingleItem()!;
        rejected["row"]!.GetValue<int>().ShouldBe(rows + 1);
        rejected["errors"]!["hours"].ShouldNotBeNull();

        var year = await api.CadreYear(cadres[0], 2025);
        year["hours"].Decimal().ShouldBe(perCadre * 0.2m);
        year["met"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Concurrent_imports_for_the_same_cadres_keep_every_rule()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var cadres = new List<string>();
        for (var i = 0; i < 3; i++) cadres.Add(await client.Cadre(unit));
        string File(string prefix)
        {
            var csv = new StringBuilder(Header).Append('\n');
            for (var d = 0; d < 200; d++)
                foreach (var c in cadres) csv.Append($"{c},5,{new DateOnly(2025, 1, 1).AddDays(d % 50):yyyy-MM-dd},Online,学习强国,,{prefix}-{d}\n");
            return csv.ToString();
        }

        // Same days, so both files compete for the 24 hours of each day; the second pair re-sends the first file.
        var responses = await Task.WhenAll(new[] { File("P"), File("Q"), File("P") }
            .Select(f => client.PostRaw("/api/v1/imports/study-hours", f, "text/csv")));
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.Conflict);

        foreach (var c in cadres)
        {
            var records = (await client.GetJson($"/api/v1/cadres/{c}/study-hours?year=2025")).AsArray();
            records.GroupBy(r => r!["studiedOn"]!.GetValue<string>()).ShouldAllBe(day => day.Sum(r => r!["hours"].Decimal()) <= 24m);
            records.GroupBy(r => r!["externalId"]!.GetValue<string>()).ShouldAllBe(same => same.Count() == 1);
            (await api.CadreYear(c, 2025))["hours"].Decimal().ShouldBe(records.Sum(r => r!["hours"].Decimal()));
        }
    }

    private static Dictionary<string, object?> Row(object? staffNo, object? hours, object? studiedOn, object? channel, object? source, object? topic, object? externalId) =>
        new()
        {
            ["staffNo"] = staffNo, ["hours"] = hours, ["studiedOn"] = studiedOn, ["channel"] = channel,
            ["source"] = source, ["topic"] = topic, ["externalId"] = externalId,
        };

    private static byte[] Xlsx(IEnumerable<Dictionary<string, object?>> rows)
    {
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, rows);
        return stream.ToArray();
    }

    private static MultipartFormDataContent Form(byte[] file, string fileName,
        string contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return new MultipartFormDataContent { { content, "file", fileName } };
    }

    private static JsonObject Errors(JsonArray rejected, int row) =>
        rejected.Single(r => r!["row"]!.GetValue<int>() == row)!["errors"]!.AsObject();
}
