using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.ServiceVisits.Views;

namespace CapabilityOps.ServiceVisits.Tests.Counting;

/// <summary>The pure fold and year summary: which rule, which days, which enterprises — no database.</summary>
public class ServiceYearTests
{
    [Fact]
    public void A_leader_reaches_60_distinct_days_over_overlapping_visits_and_meets_svc1_with_2_enterprises_and_an_article()
    {
        var facts = new Facts().Registered(Rank.Leader)
            .Visit("2025-03-01", "2025-03-20")
            .Visit("2025-03-15", "2025-03-31", VisitKind.Enterprise)
            .Visit("2025-05-01", "2025-05-20")
            .Visit("2025-05-01", "2025-05-20", VisitKind.Enterprise)
            .Assisting("甲公司", "2025-01-10").Assisting("乙公司", "2025-02-01")
            .Article("2025-10-01");
        var before = facts.Year(2025);
        before.Days.ShouldBe(new DayCounts(Rural: 40, Enterprise: 37, Total: 51));
        before.Met.ShouldBe(false);

        var year = facts.Visit("2025-09-01", "2025-09-09").Year(2025);
        year.Rule.ShouldBe("SVC-1");
        year.Rank.ShouldBe(Rank.Leader);
        year.MeasuredOn.ShouldBe(Facts.D("2025-12-31"));
        year.Days.ShouldBe(new DayCounts(49, 37, 60));
        year.Checks.Select(c => (c.Measure, c.Target, c.Actual, c.Met)).ShouldBe(
            [("grassrootsDays", 60, 60, true), ("assistedEnterprises", 2, 2, true), ("researchArticles", 1, 1, true)]);
        year.Met.ShouldBe(true);
        year.OnTrack.ShouldBe(true);
        year.RulebookVersion.ShouldBe("v1");
    }

    [Fact]
    public void A_visit_across_new_year_counts_in_both_years_and_shows_its_share_in_each()
    {
        var facts = new Facts().Registered(Rank.SectionLevel).Visit("2024-12-30", "2025-01-02");
        facts.Year(2024).Days.Total.ShouldBe(2);
        facts.Year(2025).Days.Total.ShouldBe(2);
        var visit = facts.Year(2025).Details.Visits.ShouldHaveSingleItem();
        (visit.Days, visit.DaysInYear).ShouldBe((4, 2));
        facts.Year(2023).Details.Visits.ShouldBeEmpty();
    }

    [Fact]
    public void A_revoked_visit_stops_counting_and_stays_in_the_details_with_its_reason()
    {
        var mistaken = Guid.NewGuid();
        var facts = new Facts().Registered(Rank.Leader).Visit("2025-04-01", "2025-04-10").Visit("2025-06-01", "2025-06-05", id: mistaken);
        facts.Year(2025).Days.Total.ShouldBe(15);

        var year = facts.Revoked(mistaken, "日期填错").Year(2025);
        year.Days.Total.ShouldBe(10);
        var revoked = year.Details.Visits.Single(v => v.Id == mistaken);
        revoked.Revoked.ShouldBeTrue();
        revoked.RevokedReason.ShouldBe("日期填错");
    }

    [Fact]
    public void A_promotion_during_the_year_measures_the_year_against_the_rank_held_at_its_end()
    {
        var facts = new Facts().Registered(Rank.SectionLevel).Visit("2025-03-01", "2025-04-14").Assisting("甲公司", "2025-01-01").Suggestion("2025-05-01");
        var asSection = facts.Year(2025);
        (asSection.Rule, asSection.Rank, asSection.Met).ShouldBe(("SVC-2", Rank.SectionLevel, (bool?)true));
        asSection.Target.ShouldBe(new ServiceTarget("SVC-2", GrassrootsDays: 40, AssistedEnterprises: 1, ResearchArticles: 0, Suggestions: 1));

        facts.RankChanged(Rank.SectionLevel, Rank.Leader, "2025-07-01");
        var asLeader = facts.Year(2025);
        (asLeader.Rule, asLeader.Rank, asLeader.Met).ShouldBe(("SVC-1", Rank.Leader, (bool?)false));
        asLeader.Checks.Where(c => !c.Met).Select(c => c.Measure).ShouldBe(["grassrootsDays", "assistedEnterprises", "researchArticles"]);
        facts.Year(2024).Rule.ShouldBe("SVC-2");

        // In the running year the rank on the view date applies: before the promotion takes effect, still SVC-2.
        facts.Year(2025, viewDate: "2025-06-30").Rule.ShouldBe("SVC-2");
        facts.Year(2025, viewDate: "2025-07-01").Rule.ShouldBe("SVC-1");
    }

