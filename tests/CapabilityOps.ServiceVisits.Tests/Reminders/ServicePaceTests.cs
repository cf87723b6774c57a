using CapabilityOps.Organization.Contracts;
using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.ServiceVisits.Reminders;
using CapabilityOps.ServiceVisits.Tests.Counting;

namespace CapabilityOps.ServiceVisits.Tests.Reminders;

public class ServicePaceTests
{
    private static IReadOnlyList<PaceShortfall> Behind(Facts facts, string quarterEnd, int quarter)
    {
        var end = Facts.D(quarterEnd);
        var year = ServiceYear.Summarise(facts.Log, end.Year, end, Facts.Rulebook);
        var months = facts.Log.WholeMonthsIn(end.Year).Count(m => m <= end.Month);
        return ServicePaceReminders.Behind(Facts.Rulebook.For(year.Rank)!, months, quarter, year);
    }

    [Fact]
    public void A_leader_is_due_a_quarter_of_the_days_per_quarter_and_the_counts_rounded_down()
    {
        var facts = new Facts().Registered(Rank.Leader).Visit("2025-02-01", "2025-02-14");

        // SVC-1: 60 days, 2 enterprises, 1 article. By 31 March: 15 days, no enterprise (0.5), no article (0.25).
        Behind(facts, "2025-03-31", 1).ShouldBe([new PaceShortfall("grassrootsDays", 15, 14)]);
        facts.Visit("2025-03-01", "2025-03-01");
        Behind(facts, "2025-03-31", 1).ShouldBeEmpty();

        // By 30 June: 30 days and 1 enterprise; by 31 December everything, the article included.
        Behind(facts, "2025-06-30", 2).ShouldBe([new PaceShortfall("grassrootsDays", 30, 15), new PaceShortfall("assistedEnterprises", 1, 0)]);
        Behind(facts, "2025-12-31", 4).Select(s => (s.Measure, s.Due)).ShouldBe(
            [("grassrootsDays", 60), ("assistedEnterprises", 2), ("researchArticles", 1)]);
    }

    [Fact]
    public void A_section_level_cadre_owes_the_suggestions_by_the_year_end_and_a_cadre_who_joined_in_the_year_the_days_of_the_months_served()
    {
        var section = new Facts().Registered(Rank.SectionLevel).Visit("2025-01-06", "2025-01-15").Assisting("巴中某某水泥有限公司", "2025-01-10");
        // SVC-2: 40 days, 1 enterprise, 1 suggestion. By 31 March: 10 days; the suggestion only by 31 December.
        Behind(section, "2025-03-31", 1).ShouldBeEmpty();
        Behind(section, "2025-12-31", 4).Select(s => s.Measure).ShouldBe(["grassrootsDays", "suggestions"]);

        // Joined 1 July: by 30 September three whole months, 60 × 3 / 12 = 15 days.
        var joined = new Facts().Registered(Rank.Leader, joinedOn: "2025-07-01").Visit("2025-07-01", "2025-07-10");
        Behind(joined, "2025-09-30", 3).ShouldBe([new PaceShortfall("grassrootsDays", 15, 10), new PaceShortfall("assistedEnterprises", 1, 0)]);
    }
}
