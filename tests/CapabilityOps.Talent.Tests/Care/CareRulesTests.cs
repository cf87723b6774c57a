using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.Talent.Care;
using CapabilityOps.Talent.Compliance;
using CapabilityOps.Talent.Contracts.Events;
using JasperFx.Events;

namespace CapabilityOps.Talent.Tests.Care;

/// <summary>Pure: the care rules on a cadre's events, the festival days, and the visit's own rule.</summary>
public class CareRulesTests
{
    private static readonly CadreRecord Cadre = new()
    {
        Id = "cadre:C-1", StaffNo = "C-1", JoinedOn = new DateOnly(2010, 1, 1), Units = [new("U-1", new DateOnly(2010, 1, 1))],
        Ranks = [new(Rank.Staff, new DateOnly(2010, 1, 1))], Educations = [new(EducationLevel.Bachelor, new DateOnly(2010, 1, 1))],
    };

    private static IEvent E(object data) => new Event<object>(data) { Id = Guid.NewGuid() };

    [Fact]
    public void A_talk_and_a_check_of_the_year_up_to_the_view_date_meet_CARE_1_and_CARE_3_under_the_rulebook_s_targets()
    {
        var talk = E(new HeartToHeartTalkHeld("C-1", new DateOnly(2025, 3, 1), "书记"));
        IEvent[] events = [talk, E(new HeartToHeartTalkHeld("C-1", new DateOnly(2024, 3, 1), "书记")), E(new HealthCheckRecorded("C-1", new DateOnly(2025, 7, 1)))];

        var midYear = new CareRules().Evaluate(new CadreRuleContext(Cadre, 2025, new DateOnly(2025, 6, 30), RulebookDefaults.Version1With(CareRules.TargetDefaults)), events).ToList();
        midYear.Select(c => (c.Rule, c.Actual, c.Met)).ShouldBe([("CARE-1", 1m, true), ("CARE-3", 0m, false)]);
        midYear[0].Evidence.ShouldBe([talk.Id]);

        var twoTalks = RulebookDefaults.Version1With(new Dictionary<string, decimal> { ["CARE-1.talksPerYear"] = 2, ["CARE-3.healthChecksPerYear"] = 1 });
        var yearEnd = new CareRules().Evaluate(new CadreRuleContext(Cadre, 2025, new DateOnly(2025, 12, 31), twoTalks), events).ToList();
        yearEnd.Select(c => (c.Rule, c.Target, c.Met)).ShouldBe([("CARE-1", 2m, false), ("CARE-3", 1m, true)]);
    }

    [Theory]
    [InlineData(CareFestival.SpringFestival, 2025, "2025-01-29")]
    [InlineData(CareFestival.SpringFestival, 2026, "2026-02-17")]
    [InlineData(CareFestival.ArmyDay, 2026, "2026-08-01")]
    [InlineData(CareFestival.DoubleNinth, 2025, "2025-10-29")] // a leap sixth month that year
    [InlineData(CareFestival.DoubleNinth, 2026, "2026-10-18")]
    [InlineData(CareFestival.DoubleNinth, 2023, "2023-10-23")] // a leap second month that year
    public void Festival_days_follow_the_lunar_calendar(CareFestival festival, int year, string day) =>
        Festivals.DayOf(festival, year).ShouldBe(DateOnly.Parse(day));

    [Fact]
    public void A_visit_needs_a_care_flag_on_its_day_and_a_retired_cadre_may_be_visited_after_leaving()
    {
        var visit = new RecordHolidayVisit(CareFestival.SpringFestival, 2026, new DateOnly(2026, 2, 10), "工会");
        var today = new DateOnly(2026, 3, 1);
        RecordHolidayVisitEndpoint.Decide(visit, Cadre, today).Problem!.Errors!.Keys.ShouldBe(["visitedOn"]);

        var retired = Cadre.Clone();
        retired.Departures.Add(new Departure(DepartureKind.Retired, new DateOnly(2025, 12, 31), null, "U-1"));
        RecordHolidayVisitEndpoint.Decide(visit, retired, today).Events.Single().ShouldBeOfType<HolidayVisitPaid>().Festival.ShouldBe(CareFestival.SpringFestival);

        var flagged = Cadre.Clone();
        flagged.CareFlagHistory.Add(new(new CareFlags { Hardship = true }, new DateOnly(2026, 2, 11)));
        RecordHolidayVisitEndpoint.Decide(visit, flagged, today).Problem.ShouldNotBeNull(); // flagged only from the day after
    }
}