    [Fact]
    public void An_assistance_counts_in_each_year_it_ran_and_not_after_it_ended()
    {
        var ended = Guid.NewGuid();
        var facts = new Facts().Registered(Rank.Leader)
            .Assisting("甲公司", "2024-03-01", ended).Assisting("乙公司", "2024-05-01")
            .AssistanceEnded(ended, "甲公司", "2025-06-30");
        facts.Year(2024).ActiveEnterprises.ShouldBe(2);
        var endYear = facts.Year(2025);
        endYear.ActiveEnterprises.ShouldBe(2);
        endYear.Details.Assistances.Single(a => a.Id == ended).ActiveOnMeasuredDate.ShouldBeFalse();
        facts.Year(2026).ActiveEnterprises.ShouldBe(1);
        facts.Year(2023).ActiveEnterprises.ShouldBe(0);
    }

    [Fact]
    public void The_same_enterprise_assisted_twice_in_a_year_is_one_enterprise()
    {
        var first = Guid.NewGuid();
        var facts = new Facts().Registered(Rank.SectionLevel).Assisting("甲公司", "2025-01-01", first)
            .AssistanceEnded(first, "甲公司", "2025-02-01").Assisting(" 甲公司 ", "2025-08-01");
        facts.Year(2025).ActiveEnterprises.ShouldBe(1);
    }

    [Fact]
    public void Revoked_assistances_articles_and_suggestions_are_listed_but_not_counted()
    {
        Guid assistance = Guid.NewGuid(), article = Guid.NewGuid(), suggestion = Guid.NewGuid();
        var facts = new Facts().Registered(Rank.SectionLevel)
            .Assisting("甲公司", "2025-01-01", assistance).Article("2025-03-01", id: article).Suggestion("2025-04-01", id: suggestion);
        var counted = facts.Year(2025);
        (counted.ActiveEnterprises, counted.ResearchArticles, counted.Suggestions).ShouldBe((1, 1, 1));

        var year = facts.AssistanceRevoked(assistance).ArticleRevoked(article).SuggestionRevoked(suggestion, "不是本人").Year(2025);
        (year.ActiveEnterprises, year.ResearchArticles, year.Suggestions).ShouldBe((0, 0, 0));
        year.Details.Assistances.ShouldHaveSingleItem().ShouldSatisfyAllConditions(a => a.Revoked.ShouldBeTrue(), a => a.ActiveOnMeasuredDate.ShouldBeFalse());
        year.Details.Articles.ShouldHaveSingleItem().Revoked.ShouldBeTrue();
        year.Details.Suggestions.ShouldHaveSingleItem().RevokedReason.ShouldBe("不是本人");
    }

    [Fact]
    public void Staff_have_no_rule_and_a_cadre_not_yet_joined_owes_nothing()
    {
        var staff = new Facts().Registered(Rank.Staff).Visit("2025-03-01", "2025-03-02").Year(2025);
        (staff.Rule, staff.Target, staff.Met, staff.OnTrack).ShouldBe((null, null, null, null));
        staff.Checks.ShouldBeEmpty();
        staff.Days.Total.ShouldBe(2);

        new Facts().Registered(Rank.Leader, joinedOn: "2025-03-01").Year(2024).Rule.ShouldBeNull();
    }

    [Fact]
    public void In_the_running_year_on_track_means_the_share_of_the_target_due_so_far()
    {
        // 2026-07-02 is day 183 of 365: 40 × 183 / 365 = 20 days due; 1 × 183 / 365 rounds down to 0.
        var facts = new Facts().Registered(Rank.SectionLevel).Visit("2026-03-01", "2026-03-20").Assisting("甲公司", "2026-01-05");
        var year = facts.Year(2026, viewDate: "2026-07-02");
        year.MeasuredOn.ShouldBe(Facts.D("2026-07-02"));
        year.Checks.Single(c => c.Measure == "grassrootsDays").Due.ShouldBe(20);
        (year.Met, year.OnTrack).ShouldBe(((bool?)false, (bool?)true));
        facts.Year(2026, viewDate: "2026-07-20").OnTrack.ShouldBe(false); // day 201: 22 due
    }

    [Fact]
    public void Articles_and_suggestions_count_in_the_year_they_are_dated()
    {
        var facts = new Facts().Registered(Rank.SectionLevel).Article("2024-12-31").Suggestion("2025-01-01").Suggestion("2025-03-01", "另一条建议");
        (facts.Year(2024).ResearchArticles, facts.Year(2024).Suggestions).ShouldBe((1, 0));
        (facts.Year(2025).ResearchArticles, facts.Year(2025).Suggestions).ShouldBe((0, 2));
    }

