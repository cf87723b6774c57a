using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Learning.Compliance;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Learning.Views;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;

namespace CapabilityOps.Learning.Tests.Decisions;

public class FoldTests
{
    private const string Key = "cadre:A-1";

    /// <summary>The learning targets of rulebook version 1.</summary>
    private static readonly LearningTargets Targets = LearningRules.TargetsOf(RulebookDefaults.Version1With(LearningRules.TargetDefaults));

    private static CadreLearning Fold(params object[] events) =>
        events.Aggregate((CadreLearning?)null, (state, e) => CadreLearningFold.Apply(state, Key, e))!;

    private static CadreRegistered Registered(string joinedOn = "2010-01-01") =>
        new("A-1", "李娜", "CITY", Rank.Staff, new(1985, 1, 1), EducationLevel.Bachelor, PostCategory.General, true, DateOnly.Parse(joinedOn));

    [Fact]
    public void Hours_add_up_per_year_channel_and_source_and_revocations_take_them_away_once()
    {
        var id = Guid.NewGuid();
        var state = Fold(
            Registered(),
            new StudyHoursLogged(id, "A-1", 8, new(2026, 1, 5), StudyChannel.Offline, "党校", null, null, null),
            new StudyHoursLogged(Guid.NewGuid(), "A-1", 2.5m, new(2026, 2, 5), StudyChannel.Online, "学习强国", null, "x", "k"),
            new StudyHoursLogged(Guid.NewGuid(), "A-1", 1, new(2025, 12, 31), StudyChannel.Online, "学习强国", null, null, null),
            new StudyHoursRevoked(id, "A-1", "重复", 8, new(2026, 1, 5), StudyChannel.Offline, "党校"),
            new StudyHoursRevoked(id, "A-1", "重复", 8, new(2026, 1, 5), StudyChannel.Offline, "党校"));

        var year = CadreLearningFold.Summarize(state, "A-1", 2026, Targets);
        year.Hours.ShouldBe(2.5m);
        year.HoursByChannel[StudyChannel.Offline].ShouldBe(0m);
        year.HoursBySource.ShouldBe(new Dictionary<string, decimal> { ["学习强国"] = 2.5m });
        year.Records.ShouldBe(2);
        year.RevokedRecords.ShouldBe(1);
        year.RevokedHours.ShouldBe(8m);
        CadreLearningFold.Summarize(state, "A-1", 2025, Targets).Hours.ShouldBe(1m);
    }

    [Fact]
    public void A_session_attended_twice_is_credited_once()
    {
        var session = Guid.NewGuid();
        var attended = new LearningSessionAttended(session, "A-1", "CITY", LearningSessionKind.ConcentratedTraining, new(2026, 6, 20), "培训", 6, Guid.NewGuid());
        var year = CadreLearningFold.Summarize(Fold(Registered(), attended, attended), "A-1", 2026, Targets);
        year.Hours.ShouldBe(6m);
        year.SessionHours.ShouldBe(6m);
        year.HoursByChannel[StudyChannel.Offline].ShouldBe(6m);
        year.SessionsAttended[LearningSessionKind.ConcentratedTraining].ShouldBe(1);
    }

    [Theory]
    [InlineData("2010-01-01", 2026, 60, 12, false, true)]
    [InlineData("2026-01-01", 2026, 60, 12, false, true)]
    [InlineData("2026-03-01", 2026, 50, 10, true, true)]
    [InlineData("2026-03-15", 2026, 45, 9, true, true)]
    [InlineData("2026-12-01", 2026, 5, 1, true, true)]
    [InlineData("2026-12-02", 2026, 0, 0, true, false)]
    [InlineData("2027-01-01", 2026, 0, 0, true, false)]
    public void The_target_is_pro_rated_by_whole_months_of_membership(string joinedOn, int year, decimal hours, int months, bool prorated, bool applies)
    {
        var target = CadreLearningFold.TargetFor(DateOnly.Parse(joinedOn), year, 60);
        target.ShouldSatisfyAllConditions(
            t => t.Hours.ShouldBe(hours),
            t => t.Months.ShouldBe(months),
            t => t.Prorated.ShouldBe(prorated),
            t => t.Applies.ShouldBe(applies));
    }

    [Theory]
    [InlineData("2010-01-01", "2026-06-30", null, 2026, 30, 6, true)]
    [InlineData("2010-01-01", "2026-06-29", null, 2026, 25, 5, true)]
    [InlineData("2010-01-01", "2026-01-30", null, 2026, 0, 0, false)]
    [InlineData("2010-01-01", "2025-06-30", null, 2026, 0, 0, false)]
    [InlineData("2026-03-01", "2026-08-31", null, 2026, 30, 6, true)]
    [InlineData("2010-01-01", "2025-03-31", "2026-04-01", 2025, 15, 3, true)]
    [InlineData("2010-01-01", "2025-03-31", "2026-04-01", 2026, 45, 9, true)]
    public void The_target_counts_whole_months_from_joining_and_up_to_leaving(string joinedOn, string leftOn, string? returnedOn, int year,
        decimal hours, int months, bool applies)
    {
        var departures = new List<Departure> { new(DepartureKind.Retired, DateOnly.Parse(leftOn), null, "CITY", returnedOn is null ? null : DateOnly.Parse(returnedOn)) };
        var target = CadreLearningFold.TargetFor(DateOnly.Parse(joinedOn), departures, year, 60);
        target.ShouldSatisfyAllConditions(t => t.Hours.ShouldBe(hours), t => t.Months.ShouldBe(months), t => t.Applies.ShouldBe(applies));
        if (applies) target.Basis.ToString().ShouldContain($"left {leftOn}");
    }

