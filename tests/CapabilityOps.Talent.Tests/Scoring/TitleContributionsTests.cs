using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.Talent.Contracts.Events;
using CapabilityOps.Talent.Scoring;
using JasperFx.Events;

namespace CapabilityOps.Talent.Tests.Scoring;

/// <summary>Given a cadre's title events, what Talent contributes to the appraisal and to promotion eligibility.</summary>
public class TitleContributionsTests
{
    private static readonly CadreRecord Cadre = new() { Id = "cadre:T-1", StaffNo = "T-1", JoinedOn = new DateOnly(2010, 1, 1) };

    private static CadreRuleContext On(DateOnly viewDate) => new(Cadre, viewDate.Year, viewDate, RulebookDefaults.Version1With());

    private static IEvent Title(TitleKind kind, TitleLevel level, string conferredOn, string title = "称号") =>
        new Event<TitleConferred>(new TitleConferred("T-1", kind, level, title, DateOnly.Parse(conferredOn))) { Id = Guid.NewGuid() };

    [Fact]
    public void National_provincial_and_municipal_titles_of_the_year_up_to_the_view_date_are_commendations()
    {
        var municipal = Title(TitleKind.PostExpert, TitleLevel.Municipal, "2025-03-01", "市级监察执法岗位能手");
        var provincial = Title(TitleKind.AdvancedIndividual, TitleLevel.Provincial, "2025-06-01");
        var national = Title(TitleKind.OtherCommendation, TitleLevel.National, "2025-06-02");
        IEvent[] events =
        [
            municipal, provincial, national,
            Title(TitleKind.PostExpert, TitleLevel.County, "2025-03-01"),
            Title(TitleKind.BusinessPacesetter, TitleLevel.Bureau, "2025-03-01"),
            Title(TitleKind.PostExpert, TitleLevel.Municipal, "2024-12-31"),
            Title(TitleKind.PostExpert, TitleLevel.Municipal, "2025-07-01"),
        ];

        var effects = new TitleCommendations().Evaluate(On(new DateOnly(2025, 6, 30)).Measuring, events).ToList();

        effects.ShouldAllBe(e => e is Commendation);
        effects.Select(e => e.Evidence.Single()).ShouldBe([municipal.Id, provincial.Id, national.Id]);
        effects[0].Reason.ToString().ShouldBe("Municipal PostExpert: 市级监察执法岗位能手");
    }

    [Fact]
    public void Each_title_is_its_own_commendation_so_the_appraisal_can_count_and_cap_them()
    {
        var events = Enumerable.Range(1, 4).Select(i => Title(TitleKind.PostExpert, TitleLevel.Provincial, $"2025-0{i}-01")).ToList();
        new TitleCommendations().Evaluate(On(new DateOnly(2025, 12, 31)).Measuring, events).Count().ShouldBe(4);
    }

    [Fact]
    public void Pacesetter_and_expert_titles_at_municipal_level_or_above_and_excellent_member_titles_within_three_years_make_a_candidate()
    {
        var expert = Title(TitleKind.PostExpert, TitleLevel.Municipal, "2023-07-01");
        var pacesetter = Title(TitleKind.BusinessPacesetter, TitleLevel.Provincial, "2025-01-10");
        var partyMember = Title(TitleKind.ExcellentPartyMember, TitleLevel.Bureau, "2024-07-01");
        var civilServant = Title(TitleKind.ExcellentCivilServant, TitleLevel.County, "2025-05-01");
        IEvent[] events =
        [
            expert, pacesetter, partyMember, civilServant,
            Title(TitleKind.PostExpert, TitleLevel.County, "2025-01-01"),                // below municipal
            Title(TitleKind.AdvancedIndividual, TitleLevel.National, "2025-01-01"),     // not a TAL-5 title
            Title(TitleKind.BusinessPacesetter, TitleLevel.Municipal, "2022-06-30"),    // more than 3 years before
            Title(TitleKind.ExcellentPartyMember, TitleLevel.Municipal, "2025-07-01"),  // after the view date
        ];

        var notes = new TitleEligibility().Evaluate(On(new DateOnly(2025, 6, 30)), events).ToList();

        notes.ShouldAllBe(n => n is EligibilityReason);
        var reasons = notes.Cast<EligibilityReason>().ToList();
        reasons.Select(r => r.Evidence.Single()).ShouldBe([expert.Id, pacesetter.Id, partyMember.Id, civilServant.Id]);
        reasons[0].ShouldSatisfyAllConditions(
            r => r.Kind.ShouldBe("PostExpert"), r => r.Level.ShouldBe("Municipal"), r => r.Year.ShouldBe(2023));
    }
}
