using CapabilityOps.Organization.Contracts;

namespace CapabilityOps.ServiceVisits.Contracts;

/// <summary>Distinct grassroots days; a day with both a rural and an enterprise visit counts once in <see cref="Total"/>.</summary>
public sealed record DayCounts(int Rural, int Enterprise, int Total);

/// <summary>One measure of a service rule for a cadre's year.</summary>
/// <param name="Measure">grassrootsDays, assistedEnterprises, researchArticles or suggestions.</param>
/// <param name="Target">What the rule asks for the whole year.</param>
/// <param name="Actual">What the facts give so far.</param>
/// <param name="Met">Actual reaches the target.</param>
/// <param name="Due">The share of the target due by the measured date (target × days elapsed ÷ days in the year, rounded down); the target itself for a closed year.</param>
/// <param name="OnTrack">Actual reaches what is due.</param>
public sealed record ServiceCheck(string Measure, int Target, int Actual, bool Met, int Due, bool OnTrack);

/// <summary>A visit that touches the year, as the year counts it.</summary>
/// <param name="Days">Calendar days of the whole visit.</param>
/// <param name="DaysInYear">Its days that fall in the year (a visit across New Year is split).</param>
public sealed record VisitInYear(Guid Id, DateOnly From, DateOnly To, VisitKind Kind, string Place, string? Enterprise, int Days, int DaysInYear,
    bool Revoked, string? RevokedReason);

/// <summary>An assistance that ran during the year; <see cref="ActiveOnMeasuredDate"/> says whether it still runs. A revoked one does not count.</summary>
public sealed record AssistanceInYear(Guid Id, string Enterprise, DateOnly Since, DateOnly? EndedOn, bool ActiveOnMeasuredDate,
    bool Revoked, string? RevokedReason);

/// <summary>The facts behind a cadre's year, so the numbers can be checked against what was recorded; revoked facts are listed, marked, and not counted.</summary>
public sealed record ServiceYearDetails(
    IReadOnlyList<VisitInYear> Visits,
    IReadOnlyList<AssistanceInYear> Assistances,
    IReadOnlyList<ArticleEntry> Articles,
    IReadOnlyList<SuggestionEntry> Suggestions);

/// <summary>A cadre's service year (SVC-1, SVC-2): what was done, which rule applies and whether it is met.</summary>
/// <param name="MeasuredOn">The date the year is measured at: 31 December, or the view date for the current year, or the last day of membership of a cadre who left during the year. Rank and unit are those held on it.</param>
/// <param name="UnitCode">The unit the cadre belongs to on <paramref name="MeasuredOn"/> (where the cadre counts).</param>
/// <param name="Rank">The rank held on <paramref name="MeasuredOn"/>: the rank whose rule is applied.</param>
/// <param name="Rule">SVC-1 (leaders), SVC-2 (section level), or null when no service rule applies (staff, or not yet joined).</param>
/// <param name="ActiveEnterprises">Distinct enterprises whose assistance ran on at least one day of the year up to the measured date.</param>
/// <param name="Met">Every measure reached; null when no rule applies.</param>
/// <param name="OnTrack">Every measure at or above what is due by the measured date; equals <paramref name="Met"/> for a closed year.</param>
public sealed record CadreServiceYear(
    string StaffNo,
    string Name,
    int Year,
    DateOnly MeasuredOn,
    string UnitCode,
    Rank Rank,
    string? Rule,
    string RulebookVersion,
    ServiceTarget? Target,
    DayCounts Days,
    int ActiveEnterprises,
    int ResearchArticles,
    int Suggestions,
    IReadOnlyList<ServiceCheck> Checks,
    bool? Met,
    bool? OnTrack,
    ServiceYearDetails Details);

/// <summary>The pure computation of a cadre's service year from the folded log: no clock, no database.</summary>
public static class ServiceYear
{
    /// <summary>The date a year is measured at: its last day, or <paramref name="viewDate"/> while the year is running.</summary>
    public static DateOnly MeasuredOn(int year, DateOnly viewDate) => DateRange.Year(year).To < viewDate ? DateRange.Year(year).To : viewDate;

    /// <summary>Fold the cadre's events (oldest first) and summarise <paramref name="year"/>: the as-of view is this over the stream read up to an instant.</summary>
    public static CadreServiceYear? Of(string streamKey, IEnumerable<object> events, int year, DateOnly viewDate, ServiceRulebook rulebook) =>
        CadreServiceLog.Fold(streamKey, events) is { } log ? Summarise(log, year, viewDate, rulebook) : null;

