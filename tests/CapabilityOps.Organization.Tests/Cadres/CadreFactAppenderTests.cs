using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.Organization.Tests.Cadres;

/// <summary>The one cadre-fact appender: the business-date checks every module shares, pure, and the appender's behaviour through several modules' routes.</summary>
public class CadreFactDateTests
{
    private static readonly DateOnly Joined = new(2010, 3, 1);
    private static readonly DateOnly Today = new(2026, 11, 25);

    [Theory]
    [InlineData("2026-11-26", "must not be in the future.")]
    [InlineData("2010-02-28", "must not be before the cadre joined (2010-03-01).")]
    [InlineData("2010-03-01", null)]
    [InlineData("2026-11-25", null)]
    public void A_day_while_cadre_is_neither_in_the_future_nor_before_joining_and_the_problem_names_the_field(string day, string? reason)
    {
        var problem = FactDate.WhileCadre("heldOn", DateOnly.Parse(day)).Check(Joined, Today);
        if (reason is null) problem.ShouldBeNull();
        else problem!.Errors!["heldOn"].Select(t => t.ToString()).ShouldBe([$"'heldOn' {reason}"]);
    }

    [Fact]
    public void A_day_that_may_precede_joining_is_only_refused_in_the_future()
    {
        FactDate.NotInFuture("awardedOn", new(2001, 7, 1)).Check(Joined, Today).ShouldBeNull();
        FactDate.NotInFuture("awardedOn", Today.AddDays(1)).Check(Joined, Today)!.Errors!.Keys.ShouldBe(["awardedOn"]);
    }

    [Theory]
    [InlineData(2009, false)]
    [InlineData(2010, true)]
    [InlineData(2026, true)]
    [InlineData(2027, false)]
    public void A_year_while_cadre_runs_from_the_year_joined_to_this_year(int year, bool valid)
    {
        var problem = FactDate.YearWhileCadre("year", year).Check(Joined, Today);
        if (valid) problem.ShouldBeNull();
        else problem!.Detail.ToString().ShouldBe("'year' must be from the year the cadre joined (2010) to 2026.");
    }

    [Fact]
    public void A_fact_is_decided_by_its_rule_only_once_every_date_holds_and_the_first_failing_date_is_named()
    {
        var cadre = CadreRecordFold.Apply(null, "cadre:A-1",
            new CadreRegistered("A-1", "李娜", "CITY", Rank.Staff, new(1985, 1, 1), EducationLevel.Bachelor, PostCategory.General, true, Joined))!;
        var ruled = 0;
        Decision Rule(CadreRecord _)
        {
            ruled++;
            return Decision.Accept("fact");
        }

        new CadreFact<CadreRecord>([FactDate.WhileCadre("to", Today.AddDays(1)), FactDate.WhileCadre("from", new(2009, 1, 1))], Rule)
            .Decide(cadre, Today).Problem!.Errors!.Keys.ShouldBe(["to"]);
        new CadreFact<CadreRecord>([FactDate.WhileCadre("to", Today), FactDate.WhileCadre("from", new(2009, 1, 1))], Rule)
            .Decide(cadre, Today).Problem!.Errors!.Keys.ShouldBe(["from"]);
        ruled.ShouldBe(0);
        new CadreFact<CadreRecord>([FactDate.WhileCadre("to", Today)], Rule).Decide(cadre, Today).Events.ShouldBe(["fact"]);
        new CadreFact<CadreRecord>(Rule).Decide(cadre, Today).Accepted.ShouldBeTrue();
        ruled.ShouldBe(2);
    }
}

