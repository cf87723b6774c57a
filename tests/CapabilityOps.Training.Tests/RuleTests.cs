using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.Talent.Contracts.Events;
using CapabilityOps.Training;
using CapabilityOps.Training.Compliance;
using CapabilityOps.Training.Designations;
using JasperFx.Events;

namespace CapabilityOps.Training.Tests;

/// <summary>TRN-1 and TRN-7 as pure functions of the cadre and the rulebook.</summary>
public class RuleTests
{
    private static readonly RulebookVersion Rules = RulebookDefaults.Version1With(DegreeRule.TargetDefaults, DesignationTally.TargetDefaults);

    private static CadreRecord Cadre(string born, string joined, EducationLevel education, params (EducationLevel Level, string On)[] awards)
    {
        var joinedOn = DateOnly.Parse(joined);
        return new CadreRecord
        {
            Id = "cadre:T-1", StaffNo = "T-1", BirthDate = DateOnly.Parse(born), JoinedOn = joinedOn, Units = [new("U", joinedOn)],
            Ranks = [new(Rank.Staff, joinedOn)],
            Educations = [new(education, joinedOn), .. awards.Select(a => new Dated<EducationLevel>(a.Level, DateOnly.Parse(a.On)))],
        };
    }

    private static RuleCheck? Trn1(CadreRecord cadre, int year) =>
        new DegreeRule().Evaluate(new CadreRuleContext(cadre, year, new DateOnly(year, 12, 31), Rules), []).SingleOrDefault();

    [Fact]
    public void Age_and_level_are_taken_when_the_three_years_begin()
    {
        Trn1(Cadre("1975-06-01", "2010-01-01", EducationLevel.HighSchool), 2025).ShouldNotBeNull();   // 44 on 2020-01-01
        Trn1(Cadre("1973-06-01", "2010-01-01", EducationLevel.HighSchool), 2025).ShouldBeNull();      // 46
        Trn1(Cadre("1990-06-01", "2010-01-01", EducationLevel.JuniorCollege), 2025).ShouldBeNull();   // already there
        // Reached after the start: the check stays, met from the year it was reached.
        var late = Cadre("1990-06-01", "2010-01-01", EducationLevel.HighSchool, (EducationLevel.JuniorCollege, "2024-07-01"));
        Trn1(late, 2023)!.Met.ShouldBeFalse();
        Trn1(late, 2024)!.ShouldSatisfyAllConditions(c => c.Met.ShouldBeTrue(), c => c.Actual.ShouldBe(2024), c => c.Target.ShouldBe(2022));
    }

    [Fact]
    public void A_cadre_who_joined_later_has_three_years_from_joining_and_is_not_due_before_the_deadline_year_ends()
    {
        var joined2023 = Cadre("1983-06-01", "2023-03-01", EducationLevel.SecondaryVocational);
        var check = Trn1(joined2023, 2025)!;
        check.Target.ShouldBe(2025);
        check.Met.ShouldBeTrue();
        check.Note!.ToString().ShouldContain("Not yet due");
        Trn1(joined2023, 2026)!.Met.ShouldBeFalse();
        // 44 when the programme began, but 47 when this cadre joined: no check.
        Trn1(Cadre("1975-06-01", "2023-03-01", EducationLevel.HighSchool), 2025).ShouldBeNull();
    }

    private static (DesignationEntry, PostCategory) Entry(TitleKind kind, PostCategory post, TitleLevel level = TitleLevel.Municipal) =>
        (new DesignationEntry { Id = Guid.NewGuid(), StaffNo = "T", Kind = kind, Level = level, ConferredOn = new DateOnly(2025, 5, 1) }, post);

    [Fact]
    public void The_5_plus_5_counts_system_wide_by_default_and_per_post_when_the_rulebook_says_so()
    {
        var entries = Enumerable.Range(0, 5).SelectMany(i => new[]
        {
            Entry(TitleKind.PostExpert, i < 3 ? PostCategory.General : PostCategory.Monitoring),
            Entry(TitleKind.BusinessPacesetter, PostCategory.General),
        }).Append(Entry(TitleKind.PostExpert, PostCategory.General, TitleLevel.Bureau)).ToList();

        var tally = DesignationTally.Tally(2025, entries, Rules);
        tally.ShouldSatisfyAllConditions(t => t.PostExperts.ShouldBe(5), t => t.BusinessPacesetters.ShouldBe(5), t => t.Met.ShouldBeTrue());
        DesignationTally.Tally(2025, entries.Skip(1), Rules).Met.ShouldBeFalse();

        var perPost = Rules with { Targets = new Dictionary<string, decimal>(Rules.Targets) { ["TRN-7.perPost"] = 1, ["TRN-7.postExperts"] = 1, ["TRN-7.pacesetters"] = 0 } };
        DesignationTally.Tally(2025, entries, perPost).Met.ShouldBeFalse(); // most posts have none
        var everyPost = Enum.GetValues<PostCategory>().Select(p => Entry(TitleKind.PostExpert, p)).ToList();
        DesignationTally.Tally(2025, everyPost, perPost).Met.ShouldBeTrue();
    }
}
