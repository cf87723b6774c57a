using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.ServiceVisits.Compliance;
using CapabilityOps.ServiceVisits.Contracts;
using Marten;

namespace CapabilityOps.ServiceVisits.Reminders;

/// <summary>One measure of a service rule behind its pace at a quarter's end.</summary>
/// <param name="Measure">grassrootsDays, assistedEnterprises, researchArticles or suggestions, as <see cref="ServiceCheck.Measure"/>.</param>
/// <param name="Due">What the rule makes due by the quarter's end.</param>
/// <param name="Actual">What the facts give by then.</param>
public sealed record PaceShortfall(string Measure, int Due, int Actual);

/// <summary>
/// Cadres behind the pace of their service rule (SVC-1 leaders, SVC-2 section level; the rank held at the quarter's end decides)
/// as a quarter ends: listed from <see cref="ReminderWindows.PaceDaysBefore"/> days before the quarter's end until it, due on it.
/// Every measure the rule asks counts, each pro-rated to the quarter's end and rounded down (<see cref="Behind"/>): the grassroots
/// days by the whole months of membership up to it (as the year's rule pro-rates them), the enterprises, articles and
/// suggestions by quarters (25%, 50%, 75%, 100%). The facts are counted as the cadre's service year counts them
/// (<see cref="ServiceYear.Summarise"/>), measured on the quarter's end.
/// <para>Cheap for a unit of thousands of cadres: one query of the subtree's service logs (the module's inline documents), no stream read.</para>
/// </summary>
public sealed class ServicePaceReminders(IRulebooks rulebooks) : IReminderSource
{
    public async Task<IEnumerable<Reminder>> ListAsync(ReminderQuery query, IQuerySession session, CancellationToken cancellation)
    {
        if (ReminderWindows.PaceQuarter(query.On) is not { } pace) return [];
        var (quarter, end) = pace;
        var codes = query.Units.ToHashSet(StringComparer.Ordinal);
        var units = query.Units.ToArray();
        // Everyone who ever belonged to the subtree; who counts in it is decided below, on the day asked about.
        var logs = await session.Query<CadreServiceLog>().Where(l => l.UnitCodes.Any(u => units.Contains(u))).ToListAsync(cancellation);
        var members = logs.Where(l => l.JoinedOn <= query.On && l.IsMemberOn(query.On) && codes.Contains(l.UnitOn(query.On))).ToList();
        if (members.Count == 0) return [];

        var rulebook = ServiceRules.Targets(await rulebooks.ForYearAsync(session, end.Year, cancellation: cancellation));
        var reminders = new List<Reminder>();
        foreach (var log in members.OrderBy(l => l.StaffNo, StringComparer.Ordinal))
        {
            var year = ServiceYear.Summarise(log, end.Year, end, rulebook);
            if (year.Rule is null || rulebook.For(year.Rank) is not { } full) continue;
            var months = log.WholeMonthsIn(end.Year).Count(m => m <= end.Month);
            var behind = Behind(full, months, quarter, year);
            if (behind.Count == 0) continue;
            reminders.Add(new Reminder(ReminderKind.ServicePace, log.StaffNo, end, false, log.UnitOn(query.On),
                Msg("ServicePaceReminder", log.Name, log.StaffNo, year.Rule, quarter, end,
                    behind.Select(b => Msg("PaceShortfall", Msg($"Measure.{b.Measure}"), b.Due, b.Actual, b.Due - b.Actual)).ToList())));
        }
        return reminders;
    }

    /// <summary>
    /// The measures of <paramref name="target"/> (the rule's full-year target for the rank) that <paramref name="year"/>, measured on
    /// the end of <paramref name="quarter"/>, has not reached the pace of. Grassroots days: the target × <paramref name="monthsToEnd"/>
    /// (whole months of membership from January to the quarter's last month) ÷ 12; the counts: the target × quarter ÷ 4; both
    /// rounded down, as the service year's own "due" is. A measure the rule does not ask (0) is never behind.
    /// </summary>
    public static IReadOnlyList<PaceShortfall> Behind(ServiceTarget target, int monthsToEnd, int quarter, CadreServiceYear year)
    {
        var shortfalls = new List<PaceShortfall>();
        void Check(string measure, int wanted, int actual, int share, int whole)
        {
            var due = (int)((long)wanted * share / whole);
            if (actual < due) shortfalls.Add(new PaceShortfall(measure, due, actual));
        }
        Check("grassrootsDays", target.GrassrootsDays, year.Days.Total, monthsToEnd, 12);
        Check("assistedEnterprises", target.AssistedEnterprises, year.ActiveEnterprises, quarter, 4);
        Check("researchArticles", target.ResearchArticles, year.ResearchArticles, quarter, 4);
        Check("suggestions", target.Suggestions, year.Suggestions, quarter, 4);
        return shortfalls;
    }
}
