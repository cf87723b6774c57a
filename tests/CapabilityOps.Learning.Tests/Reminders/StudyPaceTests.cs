using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Learning.Reminders;
using CapabilityOps.Organization.Contracts;

namespace CapabilityOps.Learning.Tests.Reminders;

public class StudyPaceTests
{
    [Theory]
    [InlineData("2026-03-16", null, null)]
    [InlineData("2026-03-17", 1, "2026-03-31")]
    [InlineData("2026-03-31", 1, "2026-03-31")]
    [InlineData("2026-04-01", null, null)]
    [InlineData("2026-06-15", null, null)]
    [InlineData("2026-06-16", 2, "2026-06-30")]
    [InlineData("2026-09-20", 3, "2026-09-30")]
    [InlineData("2026-12-17", 4, "2026-12-31")]
    public void Pace_reminders_are_listed_in_the_last_14_days_of_a_quarter_and_due_on_its_end(string on, int? quarter, string? end)
    {
        var pace = ReminderWindows.PaceQuarter(DateOnly.Parse(on));
        if (quarter is null) pace.ShouldBeNull();
        else pace.ShouldBe((quarter.Value, DateOnly.Parse(end!)));
    }

    [Theory]
    [InlineData("2010-01-01", "2026-03-31", 15)]
    [InlineData("2010-01-01", "2026-06-30", 30)]
    [InlineData("2010-01-01", "2026-09-30", 45)]
    [InlineData("2010-01-01", "2026-12-31", 60)]
    [InlineData("2026-07-01", "2026-06-30", 0)]
    [InlineData("2026-07-01", "2026-09-30", 15)]
    [InlineData("2026-02-15", "2026-03-31", 5)] // March only: joining mid-month starts with the next
    public void The_hours_due_are_the_years_target_pro_rated_by_whole_months_of_membership_to_the_quarters_end(string joinedOn, string end, decimal due) =>
        StudyPaceReminders.DueBy(new CadreRecord { JoinedOn = DateOnly.Parse(joinedOn) }, 60m, DateOnly.Parse(end)).ShouldBe(due);

    [Fact]
    public void A_cadre_short_of_the_hours_due_is_reminded_with_the_shortfall_and_one_on_pace_is_not()
    {
        var cadre = new CadreRecord { StaffNo = "S-1", Name = "李娜", JoinedOn = new(2010, 1, 1) };
        var end = new DateOnly(2026, 3, 31);

        StudyPaceReminders.Decide(cadre, "U-1", 1, end, 15m, 15m).ShouldBeNull();
        var reminder = StudyPaceReminders.Decide(cadre, "U-1", 1, end, 15m, 10.5m)!;
        reminder.Kind.ShouldBe(ReminderKind.StudyPace);
        reminder.Subject.ShouldBe("S-1");
        reminder.DueOn.ShouldBe(end);
        reminder.Overdue.ShouldBeFalse();
        reminder.UnitCode.ShouldBe("U-1");
        reminder.Note.ToString(System.Globalization.CultureInfo.GetCultureInfo("en")).ShouldContain("15 h are due by the end of quarter 1 (2026-03-31), 10.5 h studied, 4.5 h short");
    }
}
