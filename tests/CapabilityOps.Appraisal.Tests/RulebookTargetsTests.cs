using CapabilityOps.Appraisal.Compliance;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Appraisal.Rulebooks;
using CapabilityOps.Informatization.Scoring;
using CapabilityOps.Learning.Compliance;
using CapabilityOps.ServiceVisits.Compliance;
using CapabilityOps.Training.Compliance;
using CapabilityOps.Training.Designations;
using CapabilityOps.Talent.Compliance;
using CapabilityOps.Talent.Mentoring;
using MiniExcelLibs;
using System.Text.Json.Nodes;

namespace CapabilityOps.Appraisal.Tests;

/// <summary>
/// On a database of its own (it publishes a rulebook for a past year): every view that shows a target reads it from the
/// rulebook version that applies to the year — the module's own views, compliance and the export alike.
/// </summary>
public class RulebookTargetsTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private readonly ApiFixture _api = new();

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task A_version_with_50_study_hours_from_a_year_shows_50_in_every_view_of_that_year_and_60_before()
    {
        var client = _api.Client();
        var year = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, China).Year - 1;
        var city = await client.Unit();
        var leader = await client.Cadre(city, rank: "Leader", birthDate: "1970-01-01");
        var section = await client.Cadre(city, rank: "SectionLevel", birthDate: "1970-01-01");
        foreach (var y in new[] { year - 1, year })
            for (var day = 1; day <= 11; day++) // 55 hours: enough for 50, not for 60
                await (await client.PostJson($"/api/v1/cadres/{leader}/study-hours",
                    new { hours = 5, studiedOn = $"{y}-03-{day:D2}", channel = "Offline", source = "机关党委", externalId = $"t-{y}-{day}" })).Json(HttpStatusCode.Created);

        var published = await (await client.PostJson("/api/v1/admin/rulebook/versions", new
        {
            name = $"{year}: 50 study hours, 2 trainings, 30 and 20 days",
            effectiveFromYear = year,
            targets = new Dictionary<string, decimal>
            {
                ["LRN-1.hoursPerYear"] = 50, ["LRN-3.trainingsPerYear"] = 2, ["SVC-1.days"] = 30, ["SVC-2.days"] = 20,
            },
        })).Json(HttpStatusCode.Created);
        var version = published["version"]!.GetValue<int>();

        foreach (var (y, v, hours, trainings, leaderDays, sectionDays) in new[] { (year, version, 50, 2, 30, 20), (year - 1, 1, 60, 1, 60, 40) })
        {
            var learning = await client.GetJson($"/api/v1/learning/cadres/{leader}?year={y}");
            (learning["target"]!.GetValue<decimal>(), learning["annualTarget"]!.GetValue<decimal>(), learning["met"]!.GetValue<bool>())
                .ShouldBe((hours, hours, hours == 50), $"learning view {y}");

            var compliance = await client.GetJson($"/api/v1/compliance/cadres/{leader}?year={y}");
            compliance["rulebookVersion"]!.GetValue<int>().ShouldBe(v);
            Check(compliance["checks"]!, "LRN-1")["target"]!.GetValue<decimal>().ShouldBe(hours, $"compliance view {y}");
            Check(compliance["checks"]!, "SVC-1")["target"]!.GetValue<decimal>().ShouldBe(leaderDays, $"compliance view {y}");
            var asOf = Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"));
            Check((await client.GetJson($"/api/v1/compliance/cadres/{leader}?year={y}&asOf={asOf}"))["checks"]!, "LRN-1")["target"]!
                .GetValue<decimal>().ShouldBe(hours, $"compliance view as of now {y}");

            await _api.WaitForReadModel();
            var unit = await client.GetJson($"/api/v1/compliance/units/{city}?year={y}");
            unit["rulebookVersion"]!.GetValue<int>().ShouldBe(v);
            var lrn1 = Check(unit["checks"]!, "LRN-1");
            (lrn1["met"]!.GetValue<int>(), lrn1["total"]!.GetValue<int>()).ShouldBe((hours == 50 ? 1 : 0, 2), $"unit compliance {y}");
            Check(unit["unitChecks"]!, "LRN-3")["target"]!.GetValue<decimal>().ShouldBe(trainings, $"unit compliance {y}");

            var unitLearning = await client.GetJson($"/api/v1/learning/units/{city}?year={y}");
            Check(unitLearning["checks"]!, "LRN-3")["target"]!.GetValue<decimal>().ShouldBe(trainings, $"unit learning {y}");

            var response = await client.GetAsync($"/api/v1/exports/compliance/units/{city}?year={y}");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            using var workbook = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
            var rows = (await workbook.QueryAsync(useHeaderRow: true, sheetName: "干部")).Cast<IDictionary<string, object>>().ToList();
            Convert.ToDecimal(rows.Single(r => (string)r["工号"] == leader)["LRN-1 目标"]).ShouldBe(hours, $"export {y}");
            var summary = (await workbook.QueryAsync(useHeaderRow: true, sheetName: "汇总")).Cast<IDictionary<string, object>>().Single();
            Convert.ToInt32(summary["规则版本"]).ShouldBe(v);
            var unitRows = (await workbook.QueryAsync(useHeaderRow: true, sheetName: "单位指标")).Cast<IDictionary<string, object>>().ToList();
            Convert.ToDecimal(unitRows.Single(r => (string)r["规则"] == "LRN-3")["目标"]).ShouldBe(trainings, $"export {y}");

            var leaderService = await client.GetJson($"/api/v1/service-visits/cadres/{leader}?year={y}");
            (leaderService["rulebookVersion"]!.GetValue<string>(), leaderService["target"]!["grassrootsDays"]!.GetValue<int>()).ShouldBe(($"v{v}", leaderDays));
            var sectionService = await client.GetJson($"/api/v1/service-visits/cadres/{section}?year={y}");
            sectionService["target"]!["grassrootsDays"]!.GetValue<int>().ShouldBe(sectionDays, $"service view {y}");
            Check((await client.GetJson($"/api/v1/compliance/cadres/{section}?year={y}"))["checks"]!, "SVC-2")["target"]!
                .GetValue<decimal>().ShouldBe(sectionDays, $"compliance view {y}");
            (await client.GetJson($"/api/v1/service-visits/units/{city}?year={y}"))["rulebookVersion"]!.GetValue<string>().ShouldBe($"v{v}");
        }

        // ?rulebook= recomputes the module's own views under another version, as it does compliance.
        (await client.GetJson($"/api/v1/learning/cadres/{leader}?year={year}&rulebook=1"))["target"]!.GetValue<decimal>().ShouldBe(60);
        (await client.GetJson($"/api/v1/service-visits/cadres/{leader}?year={year}&rulebook=1"))["target"]!["grassrootsDays"]!.GetValue<int>().ShouldBe(60);
        Check((await client.GetJson($"/api/v1/learning/units/{city}?year={year}&rulebook=1"))["checks"]!, "LRN-3")["target"]!.GetValue<decimal>().ShouldBe(1);
        (await client.GetJson($"/api/v1/service-visits/units/{city}?year={year - 1}&rulebook={version}"))["rulebookVersion"]!.GetValue<string>().ShouldBe($"v{version}");
        await (await client.GetAsync($"/api/v1/learning/cadres/{leader}?year={year}&rulebook=999")).Problem(HttpStatusCode.BadRequest, "rulebook");
        await (await client.GetAsync($"/api/v1/service-visits/units/{city}?year={year}&rulebook=999")).Problem(HttpStatusCode.BadRequest, "rulebook");
    }

    private static JsonNode Check(JsonNode checks, string rule) => checks.AsArray().Single(c => c!["rule"]!.GetValue<string>() == rule)!;
}

