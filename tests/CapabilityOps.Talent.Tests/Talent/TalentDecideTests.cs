using CapabilityOps.Organization.Contracts;
using CapabilityOps.Talent.Contracts.Events;
using CapabilityOps.Talent.Mentoring;
using CapabilityOps.Talent.Pools;
using CapabilityOps.Talent.Staffing;

namespace CapabilityOps.Talent.Tests.Talent;

/// <summary>Pure: the rules of campaigns, pools and mentoring pairs, on the state they decide on.</summary>
public class TalentDecideTests
{
    private static readonly DateOnly Today = new(2026, 6, 1);

    private static CadreRecord Cadre(string staffNo, string joinedOn, Rank rank = Rank.Staff) => new()
    {
        Id = "cadre:" + staffNo, StaffNo = staffNo, JoinedOn = DateOnly.Parse(joinedOn), Units = [new("U-1", DateOnly.Parse(joinedOn))],
        Ranks = [new(rank, DateOnly.Parse(joinedOn))], Educations = [new(EducationLevel.Bachelor, DateOnly.Parse(joinedOn))],
    };

    [Fact]
    public void A_campaign_opens_at_most_the_vacancies_not_held_by_open_campaigns()
    {
        var staffing = new UnitStaffing { Quotas = [new(10, new DateOnly(2025, 1, 1))] };
        staffing.Campaigns.Add(new RecruitmentCampaign { Posts = 3, Hires = [new("H-1", EducationLevel.Master, "x")] });
        var vacancies = VacanciesView.Of("U-1", Today, staffing, staffed: 6); // 4 vacancies, 2 held by the open campaign
        (vacancies.Vacancies, vacancies.OpenPosts, vacancies.Available).ShouldBe((4, 2, 2));

        OpenRecruitmentCampaignEndpoint.Decide(new OpenRecruitmentCampaign(RecruitmentKind.Transfer, "U-1", 2, Today), Guid.NewGuid(), vacancies)
            .Events.Single().ShouldBeOfType<RecruitmentCampaignOpened>().Posts.ShouldBe(2);
        OpenRecruitmentCampaignEndpoint.Decide(new OpenRecruitmentCampaign(RecruitmentKind.Transfer, "U-1", 3, Today), Guid.NewGuid(), vacancies)
            .Problem!.Status.ShouldBe(409);
        VacanciesView.Of("U-1", Today, null, staffed: 3).ShouldBe(new VacanciesView("U-1", Today, null, 3, 0, 0));
        VacanciesView.Of("U-1", Today, staffing, staffed: 12).Vacancies.ShouldBe(0); // overstaffed: never below zero
    }

    [Fact]
    public void A_pool_takes_a_cadre_once_and_lets_a_member_leave_after_entering()
    {
        var cadre = Cadre("P-1", "2015-01-01");
        var entry = new EnterTalentPool("P-1", new DateOnly(2025, 3, 1), "遴选");
        var entered = TalentPoolEndpoints.DecideEntry(PostCategory.Monitoring, null, entry, cadre, Today).Events.Single();
        var pool = TalentPoolProjection.Apply(null, "talent-pool:Monitoring", entered)!;

        TalentPoolEndpoints.DecideEntry(PostCategory.Monitoring, pool, entry, cadre, Today).Problem!.Status.ShouldBe(409);
        TalentPoolEndpoints.DecideExit(PostCategory.Monitoring, pool, new ExitTalentPool("P-1", new DateOnly(2025, 3, 1), "x"), Today).Problem!.Errors!.Keys.ShouldBe(["on"]);
        var exited = TalentPoolEndpoints.DecideExit(PostCategory.Monitoring, pool, new ExitTalentPool("P-1", new DateOnly(2025, 9, 1), "复核"), Today).Events.Single();
        pool = TalentPoolProjection.Apply(pool, "talent-pool:Monitoring", exited)!;

        pool.MembersOn(new DateOnly(2025, 8, 31)).Select(m => m.StaffNo).ShouldBe(["P-1"]);
        pool.MembersOn(new DateOnly(2025, 9, 1)).ShouldBeEmpty();
        TalentPoolEndpoints.DecideExit(PostCategory.Monitoring, pool, new ExitTalentPool("P-1", new DateOnly(2025, 10, 1), "x"), Today).Problem!.Status.ShouldBe(409);
        TalentPoolEndpoints.DecideEntry(PostCategory.Monitoring, pool, entry, cadre, Today).Problem!.Errors!.Keys.ShouldBe(["since"]); // before the exit
        TalentPoolEndpoints.DecideEntry(PostCategory.Monitoring, pool, entry with { Since = new DateOnly(2026, 1, 1) }, cadre, Today).Accepted.ShouldBeTrue();
    }

    [Theory]
    [InlineData("2024-06-01", 2, true)]   // joined exactly two years before
    [InlineData("2024-05-31", 2, false)]  // a day more
    [InlineData("2023-06-01", 3, true)]   // a rulebook allowing three years
    public void A_mentee_joined_within_the_rulebook_s_years(string menteeJoined, int years, bool accepted)
    {
        var mentor = Cadre("M-1", "2010-01-01", Rank.SectionLevel);
        var mentee = Cadre("N-1", menteeJoined);
        MentorshipEndpoints.DecideStart(new StartMentorship("M-1", "N-1", new DateOnly(2026, 6, 1)), Guid.NewGuid(), mentor, [], mentee, false, years, Today)
            .Accepted.ShouldBe(accepted);
    }

    [Fact]
    public void A_staff_mentor_needs_an_expert_or_pacesetter_title_conferred_by_the_start()
    {
        var mentor = Cadre("M-2", "2010-01-01");
        var mentee = Cadre("N-2", "2026-01-01");
        var command = new StartMentorship("M-2", "N-2", new DateOnly(2026, 3, 1));
        TitleConferred Title(TitleKind kind, string on) => new("M-2", kind, TitleLevel.Bureau, "称号", DateOnly.Parse(on));

        MentorshipEndpoints.DecideStart(command, Guid.NewGuid(), mentor, [], mentee, false, 2, Today).Problem!.Errors!.Keys.ShouldBe(["mentor"]);
        MentorshipEndpoints.DecideStart(command, Guid.NewGuid(), mentor, [Title(TitleKind.ExcellentPartyMember, "2025-01-01")], mentee, false, 2, Today).Accepted.ShouldBeFalse();
        MentorshipEndpoints.DecideStart(command, Guid.NewGuid(), mentor, [Title(TitleKind.BusinessPacesetter, "2026-03-02")], mentee, false, 2, Today).Accepted.ShouldBeFalse();
        MentorshipEndpoints.DecideStart(command, Guid.NewGuid(), mentor, [Title(TitleKind.BusinessPacesetter, "2026-03-01")], mentee, false, 2, Today).Accepted.ShouldBeTrue();
        MentorshipEndpoints.DecideStart(command, Guid.NewGuid(), mentor, [Title(TitleKind.PostExpert, "2020-03-01")], mentee, true, 2, Today).Problem!.Status.ShouldBe(409);
    }
}
