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

[Collection(ApiCollection.Name)]
public class CrossModuleHistoryTests(ApiFixture api)
{
    [Fact]
    public async Task Facts_of_every_module_come_in_recorded_order_with_module_source_and_business_dates()
    {
        var s = await AuditScenario.Run(api);
        var history = (await api.Client().GetJson($"/api/v1/cadres/{s.StaffNo}/history")).AsArray();

        history.Select(h => h!["type"]!.GetValue<string>()).ShouldBe([
            "CadreRegistered", "GrassrootsVisitRecorded", "StudyHoursLogged", "TitleConferred", "GrassrootsVisitRecorded", "LearningSessionAttended",
            "CadreTransferred", "GrassrootsVisitRevoked", "EducationAwarded", "CadreAssessed", "SanctionImposed"]);
        history.Select(h => h!["module"]!.GetValue<string>()).ShouldBe([
            "Organization", "ServiceVisits", "Learning", "Talent", "ServiceVisits", "Learning", "Organization", "ServiceVisits", "Organization", "Appraisal",
            "Discipline"]);
        history.Select(h => h!["source"]?.GetValue<string>()).ShouldBe([
            "hr-system", "visits-app", "learning-platform", "talent-system", "visits-app", "learning-platform", "personnel-desk", "visits-app", "hr-system",
            "appraisal-group", "discipline-office"]);
        history.Select(h => h!["version"]!.GetValue<long>()).ShouldBe(Enumerable.Range(1, 11).Select(v => (long)v));
        var sequences = history.Select(h => h!["sequence"]!.GetValue<long>()).ToList();
        sequences.ShouldBe(sequences.Order());
        var recordedAt = history.Select(h => h!["recordedAt"]!.GetValue<DateTimeOffset>()).ToList();
        recordedAt.ShouldBe(recordedAt.Order());
        history.ShouldAllBe(h => h!["recordedBy"]!.GetValue<string>().Length > 0 && h["correlationId"]!.GetValue<string>().Length > 0);

        history.Select(h => h!["businessDate"]?.GetValue<string>()).ShouldBe([
            "2015-01-01", "2025-03-01", "2025-02-10", "2025-05-01", "2025-04-01", "2025-04-20", "2025-07-01", null, "2025-09-01", null, null],
            "a confidential fact's dates are not shown, to administrators either");
        history[1]!["businessDates"]!["to"]!.GetValue<string>().ShouldBe("2025-03-20");
        history[0]!["businessDates"]!.AsObject().Select(p => p.Key).ShouldBe(["joinedOn"], "a birth date is not a business date");
        history[5]!["data"]!["creditedHours"]!.GetValue<decimal>().ShouldBe(4, "session attendance is in the cadre's history");
        history[7]!["data"]!["visitId"]!.GetValue<Guid>().ShouldBe(s.VisitA);
        history[7]!["data"]!["reason"]!.GetValue<string>().ShouldBe("重复录入");
        history[10]!["confidential"]!.GetValue<bool>().ShouldBeTrue();
        history[10]!["data"]!.ToJsonString().ShouldBe("""{"confidential":true}""", "details are read only at GET …/discipline, by every role");

        var from = AuditScenario.Instant(s.Instants[1]);
        var to = AuditScenario.Instant(s.Instants[2]);
        (await api.Client().GetJson($"/api/v1/cadres/{s.StaffNo}/history?from={from}&to={to}")).AsArray()
            .Select(h => h!["type"]!.GetValue<string>()).ShouldBe(["CadreTransferred", "GrassrootsVisitRevoked"]);
    }

    [Fact]
    public async Task A_module_narrows_the_history_and_an_unknown_module_is_a_400()
    {
        var s = await AuditScenario.Run(api);
        var client = api.Client();
        (await client.GetJson($"/api/v1/cadres/{s.StaffNo}/history?module=ServiceVisits")).AsArray()
            .Select(h => h!["type"]!.GetValue<string>()).ShouldBe(["GrassrootsVisitRecorded", "GrassrootsVisitRecorded", "GrassrootsVisitRevoked"]);
        (await client.GetJson($"/api/v1/cadres/{s.StaffNo}/history?module=organization")).AsArray().Count.ShouldBe(3);
        (await client.GetJson($"/api/v1/cadres/{s.StaffNo}/history?module=Learning")).AsArray()
            .Select(h => h!["type"]!.GetValue<string>()).ShouldBe(["StudyHoursLogged", "LearningSessionAttended"]);
        (await client.GetJson($"/api/v1/cadres/{s.StaffNo}/history?module=Talent&from={AuditScenario.Instant(s.Instants[1])}")).AsArray().Count.ShouldBe(0);
        await (await client.GetAsync($"/api/v1/cadres/{s.StaffNo}/history?module=Health")).Problem(HttpStatusCode.BadRequest, "module");
    }