/// <summary>Rulebook version 1 is the modules' declared defaults, and a stored version gets the keys declared after it.</summary>
[Collection(ApiCollection.Name)]
public class RulebookDefaultsTests(ApiFixture api)
{
    [Fact]
    public async Task Version_1_holds_every_module_s_declared_targets_and_no_other()
    {
        var declared = new[]
            {
                LearningRules.TargetDefaults, ServiceRules.TargetDefaults, DegreeRule.TargetDefaults, TrainingUnitRules.TargetDefaults,
                DesignationTally.TargetDefaults, RulebookDefaults.AppraisalTargets, CapabilityOps.Discipline.Scoring.DisciplineIndicators.TargetDefaults,
                CareRules.TargetDefaults, MentorshipEndpoints.TargetDefaults,
                InformatizationIndicators.TargetDefaults,
            }
            .SelectMany(d => d).ToDictionary();
        var v1 = (await api.Client().GetJson("/api/v1/rulebook/versions/1"))["targets"]!.AsObject();
        v1.Select(t => t.Key).Order(StringComparer.Ordinal).ShouldBe(declared.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, value) in declared) v1[key]!.GetValue<decimal>().ShouldBe(value, key);
        v1["TRN-1.ageLimit"]!.GetValue<decimal>().ShouldBe(45);
    }

    [Fact]
    public void A_version_stored_before_a_key_was_declared_reads_the_key_s_default_and_keeps_its_own_numbers()
    {
        var defaults = RulebookDefaults.Version1With(LearningRules.TargetDefaults);
        var stored = new RulebookVersion(2, "older", 2021, new Dictionary<string, decimal> { ["LRN-1.hoursPerYear"] = 50, ["RETIRED.key"] = 3 },
            RulebookDefaults.UnitWeights);
        var history = new RulebookHistory { Versions = [new PublishedRulebook(stored, DateTimeOffset.UnixEpoch)] }.WithDefaults(defaults);

        var read = history.Number(2)!;
        read.Target("LRN-1.hoursPerYear").ShouldBe(50);
        read.Target("LRN-4.competitionsPerYear").ShouldBe(1);
        read.Target("grade.excellentShare").ShouldBe(0.15m);
        read.Target("RETIRED.key").ShouldBe(3);
        history.ForYear(2020, defaults).ShouldBe(defaults);
        Should.Throw<KeyNotFoundException>(() => read.Target("LRN-9.unknown"));
        new RulebookHistory().WithDefaults(defaults).Number(1).ShouldBe(defaults);
    }

    [Fact]
    public void A_key_declared_by_two_modules_is_refused()
    {
        Should.Throw<InvalidOperationException>(() => RulebookDefaults.Compose([LearningRules.TargetDefaults, LearningRules.TargetDefaults]))
            .Message.ShouldContain("LRN-1.hoursPerYear");
    }
}
