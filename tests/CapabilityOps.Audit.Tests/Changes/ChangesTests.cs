using System.Text.Json.Nodes;

namespace CapabilityOps.Audit.Tests.Changes;

[Collection(ApiCollection.Name)]
public class ChangesTests(ApiFixture api)
{
    private static Dictionary<string, (string? Before, string? After)> Fields(JsonNode changes) =>
        changes.AsArray().ToDictionary(c => c!["field"]!.GetValue<string>(), c => (c!["before"]?.GetValue<string>(), c["after"]?.GetValue<string>()));

    [Fact]
    public async Task The_window_lists_its_facts_and_what_they_changed_in_the_record_and_the_compliance_numbers()
    {
        var s = await AuditScenario.Run(api);
        var client = api.Client();

        // Phase 3: the transfer and the correction.
        var changes = await client.GetJson($"/api/v1/cadres/{s.StaffNo}/changes?from={AuditScenario.Instant(s.Instants[1])}&to={AuditScenario.Instant(s.Instants[2])}");
        changes["facts"]!.AsArray().Select(f => f!["type"]!.GetValue<string>()).ShouldBe(["CadreTransferred", "GrassrootsVisitRevoked"]);
        var record = changes["record"]!;
        (record["versionBefore"]!.GetValue<long>(), record["versionAfter"]!.GetValue<long>()).ShouldBe((6L, 8L));
        var fields = Fields(record["changes"]!);
        fields.Keys.ShouldBe(["unitCode", "units"], ignoreOrder: true);
        fields["unitCode"].ShouldBe((s.City, s.County));
        fields["units"].After.ShouldBe($"{s.City} from 2015-01-01; {s.County} from 2025-07-01");
        record["before"]!["unitCode"]!.GetValue<string>().ShouldBe(s.City);

        var year = changes["compliance"]!.AsArray().Single(y => y!["year"]!.GetValue<int>() == 2025)!;
        var numbers = Fields(year["changes"]!);
        numbers["SVC-1.actual"].ShouldBe(("30", "10"));
        numbers["unitCode"].ShouldBe((s.City, s.County));
        // "Before" and "after" are what the compliance route answered at those instants.
        var before = s.Live[1][s.Compliance];
        year["before"]!["checks"]!.AsArray().Select(c => c!["actual"]!.GetValue<decimal>())
            .ShouldBe(before["checks"]!.AsArray().Select(c => c!["actual"]!.GetValue<decimal>()));
        year["after"]!["compliant"]!.GetValue<bool>().ShouldBe(s.Live[2][s.Compliance]["compliant"]!.GetValue<bool>());
        // The transfer holds from July 2025 on: 2025 and every year since count the cadre in the county; earlier years are untouched.
        changes["compliance"]!.AsArray().Select(y => y!["year"]!.GetValue<int>()).ShouldBe(Enumerable.Range(2025, DateTime.UtcNow.Year - 2024));

        // Phase 4: the diploma meets TRN-1 from 2025 on; the assessment and the sanction change no record field.
        var later = await client.GetJson($"/api/v1/cadres/{s.StaffNo}/changes?from={AuditScenario.Instant(s.Instants[2])}");
        later["facts"]!.AsArray().Select(f => f!["type"]!.GetValue<string>()).ShouldBe(["EducationAwarded", "CadreAssessed", "SanctionImposed"]);
        Fields(later["record"]!["changes"]!).Keys.ShouldBe(["education", "educations"], ignoreOrder: true);
        var trn = Fields(later["compliance"]!.AsArray().Single(y => y!["year"]!.GetValue<int>() == 2025)!["changes"]!);
        trn["TRN-1.met"].ShouldBe(("false", "true"));
        trn["TRN-1.actual"].ShouldBe(("0", "2025")); // the year the level was reached

        var nothing = await client.GetJson($"/api/v1/cadres/{s.StaffNo}/changes?from={AuditScenario.Instant(s.Instants[3])}&to={AuditScenario.Instant(s.Instants[3].AddMilliseconds(1))}");
        nothing["facts"]!.AsArray().Count.ShouldBe(0);
        nothing["record"]!["changes"]!.AsArray().Count.ShouldBe(0);
    }

    [Fact]
    public async Task A_window_before_the_cadre_existed_shows_the_whole_record_as_new_and_bad_windows_are_400()
    {
        var client = api.Client();
        var before = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        var staffNo = await client.Cadre(await client.Unit(), "Staff", education: "HighSchool", birthDate: "1990-01-01");
        var changes = await client.GetJson($"/api/v1/cadres/{staffNo}/changes?from={AuditScenario.Instant(before)}");
        changes["record"]!["before"].ShouldBeNull();
        Fields(changes["record"]!["changes"]!)["staffNo"].ShouldBe((null, staffNo));
        changes["compliance"]!.AsArray().Select(y => y!["year"]!.GetValue<int>()).ShouldContain(2025);

        await (await client.GetAsync($"/api/v1/cadres/{staffNo}/changes")).Problem(HttpStatusCode.BadRequest, "from");
        await (await client.GetAsync($"/api/v1/cadres/{staffNo}/changes?from={AuditScenario.Instant(DateTimeOffset.UtcNow)}&to={AuditScenario.Instant(before)}"))
            .Problem(HttpStatusCode.BadRequest, "from");
        await (await client.GetAsync($"/api/v1/cadres/NO-SUCH/changes?from={AuditScenario.Instant(before)}")).Problem(HttpStatusCode.NotFound);
    }
}