    /// <summary>
    /// The cadre's year as measured on <see cref="MeasuredOn"/>, or on the last day of membership for a cadre who left the
    /// system during the year. Grassroots days are distinct calendar days of the visits not revoked, clipped to the year; the
    /// rule follows the rank held on the measured date (a cadre promoted during the year is measured against the new rank).
    /// The rule applies to the whole months of membership (<see cref="Membership"/>): none in a year without one, and the
    /// grassroots days are pro-rated by them for a cadre who joined or left during the year (the counts of enterprises,
    /// articles and suggestions are not). <paramref name="year"/> must have begun by <paramref name="viewDate"/>.
    /// </summary>
    public static CadreServiceYear Summarise(CadreServiceLog log, int year, DateOnly viewDate, ServiceRulebook rulebook)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, viewDate.Year);
        var measuredOn = MeasuredOn(year, viewDate);
        // A cadre who left during the year is measured on the last day of membership: the year closed for them then.
        var closedByLeaving = log.LastMemberDay(measuredOn) is { } lastDay && lastDay.Year == year && lastDay < measuredOn;
        if (closedByLeaving) measuredOn = log.LastMemberDay(measuredOn)!.Value;
        var window = DateRange.Year(year) with { To = measuredOn };
        var months = log.WholeMonthsIn(year).Count;

        var counted = log.Visits.Where(v => !v.Revoked).ToList();
        int Distinct(IEnumerable<VisitEntry> visits) => DateRange.DistinctDaysWithin(visits.Select(v => v.ToRange()), window);
        var days = new DayCounts(
            Distinct(counted.Where(v => v.Kind == VisitKind.Rural)),
            Distinct(counted.Where(v => v.Kind == VisitKind.Enterprise)),
            Distinct(counted));

        var assistances = log.Assistances.Where(a => a.ActiveDuring(window)).OrderBy(a => a.Since).ToList();
        var enterprises = assistances.Where(a => !a.Revoked).Select(a => EnterpriseKey(a.Enterprise)).Distinct().Count();
        var articles = log.Articles.Where(a => a.CompletedOn.Year == year && a.CompletedOn <= measuredOn).OrderBy(a => a.CompletedOn).ToList();
        var suggestions = log.Suggestions.Where(s => s.MadeOn.Year == year && s.MadeOn <= measuredOn).OrderBy(s => s.MadeOn).ToList();
        var articleCount = articles.Count(a => !a.Revoked);
        var suggestionCount = suggestions.Count(s => !s.Revoked);

        var rank = log.RankOn(measuredOn);
        var (target, checks) = Judge(rulebook, rank, log.JoinedOn <= measuredOn, months, days.Total, enterprises, articleCount, suggestionCount,
            measuredOn, closedByLeaving);

        var details = new ServiceYearDetails(
            log.Visits.Where(v => v.ToRange().Intersect(DateRange.Year(year)) is not null).OrderBy(v => v.From)
                .Select(v => new VisitInYear(v.Id, v.From, v.To, v.Kind, v.Place, v.Enterprise, v.ToRange().Days,
                    v.ToRange().Intersect(window)?.Days ?? 0, v.Revoked, v.RevokedReason))
                .ToList(),
            assistances.Select(a => new AssistanceInYear(a.Id, a.Enterprise, a.Since, a.EndedOn, !a.Revoked && a.ActiveOn(measuredOn),
                a.Revoked, a.RevokedReason)).ToList(),
            articles,
            suggestions);

        return new CadreServiceYear(log.StaffNo, log.Name, year, measuredOn, log.UnitOn(measuredOn), rank, target?.Rule, rulebook.Version, target,
            days, enterprises, articleCount, suggestionCount, checks,
            target is null ? null : checks.All(c => c.Met), target is null ? null : checks.All(c => c.OnTrack), details);
    }

    /// <summary>
    /// The rule's target for a cadre's year under <paramref name="rulebook"/> and its checks, from what the year measured: none when
    /// the cadre had not <paramref name="joined"/> by the measured date, was a member for no whole month of it, or holds a rank
    /// no rule covers (a cadre owes nothing then).
    /// </summary>
    public static (ServiceTarget? Target, List<ServiceCheck> Checks) Judge(ServiceRulebook rulebook, Rank rank, bool joined, int months, int days,
        int enterprises, int articles, int suggestions, DateOnly measuredOn, bool closedByLeaving)
    {
        var target = joined && months > 0 && rulebook.For(rank) is { } full ? ProRated(full, months) : null;
        return (target, target is null ? [] : Checks(target, days, enterprises, articles, suggestions, measuredOn, closedByLeaving));
    }

    /// <summary>Two spellings of one enterprise name (spaces around it, letter case) are one enterprise.</summary>
    public static string EnterpriseKey(string enterprise) => enterprise.Trim().ToUpperInvariant();

    /// <summary>The target for <paramref name="months"/> whole months of membership: the grassroots days × months / 12, rounded.</summary>
    public static ServiceTarget ProRated(ServiceTarget target, int months) => months >= 12 ? target
        : target with { GrassrootsDays = (int)Math.Round(target.GrassrootsDays * months / 12m, MidpointRounding.AwayFromZero) };

    private static List<ServiceCheck> Checks(ServiceTarget target, int days, int enterprises, int articles, int suggestions, DateOnly measuredOn,
        bool closed)
    {
        var elapsed = measuredOn.DayOfYear;
        var yearLength = DateRange.Year(measuredOn.Year).Days;
        ServiceCheck Check(string measure, int wanted, int actual)
        {
            // A year the cadre's leaving closed is due in full, as a past year is.
            var due = closed ? wanted : (int)((long)wanted * elapsed / yearLength);
            return new ServiceCheck(measure, wanted, actual, actual >= wanted, due, actual >= due);
        }

        List<ServiceCheck> checks = [];
        if (target.GrassrootsDays > 0) checks.Add(Check("grassrootsDays", target.GrassrootsDays, days));
        if (target.AssistedEnterprises > 0) checks.Add(Check("assistedEnterprises", target.AssistedEnterprises, enterprises));
        if (target.ResearchArticles > 0) checks.Add(Check("researchArticles", target.ResearchArticles, articles));
        if (target.Suggestions > 0) checks.Add(Check("suggestions", target.Suggestions, suggestions));
        return checks;
    }
}
