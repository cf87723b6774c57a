using System.Text.Json.Nodes;

namespace CapabilityOps.ServiceVisits.Tests.Api;

[Collection(ApiCollection.Name)]
public class ServiceVisitApiTests(ApiFixture api)
{
    [Fact]
    public async Task A_leader_reaches_60_distinct_days_over_several_overlapping_visits()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit(), "Leader");

        (await client.Visit(staffNo, "2025-03-01", "2025-03-20")).Int("days").ShouldBe(20);
        var second = await client.Visit(staffNo, "2025-03-15", "2025-03-31", "Enterprise");
        second.Int("days").ShouldBe(17); // the visit's own days; 6 of them overlap the first
        Guid.TryParse(second.Str("id"), out _).ShouldBeTrue();
        await client.Visit(staffNo, "2025-05-01", "2025-05-20");
        await client.Visit(staffNo, "2025-05-01", "2025-05-20", "Enterprise"); // the same days again
        await client.Assist(staffNo, "巴中甲公司", "2025-01-10");
        await client.Assist(staffNo, "巴中乙公司", "2025-02-01");
        await client.Article(staffNo, "2025-10-08");

        var before = await client.Year(staffNo, 2025);
        before.Int("days.total").ShouldBe(51);
        before["met"]!.GetValue<bool>().ShouldBeFalse();

        await client.Visit(staffNo, "2025-09-01", "2025-09-09");
        var year = await client.Year(staffNo, 2025);
        (year.Int("days.rural"), year.Int("days.enterprise"), year.Int("days.total")).ShouldBe((49, 37, 60));
        year.Str("rule").ShouldBe("SVC-1");
        year.Str("rank").ShouldBe("Leader");
        year.Str("measuredOn").ShouldBe("2025-12-31");
        year.Int("target.grassrootsDays").ShouldBe(60);
        (year.Int("activeEnterprises"), year.Int("researchArticles")).ShouldBe((2, 1));
        year["checks"]!.AsArray().Select(c => c!["met"]!.GetValue<bool>()).ShouldAllBe(met => met);
        year["met"]!.GetValue<bool>().ShouldBeTrue();
        year["details"]!["visits"]!.AsArray().Count.ShouldBe(5);

        // Every fact is in the cadre's one history, with its business dates.
        var history = (await client.GetJson($"/api/v1/cadres/{staffNo}/history")).AsArray();
        history.Select(h => h!["type"]!.GetValue<string>()).Distinct().ShouldBe(
            ["CadreRegistered", "GrassrootsVisitRecorded", "EnterpriseAssistanceStarted", "ResearchArticleRecorded"], ignoreOrder: true);
        history.First(h => h!["type"]!.GetValue<string>() == "GrassrootsVisitRecorded")!["data"]!["from"]!.GetValue<string>().ShouldBe("2025-03-01");
    }

    [Fact]
    public async Task Visits_recorded_in_parallel_for_one_cadre_all_land_and_count_once_per_day()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit(), "Leader");
        var days = Enumerable.Range(0, 12).Select(i => new DateOnly(2025, 6, 1).AddDays(i % 6).ToString("yyyy-MM-dd")).ToList();
        var responses = await Task.WhenAll(days.Select(day => client.PostJson($"/api/v1/cadres/{staffNo}/grassroots-visits",
            new { from = day, to = day, kind = "Rural", place = "某村" })));
        responses.Select(r => r.StatusCode).ShouldAllBe(status => status == HttpStatusCode.Created);

        (await client.HistoryCount(staffNo)).ShouldBe(13);
        (await client.Year(staffNo, 2025)).Int("days.total").ShouldBe(6);
    }

    [Fact]
    public async Task Racing_revocations_of_one_visit_record_one_revocation_and_refuse_the_rest()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit(), "Leader");
        var id = (await client.Visit(staffNo, "2025-06-01", "2025-06-03")).Str("id");
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            client.PostJson($"/api/v1/cadres/{staffNo}/grassroots-visits/{id}/revocations", new { reason = $"第{i}次" })));
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(5);
        (await client.HistoryCount(staffNo)).ShouldBe(3);
    }

    [Fact]
    public async Task A_visit_across_new_year_counts_its_days_in_each_year()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit(), "SectionLevel");
        (await client.Visit(staffNo, "2024-12-30", "2025-01-02")).Int("days").ShouldBe(4);

        (await client.Year(staffNo, 2024)).Int("days.total").ShouldBe(2);
        var year = await client.Year(staffNo, 2025);
        year.Int("days.total").ShouldBe(2);
        var visit = year["details"]!["visits"]!.AsArray().ShouldHaveSingleItem()!;
        (visit.Int("days"), visit.Int("daysInYear")).ShouldBe((4, 2));
    }

    [Fact]
    public async Task A_revoked_visit_stops_counting_and_stays_in_the_history_with_its_reason()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit(), "Leader");
        await client.Visit(staffNo, "2025-04-01", "2025-04-10");
        var mistaken = (await client.Visit(staffNo, "2025-04-05", "2025-04-20")).Str("id");
        (await client.Year(staffNo, 2025)).Int("days.total").ShouldBe(20);

        var revoked = await (await client.PostJson($"/api/v1/cadres/{staffNo}/grassroots-visits/{mistaken}/revocations", new { reason = "日期填错" }))
            .Json(HttpStatusCode.Created);
        revoked.Str("reason").ShouldBe("日期填错");

        var year = await client.Year(staffNo, 2025);
        year.Int("days.total").ShouldBe(10);
        var shown = year["details"]!["visits"]!.AsArray().Single(v => v!.Str("id") == mistaken)!;
        shown["revoked"]!.GetValue<bool>().ShouldBeTrue();
        shown.Str("revokedReason").ShouldBe("日期填错");
        var history = (await client.GetJson($"/api/v1/cadres/{staffNo}/history")).AsArray();
        history[^1]!["type"]!.GetValue<string>().ShouldBe("GrassrootsVisitRevoked");
        history[^1]!["data"]!["reason"]!.GetValue<string>().ShouldBe("日期填错");

        await (await client.PostJson($"/api/v1/cadres/{staffNo}/grassroots-visits/{mistaken}/revocations", new { reason = "again" }))
            .Problem(HttpStatusCode.Conflict);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/grassroots-visits/{Guid.NewGuid()}/revocations", new { reason = "x" }))
            .Problem(HttpStatusCode.NotFound);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/grassroots-visits/{mistaken}/revocations", new { reason = " " }))
            .Problem(HttpStatusCode.BadRequest, "reason");
        (await client.HistoryCount(staffNo)).ShouldBe(4);
    }

    [Fact]
    public async Task A_promotion_during_the_year_switches_svc2_to_svc1_and_as_of_shows_the_year_as_known_before_it()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit(), "SectionLevel");
        await client.Visit(staffNo, "2025-03-01", "2025-04-14");
        await client.Assist(staffNo, "巴中甲公司", "2025-01-01");
        await client.Suggestion(staffNo, "2025-05-01");

        var asSection = await client.Year(staffNo, 2025);
        (asSection.Str("rule"), asSection.Str("rank"), asSection.Int("target.grassrootsDays")).ShouldBe(("SVC-2", "SectionLevel", 40));
        (asSection.Int("days.total"), asSection.Int("suggestions")).ShouldBe((45, 1));
        asSection["met"]!.GetValue<bool>().ShouldBeTrue();

        await Task.Delay(20);
        var beforePromotion = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz");
        await Task.Delay(20);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/rank-changes", new { rank = "Leader", effectiveOn = "2025-07-01" }))
            .Json(HttpStatusCode.Created);

        var asLeader = await client.Year(staffNo, 2025);
        (asLeader.Str("rule"), asLeader.Str("rank"), asLeader.Int("target.grassrootsDays")).ShouldBe(("SVC-1", "Leader", 60));
        asLeader["met"]!.GetValue<bool>().ShouldBeFalse();
        asLeader["checks"]!.AsArray().Where(c => !c!["met"]!.GetValue<bool>()).Select(c => c!.Str("measure"))
            .ShouldBe(["grassrootsDays", "assistedEnterprises", "researchArticles"]);
        (await client.Year(staffNo, 2024)).Str("rule").ShouldBe("SVC-2");

        var known = await client.Year(staffNo, 2025, asOf: beforePromotion);
        (known.Str("rule"), known.Str("rank")).ShouldBe(("SVC-2", "SectionLevel"));
        known["met"]!.GetValue<bool>().ShouldBeTrue();
        await (await client.GetAsync($"/api/v1/service-visits/cadres/{staffNo}?year=2025&asOf=2001-01-01T00:00:00%2B08:00"))
            .Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_enterprise_assistance_ended_mid_year_counts_for_that_year_and_not_the_next()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit(), "Leader");
        var first = await client.Assist(staffNo, "巴中甲公司", "2024-03-01");
        await client.Assist(staffNo, "巴中乙公司", "2024-05-01");
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/assisted-enterprises", new { enterprise = " 巴中甲公司 ", since = "2025-01-01" }))
            .Problem(HttpStatusCode.Conflict);

        var ended = await (await client.PostJson($"/api/v1/cadres/{staffNo}/assisted-enterprises/{first}/end",
            new { endedOn = "2025-06-30", reason = "帮扶任务完成" })).Json(HttpStatusCode.Created);
        (ended.Str("enterprise"), ended.Str("since"), ended.Str("endedOn")).ShouldBe(("巴中甲公司", "2024-03-01", "2025-06-30"));

        var endYear = await client.Year(staffNo, 2025);
        endYear.Int("activeEnterprises").ShouldBe(2);
        endYear["checks"]!.AsArray().Single(c => c!.Str("measure") == "assistedEnterprises")!["met"]!.GetValue<bool>().ShouldBeTrue();
        var shown = endYear["details"]!["assistances"]!.AsArray().Single(a => a!.Str("id") == first)!;
        (shown.Str("endedOn"), shown["activeOnMeasuredDate"]!.GetValue<bool>()).ShouldBe(("2025-06-30", false));

        var nextYear = await client.Year(staffNo, 2026);
        nextYear.Int("activeEnterprises").ShouldBe(1);
        nextYear["checks"]!.AsArray().Single(c => c!.Str("measure") == "assistedEnterprises")!["met"]!.GetValue<bool>().ShouldBeFalse();

        await (await client.PostJson($"/api/v1/cadres/{staffNo}/assisted-enterprises/{first}/end", new { endedOn = "2025-07-30" }))
            .Problem(HttpStatusCode.Conflict);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/assisted-enterprises/{Guid.NewGuid()}/end", new { endedOn = "2025-07-30" }))
            .Problem(HttpStatusCode.NotFound);
        // Assisting the same enterprise again after the first assistance ended is a new assistance.
        await client.Assist(staffNo, "巴中甲公司", "2025-09-01");
        (await client.Year(staffNo, 2026)).Int("activeEnterprises").ShouldBe(2);
    }

    [Fact]
    public async Task Articles_and_suggestions_are_recorded_once_and_counted_in_their_year()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit(), "SectionLevel");
        var article = await (await client.PostJson($"/api/v1/cadres/{staffNo}/research-articles", new { title = "县域水环境治理调研", completedOn = "2025-11-03" }))
            .Json(HttpStatusCode.Created);
        Guid.TryParse(article.Str("id"), out _).ShouldBeTrue();
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/research-articles", new { title = "县域水环境治理调研", completedOn = "2025-11-03" }))
            .Problem(HttpStatusCode.Conflict);
        await client.Suggestion(staffNo, "2025-12-01");
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/improvement-suggestions",
            new { title = "关于企业VOCs治理的建议", madeOn = "2025-12-01", suggestions = "同一条" })).Problem(HttpStatusCode.Conflict);

        var year = await client.Year(staffNo, 2025);
        (year.Int("researchArticles"), year.Int("suggestions")).ShouldBe((1, 1));
        year["details"]!["articles"]![0]!.Str("title").ShouldBe("县域水环境治理调研");
        year["details"]!["suggestions"]![0]!.Str("addressedTo").ShouldBe("巴中某某水泥有限公司");
        (await client.HistoryCount(staffNo)).ShouldBe(3);

        var revoked = await (await client.PostJson($"/api/v1/cadres/{staffNo}/research-articles/{article.Str("id")}/revocations", new { reason = "重复录入" }))
            .Json(HttpStatusCode.Created);
        revoked.Str("reason").ShouldBe("重复录入");
        var after = await client.Year(staffNo, 2025);
        after.Int("researchArticles").ShouldBe(0);
        after["details"]!["articles"]![0]!["revoked"]!.GetValue<bool>().ShouldBeTrue();
        (await client.GetJson($"/api/v1/cadres/{staffNo}/history")).AsArray()[^1]!["type"]!.GetValue<string>().ShouldBe("ResearchArticleRevoked");
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/research-articles/{article.Str("id")}/revocations", new { reason = "again" }))
            .Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_assistance_or_suggestions_recorded_by_mistake_are_revoked_and_count_in_no_year()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit(), "SectionLevel");
        var assistance = await client.Assist(staffNo, "录错的企业", "2025-01-01");
        var suggestion = (await (await client.PostJson($"/api/v1/cadres/{staffNo}/improvement-suggestions",
            new { title = "建议", madeOn = "2025-02-01", suggestions = "加强巡查" })).Json(HttpStatusCode.Created)).Str("id");

        await (await client.PostJson($"/api/v1/cadres/{staffNo}/assisted-enterprises/{assistance}/revocations", new { reason = "录错企业" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/improvement-suggestions/{suggestion}/revocations", new { reason = "不是本人" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/improvement-suggestions/{suggestion}/revocations", new { })).Problem(HttpStatusCode.BadRequest, "reason");

        var year = await client.Year(staffNo, 2025);
        (year.Int("activeEnterprises"), year.Int("suggestions")).ShouldBe((0, 0));
        (await client.Year(staffNo, 2026)).Int("activeEnterprises").ShouldBe(0);
        (await client.HistoryCount(staffNo)).ShouldBe(5);
    }

    [Fact]
    public async Task A_unit_sums_its_subtree_counting_each_cadre_where_it_was_at_the_end_of_the_year()
    {
        var client = api.Client();
        var city = await client.Unit();
        var county = await client.Unit("CountyBureau", city);
        var office = await client.Unit("Department", county);

        var leader = await client.Cadre(city, "Leader");
        await client.Visit(leader, "2025-01-01", "2025-03-01"); // 60 days, but no enterprises or article
        await (await client.PostJson($"/api/v1/cadres/{leader}/transfers", new { toUnitCode = office, effectiveOn = "2025-06-01" })).Json(HttpStatusCode.Created);

        var section = await client.Cadre(county, "SectionLevel");
        await client.Visit(section, "2025-02-01", "2025-03-12", "Enterprise");
        await client.Assist(section, "巴中甲公司", "2025-01-01");
        await client.Suggestion(section, "2025-04-01");

        var staff = await client.Cadre(city, "Staff");
        await client.Visit(staff, "2025-02-01", "2025-02-02");

        var countyYear = await client.UnitYear(county, 2025);
        (countyYear.Int("cadreCount"), countyYear.Int("underRuleCount"), countyYear.Int("metCount"), countyYear.Int("onTrackCount")).ShouldBe((2, 2, 1, 1));
        (countyYear.Int("days.rural"), countyYear.Int("days.enterprise"), countyYear.Int("days.total")).ShouldBe((60, 40, 100));
        (countyYear.Int("activeEnterprises"), countyYear.Int("suggestions")).ShouldBe((1, 1));
        countyYear["notMet"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe([leader]);
        countyYear["cadres"]!.AsArray().Single(c => c!.Str("staffNo") == leader)!.Str("unitCode").ShouldBe(office);

        (await client.UnitYear(office, 2025)).Int("cadreCount").ShouldBe(1);
        var cityYear = await client.UnitYear(city, 2025);
        (cityYear.Int("cadreCount"), cityYear.Int("underRuleCount"), cityYear.Int("days.total")).ShouldBe((3, 2, 102));
        // In 2024 the leader still belonged to the city bureau, so the county had only the section-level cadre.
        (await client.UnitYear(county, 2024)).Int("cadreCount").ShouldBe(1);

        await (await client.GetAsync("/api/v1/service-visits/units/NO-SUCH?year=2025")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_current_year_is_measured_today_and_is_the_default()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit(), "Leader");
        var today = CapabilityOps.SharedKernel.ChinaTime.Today(TimeProvider.System);
        await client.Visit(staffNo, today.AddDays(-2).ToString("yyyy-MM-dd"), today.ToString("yyyy-MM-dd"));

        var year = await client.GetJson($"/api/v1/service-visits/cadres/{staffNo}");
        year.Int("year").ShouldBe(today.Year);
        year.Str("measuredOn").ShouldBe(today.ToString("yyyy-MM-dd"));
        year.Int("days.total").ShouldBe(today.DayOfYear >= 3 ? 3 : today.DayOfYear);
        year["onTrack"].ShouldNotBeNull();
    }
}