    [Fact]
    public async Task Large_histories_page_by_version_with_a_Link_header_to_the_next_page()
    {
        var s = await AuditScenario.Run(api);
        var client = api.Client();
        var versions = new List<long>();
        var url = $"/api/v1/cadres/{s.StaffNo}/history?limit=4&module=";
        var pages = 0;
        while (url is not null)
        {
            var response = await client.GetAsync(url);
            var page = (await response.Json(HttpStatusCode.OK)).AsArray();
            page.Count.ShouldBeLessThanOrEqualTo(4);
            versions.AddRange(page.Select(h => h!["version"]!.GetValue<long>()));
            pages++;
            if (response.Headers.TryGetValues("Link", out var links))
            {
                var link = links.Single();
                link.ShouldEndWith(">; rel=\"next\"");
                url = link[1..link.IndexOf('>')];
                url.ShouldContain($"after={page[^1]!["version"]}");
                url.ShouldContain("limit=4");
                response.Headers.GetValues("X-Next-After").Single().ShouldBe(page[^1]!["version"]!.ToString());
            }
            else url = null;
        }
        pages.ShouldBe(3);
        versions.ShouldBe(Enumerable.Range(1, 11).Select(v => (long)v));

        var filtered = await client.GetAsync($"/api/v1/cadres/{s.StaffNo}/history?module=ServiceVisits&limit=2");
        (await filtered.Json(HttpStatusCode.OK)).AsArray().Select(h => h!["version"]!.GetValue<long>()).ShouldBe([2L, 5L]);
        filtered.Headers.GetValues("Link").Single().ShouldContain("module=ServiceVisits");
        (await client.GetJson($"/api/v1/cadres/{s.StaffNo}/history?module=ServiceVisits&limit=2&after=5")).AsArray()
            .Select(h => h!["version"]!.GetValue<long>()).ShouldBe([8L]);

        await (await client.GetAsync($"/api/v1/cadres/{s.StaffNo}/history?limit=0")).Problem(HttpStatusCode.BadRequest, "limit");
        await (await client.GetAsync($"/api/v1/cadres/{s.StaffNo}/history?limit=1001")).Problem(HttpStatusCode.BadRequest, "limit");
        await (await client.GetAsync($"/api/v1/cadres/{s.StaffNo}/history?after=-1")).Problem(HttpStatusCode.BadRequest, "after");
    }

    [Fact]
    public async Task A_confidential_fact_shows_only_that_it_exists_to_a_key_that_is_not_an_administrator()
    {
        var s = await AuditScenario.Run(api);
        var reader = api.Client(apiKey: await api.IssueKey("Reader", s.County));
        var history = (await reader.GetJson($"/api/v1/cadres/{s.StaffNo}/history")).AsArray();
        var sanction = history.Single(h => h!["type"]!.GetValue<string>() == "SanctionImposed")!;
        sanction["confidential"]!.GetValue<bool>().ShouldBeTrue();
        sanction["data"]!.ToJsonString().ShouldBe("""{"confidential":true}""");
        sanction["businessDate"].ShouldBeNull();
        sanction["businessDates"]!.AsObject().Count.ShouldBe(0);
        history.ToJsonString().ShouldNotContain("违反工作纪律");
        (await (await reader.GetAsync($"/api/v1/cadres/{s.StaffNo}/changes?from={AuditScenario.Instant(s.Instants[2])}")).Content.ReadAsStringAsync())
            .ShouldNotContain("违反工作纪律");

        var outsider = api.Client(apiKey: await api.IssueKey("Reader", await api.Client().Unit()));
        (await outsider.GetAsync($"/api/v1/cadres/{s.StaffNo}/history")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
