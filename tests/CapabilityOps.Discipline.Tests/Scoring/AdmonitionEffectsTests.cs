using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Discipline.Contracts.Events;
using CapabilityOps.Discipline.Records;
using CapabilityOps.Discipline.Scoring;
using CapabilityOps.Organization.Contracts;
using JasperFx.Events;

namespace CapabilityOps.Discipline.Tests.Scoring;

/// <summary>Admonitions in the appraisal and in promotion eligibility, and the DSC indicator: effects only, never the reason.</summary>
public class AdmonitionEffectsTests
{
    private static readonly CadreRecord Cadre = new() { Id = "cadre:D-1", StaffNo = "D-1", JoinedOn = new DateOnly(2010, 1, 1) };

    private static CadreRuleContext On(DateOnly viewDate) => new(Cadre, viewDate.Year, viewDate, RulebookDefaults.Version1With());

    private static IEvent Admonition(AdmonitionKind kind, string on) =>
        new Event<AdmonitionGiven>(new AdmonitionGiven("D-1", kind, DateOnly.Parse(on), "落实整改要求不力")) { Id = Guid.NewGuid() };

    [Theory]
    [InlineData(AdmonitionKind.Admonition)]
    [InlineData(AdmonitionKind.OrganisationalHandling)]
    public void An_admonition_or_organisational_handling_in_the_year_means_not_Excellent_with_a_neutral_reason(AdmonitionKind kind)
    {
        var given = Admonition(kind, "2025-04-01");
        var effect = new SanctionEffects().Evaluate(On(new DateOnly(2025, 12, 31)).Measuring, [given]).ShouldHaveSingleItem().ShouldBeOfType<NotExcellent>();
        effect.Reason.ToString().ShouldBe("Under an admonition or organisational handling this year: cannot be Excellent.");
        effect.Evidence.ShouldBe([given.Id]);
        effect.Reason.ToString().ShouldNotContain("落实整改要求不力");

        new SanctionEffects().Evaluate(On(new DateOnly(2026, 12, 31)).Measuring, [given]).ShouldBeEmpty("a year later it weighs no more");
        new SanctionEffects().Evaluate(On(new DateOnly(2025, 3, 31)).Measuring, [given]).ShouldBeEmpty("not yet given on the view date");
    }

    [Fact]
    public void Critical_education_has_no_effect_on_the_grade_or_eligibility()
    {
        var given = Admonition(AdmonitionKind.CriticalEducation, "2025-04-01");
        new SanctionEffects().Evaluate(On(new DateOnly(2025, 12, 31)).Measuring, [given]).ShouldBeEmpty();
        new SanctionEligibility().Evaluate(On(new DateOnly(2025, 6, 30)), [given]).ShouldBeEmpty();
    }

    [Fact]
    public void An_admonition_leaves_the_cadre_out_of_promotion_eligibility_that_year_only()
    {
        var given = Admonition(AdmonitionKind.Admonition, "2025-04-01");
        var eligibility = new SanctionEligibility();
        var exclusion = eligibility.Evaluate(On(new DateOnly(2025, 11, 30)), [given]).ShouldHaveSingleItem().ShouldBeOfType<EligibilityExclusion>();
        exclusion.Evidence.ShouldBe([given.Id]);
        exclusion.Reason.ToString().ShouldNotContain("落实整改要求不力");
        eligibility.Evaluate(On(new DateOnly(2026, 1, 1)), [given]).ShouldBeEmpty();
        eligibility.Evaluate(On(new DateOnly(2025, 3, 31)), [given]).ShouldBeEmpty();
    }

    private static DisciplineSessionRecord Session(DisciplineSessionKind kind) => new() { SessionId = Guid.NewGuid(), Kind = kind };

    [Fact]
    public void The_DSC_indicator_halves_and_a_small_unit_never_shows_a_sanction()
    {
        var warning = Session(DisciplineSessionKind.WarningEducation);
        var theme = Session(DisciplineSessionKind.ThemeEducation);

        var both = DisciplineIndicators.Measure([warning], 0, 10, 5).ShouldHaveSingleItem();
        (both.Indicator, both.Achieved, both.OutOf).ShouldBe((Indicators.Discipline, 1m, 1m));
        both.Evidence.ShouldBe([warning.SessionId]);
        DisciplineIndicators.Measure([warning], 2, 10, 5).Single().Achieved.ShouldBe(0.5m);
        DisciplineIndicators.Measure([theme], 0, 10, 5).Single().Achieved.ShouldBe(0.5m);
        DisciplineIndicators.Measure([], 1, 10, 5).Single().Achieved.ShouldBe(0m);
        DisciplineIndicators.Measure([], 0, 10, 5).ShouldBeEmpty("no discipline facts: left out");

        // Fewer than 5 cadres: warning education alone, and a sanction neither lowers the value nor makes the indicator appear.
        DisciplineIndicators.Measure([warning], 1, 4, 5).Single().Achieved.ShouldBe(1m);
        DisciplineIndicators.Measure([theme], 1, 4, 5).Single().Achieved.ShouldBe(0m);
        DisciplineIndicators.Measure([warning], 1, 4, 5).Single().Detail.ToString()
            .ShouldBe(DisciplineIndicators.Measure([warning], 0, 4, 5).Single().Detail.ToString());
        DisciplineIndicators.Measure([], 1, 4, 5).ShouldBeEmpty();
    }
}
