using CapabilityOps.Learning.Competitions;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Learning.InterestGroups;
using CapabilityOps.Learning.Sessions;
using CapabilityOps.Learning.StudyHours;
using CapabilityOps.Organization.Contracts;

namespace CapabilityOps.Learning.Tests.Decisions;

public class SessionDecideTests
{
    private static readonly Guid SessionId = Guid.Parse("0190f5a0-0000-7000-8000-0000000000aa");
    private static readonly Dictionary<string, CadreRecord> Cadres = new()
    {
        ["A-1"] = Given.Cadre("A-1"), ["A-2"] = Given.Cadre("A-2"), ["LATE"] = Given.Cadre("LATE", joinedOn: "2026-10-01"),
    };

    private static RecordLearningSession Training(decimal? hours = 6, params string[] attendees) =>
        new(LearningSessionKind.ConcentratedTraining, new(2026, 6, 20), "全员培训", hours, null, null, true, attendees);

    private static Func<string, StudyDayState> Days(decimal hoursOnDay = 0, params string[] credited) =>
        s => Given.Day(Cadres.GetValueOrDefault(s), hoursOnDay, credited.Contains(s));

    [Fact]
    public void A_session_with_hours_credits_each_attendee_once_under_a_stable_record_id()
    {
        var decision = RecordLearningSessionEndpoint.Decide("CITY", Training(6, "A-1", "A-2", "A-1"), Given.Unit(), SessionId, Days(), Given.Today);
        decision.Events[0].ShouldBe(new LearningSessionRecorded(SessionId, "CITY", LearningSessionKind.ConcentratedTraining, new(2026, 6, 20), "全员培训", 6, null, null, true));
        decision.Events[1].ShouldBeOfType<LearningSessionAttendanceRecorded>().StaffNos.ShouldBe(["A-1", "A-2"]);
        var attended = decision.Events.OfType<LearningSessionAttended>().ToList();
        attended.Select(a => a.StaffNo).ShouldBe(["A-1", "A-2"]);
        attended.ShouldAllBe(a => a.CreditedHours == 6);
        attended[0].CreditRecordId.ShouldBe(StudyHoursKeys.SessionCreditRecordId(SessionId, "A-1"));
    }