    [Fact]
    public void A_unit_counts_its_subtree_s_cadres_in_the_unit_held_at_the_end_of_the_year()
    {
        var moved = new Facts("MOVED").Registered(Rank.Leader, "CITY").Transferred("CITY", "C1", "2025-06-01").Visit("2025-01-01", "2025-03-01");
        var stayed = new Facts("STAYED").Registered(Rank.SectionLevel, "C1").Visit("2025-02-01", "2025-03-12")
            .Assisting("甲公司", "2025-01-01").Suggestion("2025-04-01");
        var staff = new Facts("STAFF").Registered(Rank.Staff, "C1").Visit("2025-02-01", "2025-02-02");
        var late = new Facts("LATE").Registered(Rank.Leader, "C1", joinedOn: "2026-01-05");
        CadreServiceLog[] logs = [moved.Log, stayed.Log, staff.Log, late.Log];

        var county = GetUnitServiceYearEndpoint.Sum("C1", 2025, Facts.D("2026-11-26"), new HashSet<string> { "C1" }, logs, Facts.Rulebook);
        county.Cadres.Select(c => c.StaffNo).ShouldBe(["MOVED", "STAFF", "STAYED"]);
        (county.CadreCount, county.UnderRuleCount, county.MetCount, county.OnTrackCount).ShouldBe((3, 2, 1, 1));
        county.Days.ShouldBe(new DayCounts(60 + 40 + 2, 0, 102));
        county.NotMet.ShouldBe(["MOVED"]);
        county.Rules.ShouldBe([new UnitRuleLine("SVC-1", 1, 0, 0), new UnitRuleLine("SVC-2", 1, 1, 1)]);

        var city = GetUnitServiceYearEndpoint.Sum("CITY", 2024, Facts.D("2026-11-26"), new HashSet<string> { "CITY", "C1" }, logs, Facts.Rulebook);
        city.CadreCount.ShouldBe(3); // LATE joined in 2026
        GetUnitServiceYearEndpoint.Sum("CITY", 2025, Facts.D("2026-11-26"), new HashSet<string> { "CITY" }, logs, Facts.Rulebook)
            .CadreCount.ShouldBe(0); // MOVED belongs to C1 at the end of 2025
    }
}

/// <summary>Membership in the service year: measured up to leaving, the days pro-rated by whole months, nothing in a year not the cadre's.</summary>
public class ServiceYearMembershipTests
{
    [Fact]
    public void A_leader_who_left_on_30_June_is_measured_that_day_against_half_the_days_and_owes_nothing_the_next_year()
    {
        var facts = new Facts().Registered(Rank.Leader, "CITY").Visit("2025-03-01", "2025-03-30").Assisting("甲公司", "2025-01-05")
            .Assisting("乙公司", "2025-01-06").Article("2025-05-01")
            .Add(new CadreDeparted("A-1", DepartureKind.Retired, Facts.D("2025-06-30"), null, "CITY"));

        var year = facts.Year(2025);
        year.MeasuredOn.ShouldBe(Facts.D("2025-06-30"));
        year.UnitCode.ShouldBe("CITY");
        year.Target!.GrassrootsDays.ShouldBe(30); // 60 × 6 / 12
        year.Target.AssistedEnterprises.ShouldBe(2); // counts are not pro-rated
        year.Met.ShouldBe(true);
        year.Checks.ShouldAllBe(c => c.Due == c.Target); // the year closed for them on leaving

        var next = facts.Year(2026);
        (next.Rule, next.Target).ShouldBe((null, null));

        GetUnitServiceYearEndpoint.Sum("CITY", 2025, Facts.D("2026-11-26"), new HashSet<string> { "CITY" }, [facts.Log], Facts.Rulebook)
            .CadreCount.ShouldBe(0);
        GetUnitServiceYearEndpoint.Sum("CITY", 2025, Facts.D("2026-11-26"), new HashSet<string> { "CITY" }, [new Facts("B-1").Registered(Rank.Leader).Log],
            Facts.Rulebook).CadreCount.ShouldBe(1);
    }

    [Fact]
    public void A_cadre_who_returns_is_measured_again_from_the_return_in_the_unit_returned_to()
    {
        var facts = new Facts().Registered(Rank.SectionLevel, "CITY")
            .Add(new CadreDeparted("A-1", DepartureKind.TransferredOut, Facts.D("2024-03-31"), null, "CITY"))
            .Add(new CadreReturned("A-1", Facts.D("2025-07-01"), "RSK"));

        var year = facts.Year(2025);
        year.MeasuredOn.ShouldBe(Facts.D("2025-12-31"));
        year.UnitCode.ShouldBe("RSK");
        year.Target!.GrassrootsDays.ShouldBe(20); // 40 × 6 / 12
        facts.Log.UnitCodes.ShouldBe(["CITY", "RSK"]);
        GetUnitServiceYearEndpoint.Sum("RSK", 2025, Facts.D("2026-11-26"), new HashSet<string> { "RSK" }, [facts.Log], Facts.Rulebook).CadreCount.ShouldBe(1);
    }
}