[Collection(ApiCollection.Name)]
public class CadreFactAppenderApiTests(ApiFixture api)
{
    [Fact]
    public async Task Concurrent_facts_from_several_modules_about_one_cadre_queue_and_all_land_stamped()
    {
        var client = api.Client("hr-system");
        var unit = await client.Unit();
        var staffNo = await client.Cadre(unit, joinedOn: "2012-01-01");

        var requests = Enumerable.Range(0, 6).SelectMany(i => new[]
        {
            client.PostJson($"/api/v1/cadres/{staffNo}/titles",
                new { kind = "PostExpert", level = "Municipal", title = $"岗位能手{i}", conferredOn = $"2020-0{i + 1}-01" }),
            client.PostJson($"/api/v1/cadres/{staffNo}/research-articles", new { title = $"调研{i}", completedOn = $"2021-0{i + 1}-01" }),
            client.PostJson($"/api/v1/cadres/{staffNo}/education", new { level = "Master", awardedOn = $"2022-0{i + 1}-01" }),
        });
        var responses = await Task.WhenAll(requests);

        responses.Select(r => r.StatusCode).ShouldAllBe(s => s == HttpStatusCode.Created);
        var history = (await client.GetJson($"/api/v1/cadres/{staffNo}/history")).AsArray();
        history.Select(h => h!["version"]!.GetValue<long>()).ShouldBe(Enumerable.Range(1, 19).Select(v => (long)v));
        history.Skip(1).ShouldAllBe(h => h!["source"]!.GetValue<string>() == "hr-system" && h["recordedBy"]!.GetValue<string>().Length > 0
                                         && h["correlationId"]!.GetValue<string>().Length > 0);
    }

    [Theory]
    [InlineData("/titles", """{ "kind": "PostExpert", "level": "Municipal", "title": "岗位能手", "conferredOn": "2020-01-01" }""")]
    [InlineData("/sanctions", """{ "severity": "Warning", "imposedOn": "2020-01-01", "violation": "违反工作纪律" }""")]
    [InlineData("/assessments", """{ "year": 2020, "morality": 90, "ability": 90, "diligence": 90, "achievement": 90, "integrity": 90 }""")]
    [InlineData("/grassroots-visits", """{ "from": "2020-01-01", "to": "2020-01-02", "kind": "Rural", "place": "某村" }""")]
    [InlineData("/rank-changes", """{ "rank": "Leader", "effectiveOn": "2020-01-01" }""")]
    public async Task Every_module_answers_an_unknown_cadre_alike(string route, string body)
    {
        var staffNo = Ids.Next("NO");
        var problem = await (await api.Client().PostRaw($"/api/v1/cadres/{staffNo}{route}", body)).Problem(HttpStatusCode.NotFound);
        problem["detail"]!.GetValue<string>().ShouldBe($"There is no cadre with staff number '{staffNo}'.");
    }

    [Theory]
    [InlineData("/titles", """{ "kind": "PostExpert", "level": "Municipal", "title": "岗位能手", "conferredOn": "2009-12-31" }""", "conferredOn")]
    [InlineData("/sanctions", """{ "severity": "Warning", "imposedOn": "2009-12-31", "violation": "违反工作纪律" }""", "imposedOn")]
    [InlineData("/assessments", """{ "year": 2009, "morality": 90, "ability": 90, "diligence": 90, "achievement": 90, "integrity": 90 }""", "year")]
    [InlineData("/improvement-suggestions", """{ "title": "建议", "madeOn": "2009-12-31", "suggestions": "加强巡查" }""", "madeOn")]
    [InlineData("/transfers", """{ "toUnitCode": "{unit}", "effectiveOn": "2009-12-31" }""", "effectiveOn")]
    public async Task Every_module_refuses_a_fact_dated_before_the_cadre_joined_naming_the_field(string route, string body, string field)
    {
        var client = api.Client();
        var unit = await client.Unit();
        var staffNo = await client.Cadre(unit, joinedOn: "2010-01-01");
        await (await client.PostRaw($"/api/v1/cadres/{staffNo}{route}", body.Replace("{unit}", unit))).Problem(HttpStatusCode.BadRequest, field);
        (await client.GetJson($"/api/v1/cadres/{staffNo}/history")).AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_session_without_the_request_s_recording_cannot_append_a_cadre_fact()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());
        await using var session = api.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession();

        await Should.ThrowAsync<InvalidOperationException>(() => session.AppendCadreFactAsync(staffNo, TimeProvider.System,
            new CadreFact<CadreRecord>(cadre => Decision.Accept(new CadreRankChanged(cadre.StaffNo, cadre.Rank, Rank.Leader, new(2020, 1, 1)))),
            _ => Microsoft.AspNetCore.Http.Results.Ok()));
    }
}
