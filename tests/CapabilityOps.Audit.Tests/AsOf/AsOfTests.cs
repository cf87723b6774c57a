namespace CapabilityOps.Audit.Tests.AsOf;

[Collection(ApiCollection.Name)]
public class AsOfTests(ApiFixture api)
{
    [Fact]
    public async Task As_of_each_of_four_instants_the_record_compliance_and_appraisal_are_what_the_live_routes_answered_then()
    {
        var s = await AuditScenario.Run(api);
        var client = api.Client();
        foreach (var route in s.Routes)
        {
            var answers = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                var separator = route.Contains('?') ? '&' : '?';
                var then = await client.GetJson($"{route}{separator}asOf={AuditScenario.Instant(s.Instants[i])}");
                var comparable = AuditScenario.Comparable(then);
                comparable.ShouldBe(AuditScenario.Comparable(s.Live[i][route]), $"{route} as of phase {i + 1}");
                answers.Add(comparable);
            }
            answers.Distinct().Count().ShouldBe(4, $"{route} should answer differently at each of the four instants");
        }

        // The story in numbers, as the as-of views tell it.
        var compliance = s.Live.Select(l => l[s.Compliance]).ToList();
        compliance.Select(c => AuditScenario.Check(c, "SVC-1")["actual"]!.GetValue<decimal>()).ShouldBe([20m, 30m, 10m, 10m]);
        compliance.Select(c => c["unitCode"]!.GetValue<string>()).ShouldBe([s.City, s.City, s.County, s.County]);
        compliance.Select(c => AuditScenario.Check(c, "TRN-1")["met"]!.GetValue<bool>()).ShouldBe([false, false, false, true]);
        compliance.Select(c => AuditScenario.Check(c, "LRN-1")["actual"]!.GetValue<decimal>()).ShouldBe([8m, 12m, 12m, 12m]);
        s.Live.Select(l => l[s.Record]["version"]!.GetValue<long>()).ShouldBe([3L, 6L, 8L, 11L]);
    }

    [Fact]
    public async Task On_a_business_date_the_record_and_compliance_are_as_that_day_stood_with_corrections_and_with_asOf_as_then_known()
    {
        var s = await AuditScenario.Run(api);
        var client = api.Client();

        var june = await client.GetJson($"{s.Record}?onDate=2025-06-30");
        june["unitCode"]!.GetValue<string>().ShouldBe(s.City);
        june["education"]!.GetValue<string>().ShouldBe("HighSchool");
        june["version"]!.GetValue<long>().ShouldBe(11);
        var december = await client.GetJson($"{s.Record}?onDate=2025-12-31");
        december["unitCode"]!.GetValue<string>().ShouldBe(s.County);
        december["education"]!.GetValue<string>().ShouldBe("JuniorCollege");
        // Known at the end of phase 2, the transfer and the diploma were not recorded yet: 31 December looked like June.
        var decemberAsKnownThen = await client.GetJson($"{s.Record}?onDate=2025-12-31&asOf={AuditScenario.Instant(s.Instants[1])}");
        decemberAsKnownThen["unitCode"]!.GetValue<string>().ShouldBe(s.City);
        decemberAsKnownThen["education"]!.GetValue<string>().ShouldBe("HighSchool");
        decemberAsKnownThen["version"]!.GetValue<long>().ShouldBe(6);
        await (await client.GetAsync($"{s.Record}?onDate=2014-12-31")).Problem(HttpStatusCode.NotFound);
        await (await client.GetAsync($"{s.Record}?onDate=30.06.2025")).Problem(HttpStatusCode.BadRequest, "onDate");

        // Compliance measured on 30 June: visit A is revoked since (corrections count), visit B's 10 days remain.
        var onJune = await client.GetJson($"/api/v1/compliance/cadres/{s.StaffNo}?onDate=2025-06-30");
        onJune["year"]!.GetValue<int>().ShouldBe(2025);
        onJune["viewDate"]!.GetValue<string>().ShouldBe("2025-06-30");
        onJune["unitCode"]!.GetValue<string>().ShouldBe(s.City);
        AuditScenario.Check(onJune, "SVC-1")["actual"]!.GetValue<decimal>().ShouldBe(10);
        // 30 June as it was known at the end of phase 2, before the correction: both visits counted.
        var onJuneThen = await client.GetJson($"/api/v1/compliance/cadres/{s.StaffNo}?onDate=2025-06-30&asOf={AuditScenario.Instant(s.Instants[1])}");
        AuditScenario.Check(onJuneThen, "SVC-1")["actual"]!.GetValue<decimal>().ShouldBe(30);
        await (await client.GetAsync($"/api/v1/compliance/cadres/{s.StaffNo}?year=2024&onDate=2025-06-30")).Problem(HttpStatusCode.BadRequest, "onDate");
    }
}
