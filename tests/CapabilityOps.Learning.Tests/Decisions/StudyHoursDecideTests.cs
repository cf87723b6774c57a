using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Learning.StudyHours;

namespace CapabilityOps.Learning.Tests.Decisions;

public class StudyHoursDecideTests
{
    private static readonly Guid RecordId = Guid.Parse("0190f5a0-0000-7000-8000-000000000001");

    private static LogStudyHours Log(decimal hours = 2, string studiedOn = "2026-03-02", string? externalId = "X-1") =>
        new(hours, DateOnly.Parse(studiedOn), StudyChannel.Online, " 学习强国 ", " 生态文明 ", externalId);

    [Fact]
    public void Valid_hours_are_logged_with_the_business_date_and_the_key()
    {
        var key = StudyHoursKeys.Duplicate("A-1", "学习强国", "X-1");
        var logged = LogStudyHoursEndpoint.Decide("A-1", Log(), Given.Day(Given.Cadre()), key, RecordId, Given.Today)
            .Events.ShouldHaveSingleItem().ShouldBeOfType<StudyHoursLogged>();
        logged.ShouldBe(new StudyHoursLogged(RecordId, "A-1", 2, new(2026, 3, 2), StudyChannel.Online, "学习强国", "生态文明", "X-1", key));
    }

    [Fact]
    public void An_unknown_cadre_is_not_found_and_a_duplicate_a_conflict()
    {
        LogStudyHoursEndpoint.Decide("A-1", Log(), Given.Day(null), null, RecordId, Given.Today).Problem!.Status.ShouldBe(404);
        LogStudyHoursEndpoint.Decide("A-1", Log(), Given.Day(Given.Cadre(), keyTaken: true), "k", RecordId, Given.Today).Problem!.Status.ShouldBe(409);
    }

    [Theory]
    [InlineData("2026-11-26", "studiedOn")] // tomorrow
    [InlineData("2009-12-31", "studiedOn")] // before the cadre joined
    public void Days_outside_the_cadre_s_time_are_refused(string studiedOn, string field) =>
        LogStudyHoursEndpoint.Decide("A-1", Log(studiedOn: studiedOn), Given.Day(Given.Cadre()), null, RecordId, Given.Today)
            .Problem!.Errors!.ShouldContainKey(field);

    [Theory]
    [InlineData(20, 4, true)]
    [InlineData(20, 4.01, false)]
    [InlineData(0, 24, true)]
    public void A_day_holds_at_most_24_hours(decimal already, decimal more, bool accepted) =>
        LogStudyHoursEndpoint.Decide("A-1", Log(more), Given.Day(Given.Cadre(), already), null, RecordId, Given.Today).Accepted.ShouldBe(accepted);

    [Fact]
    public void Today_is_allowed_and_the_join_day_too()
    {
        LogStudyHoursEndpoint.Decide("A-1", Log(studiedOn: "2026-11-25"), Given.Day(Given.Cadre()), null, RecordId, Given.Today).Accepted.ShouldBeTrue();
        LogStudyHoursEndpoint.Decide("A-1", Log(studiedOn: "2010-01-01"), Given.Day(Given.Cadre()), null, RecordId, Given.Today).Accepted.ShouldBeTrue();
    }

    [Fact]
    public void A_revocation_repeats_the_record_s_figures_and_happens_once()
    {
        var entry = new StudyHoursEntry
        {
            Id = RecordId, StaffNo = "A-1", Hours = 3, StudiedOn = new(2026, 1, 5), Channel = StudyChannel.Offline, Source = "党校",
        };
        var revoked = RevokeStudyHoursEndpoint.Decide("A-1", RecordId, new RevokeStudyHours(" 录入错误 "), entry, null)
            .Events.ShouldHaveSingleItem().ShouldBeOfType<StudyHoursRevoked>();
        revoked.ShouldBe(new StudyHoursRevoked(RecordId, "A-1", "录入错误", 3, new(2026, 1, 5), StudyChannel.Offline, "党校"));

        RevokeStudyHoursEndpoint.Decide("B-2", RecordId, new RevokeStudyHours("x"), entry, null).Problem!.Status.ShouldBe(404);
        RevokeStudyHoursEndpoint.Decide("A-1", RecordId, new RevokeStudyHours("x"), null, null).Problem!.Status.ShouldBe(404);
        var revocation = StudyHoursEntryProjection.RevocationOf(revoked);
        RevokeStudyHoursEndpoint.Decide("A-1", RecordId, new RevokeStudyHours("x"), entry, revocation).Problem!.ShouldSatisfyAllConditions(
            p => p.Status.ShouldBe(409), p => p.Detail.ToString().ShouldContain("录入错误"));
        // An entry revoked by an older version carries the flag itself, and has no revocation document.
        entry.LegacyRevoked = true;
        entry.LegacyRevokedReason = "旧版撤销";
        RevokeStudyHoursEndpoint.Decide("A-1", RecordId, new RevokeStudyHours("x"), entry, null).Problem!.Detail.ToString().ShouldContain("旧版撤销");
    }

    [Fact]
    public void Keys_are_unambiguous_and_session_credit_ids_stable()
    {
        StudyHoursKeys.Duplicate("A-1", "a|b", "c").ShouldNotBe(StudyHoursKeys.Duplicate("A-1", "a", "b|c"));
        StudyHoursKeys.Duplicate("A-1", "s", null).ShouldBeNull();
        StudyHoursKeys.Day("A-1", new(2026, 3, 2)).ShouldBe("A-1|2026-03-02");
        StudyHoursKeys.ImportedRow("A-1", 1.50m, new(2026, 3, 2), StudyChannel.Online, "s", null)
            .ShouldBe(StudyHoursKeys.ImportedRow("A-1", 1.5m, new(2026, 3, 2), StudyChannel.Online, "s", null));
        StudyHoursKeys.ImportedRow("A-1", 1.5m, new(2026, 3, 2), StudyChannel.Online, "s", "t")
            .ShouldNotBe(StudyHoursKeys.ImportedRow("A-1", 1.5m, new(2026, 3, 2), StudyChannel.Online, "s", null));
        var session = Guid.NewGuid();
        StudyHoursKeys.SessionCreditRecordId(session, "A-1").ShouldBe(StudyHoursKeys.SessionCreditRecordId(session, "A-1"));
        StudyHoursKeys.SessionCreditRecordId(session, "A-1").ShouldNotBe(StudyHoursKeys.SessionCreditRecordId(session, "A-2"));
    }
}