    [Fact]
    public void Attendance_recorded_again_adds_only_newcomers_and_a_taken_credit_is_not_made_again()
    {
        var session = LearningSessionProjection.Apply(null, "s", new LearningSessionRecorded(SessionId, "CITY", LearningSessionKind.ConcentratedTraining,
            new(2026, 6, 20), "全员培训", 6, null, null, false))!;
        session.Attendees.Add("A-1");

        SessionAttendance.Decide(session, ["A-1"], Days()).Events.ShouldBeEmpty();
        var decision = SessionAttendance.Decide(session, ["A-1", "A-2"], Days(0, "A-2"));
        decision.Events.OfType<LearningSessionAttended>().ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            a => a.StaffNo.ShouldBe("A-2"),
            a => a.CreditedHours.ShouldBe(0),
            a => a.CreditRecordId.ShouldBeNull());
    }

    [Fact]
    public void Attendees_must_exist_have_joined_and_stay_within_24_hours()
    {
        RecordLearningSessionEndpoint.Decide("CITY", Training(6, "NOBODY"), Given.Unit(), SessionId, Days(), Given.Today).Problem!.Errors!.ShouldContainKey("attendees");
        RecordLearningSessionEndpoint.Decide("CITY", Training(6, "LATE"), Given.Unit(), SessionId, Days(), Given.Today).Problem!.Errors!.ShouldContainKey("attendees");
        RecordLearningSessionEndpoint.Decide("CITY", Training(6, "A-1"), Given.Unit(), SessionId, Days(18.5m), Given.Today).Problem!.Errors!.ShouldContainKey("attendees");
        RecordLearningSessionEndpoint.Decide("CITY", Training(null, "A-1"), Given.Unit(), SessionId, Days(24), Given.Today).Accepted.ShouldBeTrue();
    }

    [Fact]
    public void A_session_needs_its_unit_and_a_day_not_in_the_future()
    {
        RecordLearningSessionEndpoint.Decide("NOPE", Training(), null, SessionId, Days(), Given.Today).Problem!.Status.ShouldBe(404);
        RecordLearningSessionEndpoint.Decide("CITY", Training() with { HeldOn = Given.Today.AddDays(1) }, Given.Unit(), SessionId, Days(), Given.Today)
            .Problem!.Errors!.ShouldContainKey("heldOn");
    }

    [Fact]
    public void Session_kinds_carry_their_format_or_festival()
    {
        var validator = new RecordLearningSessionValidator();
        validator.Validate(new RecordLearningSession(LearningSessionKind.LearningCorner, new(2026, 1, 1), "t", null, null, null, null, null)).IsValid.ShouldBeFalse();
        validator.Validate(new RecordLearningSession(LearningSessionKind.LearningCorner, new(2026, 1, 1), "t", null, LearningCornerFormat.Ask, null, null, null)).IsValid.ShouldBeTrue();
        validator.Validate(new RecordLearningSession(LearningSessionKind.RedEducation, new(2026, 1, 1), "t", null, LearningCornerFormat.Ask, null, null, null)).IsValid.ShouldBeFalse();
        validator.Validate(new RecordLearningSession(LearningSessionKind.FestivalActivity, new(2026, 3, 8), "t", null, null, Festival.WomensDay, null, null)).IsValid.ShouldBeTrue();
        validator.Validate(new RecordLearningSession(LearningSessionKind.FestivalActivity, new(2026, 3, 8), "t", null, null, null, null, null)).IsValid.ShouldBeFalse();
    }

    [Fact]
    public void Competition_participants_enter_once_and_later_results_are_recorded_once()
    {
        var id = Guid.NewGuid();
        var decision = RecordCompetitionEndpoint.Decide("CITY",
            new RecordCompetition(CompetitionKind.KnowledgeCompetition, new(2026, 6, 30), "知识竞赛", [new("A-1", "一等奖", 98), new("A-2", null, null)]),
            Given.Unit(), id, Cadres.GetValueOrDefault, Given.Today);
        decision.Events.OfType<CompetitionEntered>().Select(e => (e.StaffNo, e.Award)).ShouldBe([("A-1", "一等奖"), ("A-2", null)]);

        var record = decision.Events.Aggregate((CompetitionRecord?)null, (r, e) => CompetitionProjection.Apply(r, "c", e))!;
        var result = CompetitionParticipants.Decide(record, [new("A-2", "二等奖", 90), new("A-1", null, null)], Cadres.GetValueOrDefault);
        result.Events.OfType<CompetitionResultRecorded>().ShouldHaveSingleItem().ShouldBe(new CompetitionResultRecorded(id, "A-2", "二等奖", 90));
        result.Events.OfType<CompetitionEntered>().ShouldBeEmpty();

        var after = result.Events.Aggregate(record, (r, e) => CompetitionProjection.Apply(r, "c", e)!);
        CompetitionParticipants.Decide(after, [new("A-2", "二等奖", 90)], Cadres.GetValueOrDefault).Events.ShouldBeEmpty();
        CompetitionParticipants.Decide(after, [new("LATE", null, null)], Cadres.GetValueOrDefault).Problem!.Errors!.ShouldContainKey("participants");
    }

    [Fact]
    public void Interest_group_members_join_once_and_leave_after_joining()
    {
        var id = Guid.NewGuid();
        var formed = FormInterestGroupEndpoint.Decide("CITY", new FormInterestGroup("科研小组", InterestGroupKind.Research, new(2026, 3, 1), ["A-1"]),
            Given.Unit(), id, Cadres.GetValueOrDefault, Given.Today);
        formed.Events.OfType<InterestGroupJoined>().ShouldHaveSingleItem().StaffNo.ShouldBe("A-1");
        var group = formed.Events.Aggregate((InterestGroupRecord?)null, (g, e) => InterestGroupProjection.Apply(g, "g", e))!;

        JoinInterestGroupEndpoint.Decide(group, new JoinInterestGroup(["A-1"], new(2026, 4, 1)), Cadres.GetValueOrDefault, Given.Today).Events.ShouldBeEmpty();
        JoinInterestGroupEndpoint.Decide(group, new JoinInterestGroup(["A-2"], new(2026, 2, 1)), Cadres.GetValueOrDefault, Given.Today).Problem!.Errors!.ShouldContainKey("joinedOn");
        JoinInterestGroupEndpoint.Decide(group, new JoinInterestGroup(["LATE"], new(2026, 4, 1)), Cadres.GetValueOrDefault, Given.Today).Problem!.Errors!.ShouldContainKey("members");

        LeaveInterestGroupEndpoint.Decide(group, new LeaveInterestGroup("A-1", new(2026, 2, 1)), Given.Today).Problem!.Errors!.ShouldContainKey("leftOn");
        LeaveInterestGroupEndpoint.Decide(group, new LeaveInterestGroup("A-2", new(2026, 5, 1)), Given.Today).Problem!.Status.ShouldBe(409);
        var left = LeaveInterestGroupEndpoint.Decide(group, new LeaveInterestGroup("A-1", new(2026, 5, 1)), Given.Today);
        left.Events.ShouldBe([new InterestGroupMemberLeft(id, "CITY", "A-1", new(2026, 5, 1)), new InterestGroupLeft(id, "A-1", new(2026, 5, 1))]);
    }
}
