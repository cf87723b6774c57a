using CapabilityOps.Learning.Contracts;

namespace CapabilityOps.Learning.Views;

/// <summary>
/// A unit's learning year as a pure function of its sessions, competitions and interest groups (each itself a
/// fold of its own stream), so the same function serves "now" and, over records folded up to an instant, "as of".
/// </summary>
public static class UnitLearningSummary
{
    /// <param name="viewDate">31 December for a past year, today for the current one: LRN-2 counts the quarters ended by then.</param>
    public static UnitLearningYear Summarize(string unitCode, int year, DateOnly viewDate, IEnumerable<LearningSessionRecord> sessions,
        IEnumerable<CompetitionRecord> competitions, IEnumerable<InterestGroupRecord> groups, LearningTargets targets)
    {
        var start = new DateOnly(year, 1, 1);
        var end = new DateOnly(year, 12, 31);
        var held = sessions.Where(s => s.UnitCode == unitCode && s.HeldOn >= start && s.HeldOn <= end)
            .OrderBy(s => s.HeldOn).ThenBy(s => s.SessionId).ToList();
        var contests = competitions.Where(c => c.UnitCode == unitCode && c.HeldOn >= start && c.HeldOn <= end)
            .OrderBy(c => c.HeldOn).ThenBy(c => c.CompetitionId).ToList();

        var byQuarter = new int[4];
        foreach (var s in held.Where(s => s.Kind == LearningSessionKind.CentralGroupStudy)) byQuarter[(s.HeldOn.Month - 1) / 3]++;
        var concentrated = held.Count(s => s.Kind == LearningSessionKind.ConcentratedTraining);
        var knowledge = contests.Count(c => c.Kind == CompetitionKind.KnowledgeCompetition);
        // A quarter is due once it has ended; a quarter under way counts as soon as it has its studies.
        var due = Enumerable.Range(0, 4).Where(q => QuarterEnd(year, q) <= viewDate || byQuarter[q] >= targets.CentralGroupStudiesPerQuarter).ToList();
        var quartersMet = due.Count(q => byQuarter[q] >= targets.CentralGroupStudiesPerQuarter);

        var interestGroups = groups
            .Where(g => g.UnitCode == unitCode && g.FormedOn <= end)
            .OrderBy(g => g.FormedOn).ThenBy(g => g.Name, StringComparer.Ordinal)
            .Select(g => new InterestGroupYear(g.GroupId, g.Name, g.Kind, g.FormedOn,
                g.Members.Where(m => m.JoinedOn <= end && (m.LeftOn is null || m.LeftOn >= start))
                    .Select(m => m.StaffNo).Distinct(StringComparer.Ordinal).ToList()))
            .ToList();

        return new UnitLearningYear(
            unitCode, year, byQuarter, concentrated, knowledge,
            CountBy(held, s => s.Kind),
            CountBy(held.Where(s => s.EcologicalTopic), s => s.Kind),
            CountBy(held.Where(s => s.Format is not null), s => s.Format!.Value),
            CountBy(held.Where(s => s.Festival is not null), s => s.Festival!.Value),
            CountBy(contests, c => c.Kind),
            interestGroups,
            [
                new LearningCheck("LRN-2", due.Count, quartersMet, quartersMet >= due.Count),
                new LearningCheck("LRN-3", targets.ConcentratedTrainingsPerYear, concentrated, concentrated >= targets.ConcentratedTrainingsPerYear),
                new LearningCheck("LRN-4", targets.KnowledgeCompetitionsPerYear, knowledge, knowledge >= targets.KnowledgeCompetitionsPerYear),
            ],
            held.Select(s => new SessionSummary(s.SessionId, s.Kind, s.HeldOn, s.Topic, s.StudyHours, s.Attendees.Count)).ToList(),
            contests.Select(c => new CompetitionSummary(c.CompetitionId, c.Kind, c.HeldOn, c.Topic, c.Participants.Count)).ToList());
    }

    private static DateOnly QuarterEnd(int year, int quarter) => new DateOnly(year, quarter * 3 + 3, 1).AddMonths(1).AddDays(-1);

    /// <summary>Counts per enum value, every value listed (0 included) so a client never has to guess.</summary>
    private static Dictionary<TKey, int> CountBy<T, TKey>(IEnumerable<T> items, Func<T, TKey> key) where TKey : struct, Enum
    {
        var counts = Enum.GetValues<TKey>().ToDictionary(k => k, _ => 0);
        foreach (var item in items) counts[key(item)]++;
        return counts;
    }
}
