using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Discipline.Contracts.Events;
using CapabilityOps.Discipline.Scoring;
using CapabilityOps.Organization.Contracts;
using JasperFx.Events;

namespace CapabilityOps.Discipline.Tests.Scoring;

/// <summary>Given a cadre's sanctions, what Discipline contributes to the appraisal and to promotion eligibility: effects only.</summary>
public class SanctionEffectsTests
{
    private static readonly CadreRecord Cadre = new() { Id = "cadre:D-1", StaffNo = "D-1", JoinedOn = new DateOnly(2010, 1, 1) };

    private static CadreRuleContext On(DateOnly viewDate) => new(Cadre, viewDate.Year, viewDate, RulebookDefaults.Version1With());

    private static IEvent Sanction(SanctionSeverity severity, string imposedOn) =>
        new Event<SanctionImposed>(new SanctionImposed("D-1", severity, DateOnly.Parse(imposedOn), "违规公务接待", "党内严重警告")) { Id = Guid.NewGuid() };

    private static List<CadreAppraisalEffect> Effects(DateOnly viewDate, params IEvent[] events) =>
        new SanctionEffects().Evaluate(On(viewDate).Measuring, events).ToList();

    [Fact]
    public void A_demerit_whose_period_reaches_into_the_year_means_no_grade_with_a_neutral_reason()
    {
        var demerit = Sanction(SanctionSeverity.Demerit, "2024-03-01"); // its 12 months end on 2025-03-01
        var effect = Effects(new DateOnly(2025, 12, 31), demerit).ShouldHaveSingleItem().ShouldBeOfType<NoGrade>();
        effect.Reason.ToString().ShouldBe("Under a sanction of demerit (记过) or heavier in its period: no grade, comments only.");
        effect.Evidence.ShouldBe([demerit.Id]);
        effect.Reason.ToString().ShouldNotContain("违规公务接待");
        effect.Reason.ToString().ShouldNotContain("党内严重警告");
    }

    [Fact]
    public void A_heavier_sanction_ended_before_the_year_or_imposed_after_the_view_date_has_no_effect()
    {
        Effects(new DateOnly(2025, 12, 31), Sanction(SanctionSeverity.Demerit, "2023-12-31")).ShouldBeEmpty();
        Effects(new DateOnly(2025, 6, 30), Sanction(SanctionSeverity.Dismissal, "2025-07-01")).ShouldBeEmpty();
    }

    [Fact]
    public void A_warning_imposed_in_the_year_means_not_Excellent_and_one_of_an_earlier_year_nothing()
    {
        var warning = Sanction(SanctionSeverity.Warning, "2025-05-01");
        var effect = Effects(new DateOnly(2025, 12, 31), warning, Sanction(SanctionSeverity.Warning, "2025-09-01"))
            .ShouldHaveSingleItem().ShouldBeOfType<NotExcellent>();
        effect.Reason.ToString().ShouldBe("Warned (警告) this year: cannot be Excellent.");
        effect.Evidence.Count.ShouldBe(2);
        effect.Evidence.ShouldContain(warning.Id);

        // Imposed in 2024, its period running into 2025: a warning weighs only in the year it was imposed.
        Effects(new DateOnly(2025, 12, 31), Sanction(SanctionSeverity.Warning, "2024-10-01")).ShouldBeEmpty();
    }

    [Fact]
    public void A_cadre_in_an_open_sanction_period_is_excluded_from_promotion_and_is_not_once_it_ended()
    {
        var demerit = Sanction(SanctionSeverity.Demerit, "2025-02-01");
        var eligibility = new SanctionEligibility();

        var exclusion = eligibility.Evaluate(On(new DateOnly(2025, 6, 30)), [demerit]).ShouldHaveSingleItem().ShouldBeOfType<EligibilityExclusion>();
        exclusion.Evidence.ShouldBe([demerit.Id]);
        exclusion.Reason.ToString().ShouldNotContain("违规公务接待");

        eligibility.Evaluate(On(new DateOnly(2026, 2, 2)), [demerit]).ShouldBeEmpty();
        eligibility.Evaluate(On(new DateOnly(2025, 1, 31)), [demerit]).ShouldBeEmpty();
    }
}
