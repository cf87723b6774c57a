using CapabilityOps.Informatization.Capture;
using CapabilityOps.Informatization.Contracts.Events;
using CapabilityOps.Informatization.Milestones;
using CapabilityOps.Informatization.Outages;
using CapabilityOps.Informatization.Stations;
using CapabilityOps.Informatization.Substitution;
using CapabilityOps.Informatization.Systems;

namespace CapabilityOps.Informatization.Tests.Slices;

public class DecideTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.FromHours(8));

    private static SubstitutionItemRecord Item(SubstitutionStatus status, params ProgressStep[] steps) => new()
    {
        ItemNo = "AK-1", UnitCode = "U", Status = status, Progress = [.. steps],
    };

    [Fact]
    public void Substitution_moves_forward_and_may_skip_steps()
    {
        var decision = RecordSubstitutionProgressEndpoint.Decide("AK-1", new RecordSubstitutionProgress(SubstitutionStatus.Replaced, Today), Item(SubstitutionStatus.Planned), Today);

        decision.Events.ShouldBe([new SubstitutionProgressed("AK-1", SubstitutionStatus.Replaced, Today)]);
    }

    [Theory]
    [InlineData(SubstitutionStatus.Replaced, SubstitutionStatus.InProgress)]
    [InlineData(SubstitutionStatus.Replaced, SubstitutionStatus.Replaced)]
    [InlineData(SubstitutionStatus.Verified, SubstitutionStatus.Planned)]
    public void Substitution_never_goes_back_or_stays(SubstitutionStatus current, SubstitutionStatus asked)
    {
        var decision = RecordSubstitutionProgressEndpoint.Decide("AK-1", new RecordSubstitutionProgress(asked, Today),
            Item(current, new ProgressStep(current, Today.AddDays(-10))), Today);

        decision.Problem!.Status.ShouldBe(409);
    }

    [Fact]
    public void Substitution_progress_is_not_dated_in_the_future_nor_before_the_last_step()
    {
        RecordSubstitutionProgressEndpoint.Decide("AK-1", new RecordSubstitutionProgress(SubstitutionStatus.InProgress, Today.AddDays(1)), Item(SubstitutionStatus.Planned), Today)
            .Problem!.Errors!.Keys.ShouldBe(["on"]);
        RecordSubstitutionProgressEndpoint.Decide("AK-1", new RecordSubstitutionProgress(SubstitutionStatus.Verified, Today.AddDays(-5)),
                Item(SubstitutionStatus.Replaced, new ProgressStep(SubstitutionStatus.Replaced, Today.AddDays(-2))), Today)
            .Problem!.Errors!.Keys.ShouldBe(["on"]);
        RecordSubstitutionProgressEndpoint.Decide("AK-9", new RecordSubstitutionProgress(SubstitutionStatus.InProgress, Today), null, Today).Problem!.Status.ShouldBe(404);
    }

    [Theory]
    [InlineData("2020-12-31", "2020-12-30", false)]
    [InlineData("2020-12-31", "2020-12-31", false)]
    [InlineData("2020-12-31", "2021-01-05", true)]
    [InlineData("2020-12-31", null, true)]   // past due, not completed
    [InlineData("2026-12-31", null, false)]  // not due yet
    public void A_milestone_is_late_when_completed_after_its_due_date_or_past_it_uncompleted(string dueOn, string? completedOn, bool late) =>
        MilestoneView.IsLate(DateOnly.Parse(dueOn), completedOn is null ? null : DateOnly.Parse(completedOn), Today).ShouldBe(late);

    [Fact]
    public void A_milestone_is_completed_once()
    {
        var milestone = new MilestoneRecord { Code = "M1", DueOn = Today, CompletedOn = Today.AddDays(-1) };

        CompleteMilestoneEndpoint.Decide("M1", new CompleteMilestone(Today), milestone, Today).Problem!.Status.ShouldBe(409);
        CompleteMilestoneEndpoint.Decide("M1", new CompleteMilestone(Today.AddDays(1)), new MilestoneRecord { Code = "M1" }, Today).Problem!.Errors!.Keys.ShouldBe(["on"]);
    }

    [Fact]
    public void An_outage_must_have_ended_and_its_system_exist()
    {
        var outage = new RecordOutage(Now.AddHours(-2), Now.AddMinutes(1), "断电", "中断");
        var system = new InformationSystemRecord { Code = "S1", UnitCode = "U" };

        RecordSystemOutageEndpoint.Decide("S1", outage, system, Guid.NewGuid(), Now).Problem!.Errors!.Keys.ShouldBe(["to"]);
        RecordSystemOutageEndpoint.Decide("S2", outage with { To = Now }, null, Guid.NewGuid(), Now).Problem!.Status.ShouldBe(404);
        var id = Guid.NewGuid();
        RecordSystemOutageEndpoint.Decide("S1", outage with { To = Now }, system, id, Now).Events
            .ShouldBe([new SystemOutageRecorded(id, "S1", Now.AddHours(-2), Now, "断电", "中断")]);
    }

    [Fact]
    public void The_outage_validator_refuses_an_outage_ending_before_it_starts()
    {
        var result = new RecordOutageValidator().Validate(new RecordOutage(Now, Now.AddHours(-1), "断电", "中断"));

        result.Errors.Select(e => e.PropertyName.ToLowerInvariant()).ShouldBe(["to"]);
    }

    [Fact]
    public void Capture_figures_are_not_negative_received_is_at_most_expected_and_the_day_not_in_the_future()
    {
        var validator = new ReportDataCaptureValidator();
        validator.Validate(new ReportDataCapture(24, 25)).Errors.Select(e => e.PropertyName.ToLowerInvariant()).ShouldBe(["received"]);
        validator.Validate(new ReportDataCapture(-1, 0)).Errors.Select(e => e.PropertyName.ToLowerInvariant()).ShouldBe(["expected"]);
        validator.Validate(new ReportDataCapture(24, 24)).IsValid.ShouldBeTrue();

        var station = new MonitoringStationRecord { Code = "ST", UnitCode = "U" };
        ReportDataCaptureEndpoint.Decide("ST", Today.AddDays(1), new ReportDataCapture(24, 24), station, Today).Problem!.Errors!.Keys.ShouldBe(["date"]);
        ReportDataCaptureEndpoint.Decide("ST", Today, new ReportDataCapture(24, 23), station, Today).Events
            .ShouldBe([new DataCaptureReported("ST", "U", Today, 24, 23)]);
    }
}
