using MiniExcelLibs;

namespace CapabilityOps.Audit.Tests.Dossier;

[Collection(ApiCollection.Name)]
public class DossierTests(ApiFixture api)
{
    private static async Task<List<IDictionary<string, object>>> Sheet(MemoryStream workbook, string name) =>
        (await workbook.QueryAsync(useHeaderRow: true, sheetName: name)).Cast<IDictionary<string, object>>().ToList();

    [Fact]
    public async Task The_workbook_opens_with_MiniExcel_and_holds_the_record_every_fact_and_every_year()
    {
        var s = await AuditScenario.Run(api);
        await api.WaitForProjections();
        var response = await api.Client().GetAsync($"/api/v1/cadres/{s.StaffNo}/dossier.xlsx");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldStartWith($"dossier-{s.StaffNo}-");
        using var workbook = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        MiniExcel.GetSheetNames(workbook).ShouldBe(["档案", "任职经历", "履历", "年度合规"]);
        // Valid Open XML, as Excel and WPS open it without repairing.
        using (var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(workbook.ToArray()), isEditable: false))
            new DocumentFormat.OpenXml.Validation.OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2010).Validate(document)
                .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ShouldBeEmpty();

        var summary = (await Sheet(workbook, "档案")).Single();
        summary["工号"].ShouldBe(s.StaffNo);
        summary["姓名"].ShouldBe("王建国");
        summary["所在单位"].ShouldBe(s.County);
        Convert.ToInt64(summary["事实数"]).ShouldBe(11);
        ((string)summary["链尖哈希"]).Length.ShouldBe(64);

        var history = await Sheet(workbook, "履历");
        history.Select(r => (string)r["事实类型"]).ShouldBe([
            "CadreRegistered", "GrassrootsVisitRecorded", "StudyHoursLogged", "TitleConferred", "GrassrootsVisitRecorded", "LearningSessionAttended",
            "CadreTransferred", "GrassrootsVisitRevoked", "EducationAwarded", "CadreAssessed", "SanctionImposed"]);
        history.Select(r => (string)r["所属模块"]).Distinct().ShouldBe(["Organization", "ServiceVisits", "Learning", "Talent", "Appraisal", "Discipline"]);
        history.Select(r => (string)r["来源系统"]).ShouldContain("talent-system");
        history[6]["业务日期"].ShouldBe("2025-07-01");
        ((string)history[6]["内容"]).ShouldContain($"\"toUnitCode\":\"{s.County}\"");
        ((string)history[2]["内容"]).ShouldContain("学习强国", customMessage: "Chinese text as it is, not escaped");
        history.ShouldAllBe(r => ((string)r["链哈希"]).Length == 64);

        var postings = await Sheet(workbook, "任职经历");
        postings.Where(r => (string)r["类别"] == "单位").Select(r => (string)r["值"]).ShouldBe([s.City, s.County]);

        var years = await Sheet(workbook, "年度合规");
        years.Select(r => Convert.ToInt32(r["年度"])).Distinct().ShouldBe(Enumerable.Range(2020, DateTime.UtcNow.Year - 2019));
        var svc = years.Single(r => Convert.ToInt32(r["年度"]) == 2025 && (string)r["规则"] == "SVC-1");
        Convert.ToDecimal(svc["实际"]).ShouldBe(10);
        svc["所在单位"].ShouldBe(s.County);
    }

    [Fact]
    public async Task The_JSON_dossier_carries_the_chain_hashes_and_as_of_an_instant_only_what_was_known_then()
    {
        var s = await AuditScenario.Run(api);
        await api.WaitForProjections();
        var client = api.Client();
        var dossier = await client.GetJson($"/api/v1/cadres/{s.StaffNo}/dossier");
        dossier["history"]!.AsArray().Count.ShouldBe(11);
        dossier["record"]!["unitCode"]!.GetValue<string>().ShouldBe(s.County);
        dossier["generatedBy"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        var tip = dossier["chain"]!["tip"]!;
        dossier["chain"]!["facts"]!.AsArray().Select(f => f!["sequence"]!.GetValue<long>())
            .ShouldBe(dossier["history"]!.AsArray().Select(h => h!["sequence"]!.GetValue<long>()));
        var compliance2025 = dossier["compliance"]!.AsArray().Single(y => y!["year"]!.GetValue<int>() == 2025)!;
        AuditScenario.Check(compliance2025, "SVC-1")["actual"]!.GetValue<decimal>().ShouldBe(10);

        // The tip kept in the dossier is an anchor the chain must still pass through.
        var verified = await client.GetJson($"/api/v1/audit/verify?anchorSequence={tip["sequence"]}&anchorHash={tip["hash"]}");
        verified["anchor"]!["matches"]!.GetValue<bool>().ShouldBeTrue();

        var then = await client.GetJson($"/api/v1/cadres/{s.StaffNo}/dossier?asOf={AuditScenario.Instant(s.Instants[1])}");
        then["history"]!.AsArray().Count.ShouldBe(6);
        then["record"]!["unitCode"]!.GetValue<string>().ShouldBe(s.City);
        AuditScenario.Check(then["compliance"]!.AsArray().Single(y => y!["year"]!.GetValue<int>() == 2025)!, "SVC-1")["actual"]!.GetValue<decimal>()
            .ShouldBe(30);
    }

    [Fact]
    public async Task Confidential_facts_are_redacted_in_the_dossier_for_keys_that_are_not_administrators()
    {
        var s = await AuditScenario.Run(api);
        var reader = api.Client(apiKey: await api.IssueKey("Reader", s.City));
        var response = await reader.GetAsync($"/api/v1/cadres/{s.StaffNo}/dossier.xlsx");
        using var workbook = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var sanction = (await Sheet(workbook, "履历")).Single(r => (string)r["事实类型"] == "SanctionImposed");
        sanction["内容"].ShouldBe("""{"confidential":true}""");
        sanction["保密"].ShouldBe("是");
        (await (await reader.GetAsync($"/api/v1/cadres/{s.StaffNo}/dossier")).Content.ReadAsStringAsync()).ShouldNotContain("违反工作纪律");
        await (await reader.GetAsync("/api/v1/cadres/NO-SUCH/dossier")).Problem(HttpStatusCode.NotFound);
        await (await api.Client().GetAsync("/api/v1/cadres/NO-SUCH/dossier.xlsx")).Problem(HttpStatusCode.NotFound);
    }
}