    [Fact]
    public void The_fold_reads_the_departure_so_the_view_of_the_year_of_leaving_is_pro_rated()
    {
        var state = Fold(Registered(), new CadreDeparted("A-1", DepartureKind.Retired, new(2026, 6, 30), "到龄退休", "CITY"),
            new StudyHoursLogged(Guid.NewGuid(), "A-1", 31, new(2026, 3, 1), StudyChannel.Offline, "党校", null, null, null));
        CadreLearningFold.Summarize(state, "A-1", 2026, Targets).ShouldSatisfyAllConditions(
            y => y.Target.ShouldBe(30m), y => y.Met.ShouldBeTrue(), y => y.TargetBasis.ShouldContain("left 2026-06-30"));
        CadreLearningFold.Summarize(state, "A-1", 2027, Targets).Applies.ShouldBeFalse();
    }

    [Fact]
    public void Met_compares_hours_with_the_target_of_the_rules_given()
    {
        var state = Fold(Registered("2026-07-01"), new StudyHoursLogged(Guid.NewGuid(), "A-1", 20, new(2026, 8, 1), StudyChannel.Online, "s", null, null, null));
        CadreLearningFold.Summarize(state, "A-1", 2026, Targets).ShouldSatisfyAllConditions(
            y => y.Target.ShouldBe(30m),
            y => y.Met.ShouldBeFalse(),
            y => y.TargetBasis.ShouldContain("6 whole months"));
        CadreLearningFold.Summarize(state, "A-1", 2026, Targets with { AnnualStudyHours = 40 }).ShouldSatisfyAllConditions(
            y => y.Target.ShouldBe(20m),
            y => y.Met.ShouldBeTrue(),
            y => y.Checks.ShouldHaveSingleItem().ShouldBe(new LearningCheck("LRN-1", 20, 20, true)));
    }

    [Fact]
    public void A_unit_year_counts_its_own_sessions_per_quarter_and_its_groups_members_that_year()
    {
        LearningSessionRecord Session(LearningSessionKind kind, string heldOn, string unit = "CITY") => new()
        {
            Id = Guid.NewGuid().ToString(), SessionId = Guid.NewGuid(), UnitCode = unit, Kind = kind, HeldOn = DateOnly.Parse(heldOn), Topic = "t",
        };
        var sessions = new[]
        {
            Session(LearningSessionKind.CentralGroupStudy, "2026-01-10"), Session(LearningSessionKind.CentralGroupStudy, "2026-04-10"),
            Session(LearningSessionKind.CentralGroupStudy, "2026-07-10"), Session(LearningSessionKind.CentralGroupStudy, "2026-10-10"),
            Session(LearningSessionKind.CentralGroupStudy, "2025-10-10"), Session(LearningSessionKind.CentralGroupStudy, "2026-10-11", "OTHER"),
            Session(LearningSessionKind.ConcentratedTraining, "2026-05-05"),
        };
        var group = new InterestGroupRecord
        {
            GroupId = Guid.NewGuid(), UnitCode = "CITY", Name = "文体小组", Kind = InterestGroupKind.Sports, FormedOn = new(2025, 1, 1),
            Members = [new("A-1", new(2025, 1, 1), new(2025, 12, 31)), new("A-2", new(2026, 2, 1), null), new("A-3", new(2027, 1, 1), null)],
        };
        var year = UnitLearningSummary.Summarize("CITY", 2026, new(2026, 12, 31), sessions, [], [group], Targets);

        year.CentralGroupStudiesByQuarter.ShouldBe([1, 1, 1, 1]);
        year.ConcentratedTrainings.ShouldBe(1);
        year.Checks.Select(c => (c.Rule, c.Met)).ShouldBe([("LRN-2", true), ("LRN-3", true), ("LRN-4", false)]);
        year.InterestGroups.ShouldHaveSingleItem().Members.ShouldBe(["A-2"]);
        year.Sessions.Count.ShouldBe(5);

        // During the year, LRN-2 asks for the quarters that have ended, and a quarter under way once it is met.
        var midYear = UnitLearningSummary.Summarize("CITY", 2026, new(2026, 5, 15), [sessions[1]], [], [], Targets);
        midYear.Checks[0].ShouldBe(new LearningCheck("LRN-2", 2, 1, false));
        UnitLearningSummary.Summarize("CITY", 2026, new(2026, 2, 1), [], [], [], Targets).Checks[0]
            .ShouldBe(new LearningCheck("LRN-2", 0, 0, true));
    }
}
