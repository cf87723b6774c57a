using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Learning.Compliance;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.Learning.Tests.Compliance;

/// <summary>The rule sets the compliance views take from this module (registered by AddLearningCompliance), on real facts.</summary>
[Collection(ApiCollection.Name)]
public class LearningRulesTests(ApiFixture api)
{
    /// <summary>Rulebook version 1 as far as this module's rules read it.</summary>
    private static readonly RulebookVersion Version1 = RulebookDefaults.Version1With(LearningRules.TargetDefaults);

    private IQuerySession Session() => api.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();

    private async Task<IEnumerable<RuleCheck>> CadreChecks(string staffNo, int year, RulebookVersion? rules = null, DateTimeOffset? asOf = null)
    {
        await using var session = Session();
        var key = StreamKeys.Cadre(staffNo);
        var events = asOf is { } t ? await session.Events.FetchStreamAsync(key, timestamp: t.ToUniversalTime()) : await session.Events.FetchStreamAsync(key);
        var cadre = CadreRecordFold.Fold(key, events)!;
        return new LearningRules().Evaluate(new CadreRuleContext(cadre, year, new DateOnly(year, 12, 31), rules ?? Version1), events);
    }

    private async Task<IReadOnlyList<RuleCheck>> UnitChecks(string code, int year, DateTimeOffset? asOf = null)
    {
        await using var session = Session();
        var unit = (await session.LoadAsync<UnitRecord>(StreamKeys.Unit(code)))!;
        return (await new LearningUnitRules().EvaluateAsync(new UnitRuleContext(unit, year, new DateOnly(year, 12, 31), asOf, Version1),
            session, CancellationToken.None)).ToList();
    }

    [Fact]
    public async Task LRN_1_counts_the_year_s_hours_against_the_rulebook_target_with_the_events_as_evidence()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var staffNo = await client.Cadre(unit, joinedOn: "2025-07-01");
        await client.LoggedHours(staffNo, 20, "2025-08-01");
        var revoked = await client.LoggedHours(staffNo, 10, "2025-08-02");
        var beforeRevocation = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours/{revoked}/revocations", new { reason = "录错" })).Json(HttpStatusCode.Created);
        await client.LoggedHours(staffNo, 12, "2025-09-01", "Offline", "党校");

        var check = (await CadreChecks(staffNo, 2025)).ShouldHaveSingleItem();
        check.Rule.ShouldBe("LRN-1");
        check.Target.ShouldBe(30m); // joined on 1 July: 6 whole months of 60 hours a year
        check.Actual.ShouldBe(32m);
        check.Met.ShouldBeTrue();
        check.Note!.ToString().ShouldContain("Pro-rated");
        check.Evidence!.Count.ShouldBe(2);

        (await CadreChecks(staffNo, 2025, asOf: beforeRevocation)).Single().Actual.ShouldBe(30m);
        var stricter = Version1 with { Version = 99, Targets = new Dictionary<string, decimal>(Version1.Targets) { ["LRN-1.hoursPerYear"] = 80 } };
        (await CadreChecks(staffNo, 2025, stricter)).Single().ShouldSatisfyAllConditions(c => c.Target.ShouldBe(40m), c => c.Met.ShouldBeFalse());
        (await CadreChecks(staffNo, 2024)).ShouldBeEmpty();
    }

    [Fact]
    public async Task LRN_2_to_4_are_the_unit_s_own_checks_as_known_at_an_instant()
    {
        var client = api.Client();
        var city = await client.Unit();
        var department = await client.Unit("Department", city);
        foreach (var heldOn in new[] { "2025-01-15", "2025-04-15", "2025-07-15" })
            await (await client.PostJson($"/api/v1/units/{city}/learning-sessions", new { kind = "CentralGroupStudy", heldOn, topic = "生态文明思想" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/units/{city}/learning-sessions", new { kind = "ConcentratedTraining", heldOn = "2025-05-20", topic = "全员培训" })).Json(HttpStatusCode.Created);
        var beforeLast = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        await (await client.PostJson($"/api/v1/units/{city}/learning-sessions", new { kind = "CentralGroupStudy", heldOn = "2025-10-15", topic = "生态文明思想" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/units/{city}/competitions", new { kind = "KnowledgeCompetition", heldOn = "2025-06-30", topic = "知识竞赛" })).Json(HttpStatusCode.Created);

        var checks = await UnitChecks(city, 2025);
        checks.Select(c => (c.Rule, c.Target, c.Actual, c.Met)).ShouldBe([("LRN-2", 4m, 4m, true), ("LRN-3", 1m, 1m, true), ("LRN-4", 1m, 1m, true)]);
        checks[0].Evidence!.Count.ShouldBe(4);

        var then = await UnitChecks(city, 2025, beforeLast);
        then.Select(c => (c.Rule, c.Actual, c.Met)).ShouldBe([("LRN-2", 3m, false), ("LRN-3", 1m, true), ("LRN-4", 0m, false)]);

        // A department has no party group: only LRN-3 is its own rule.
        (await UnitChecks(department, 2025)).Select(c => (c.Rule, c.Met)).ShouldBe([("LRN-3", false)]);
    }
}
