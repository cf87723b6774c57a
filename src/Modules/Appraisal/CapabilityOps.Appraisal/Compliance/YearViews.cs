using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.SharedKernel;
using Marten;

namespace CapabilityOps.Appraisal.Compliance;

/// <summary>
/// <see cref="IYearViews"/>: the one valid range of years (the programme's start year through the current China year, or the
/// year of <c>?asOf=</c> when that is earlier) and the one problem message, for every year-based route of every module.
/// </summary>
public sealed class YearViews(IRulebooks rulebooks, TimeProvider clock) : IYearViews
{
    public async Task<(YearView? View, Problem? Problem)> ResolveAsync(IQuerySession session, int? year, DateTimeOffset? asOf = null,
        DateOnly? onDate = null, int? rulebook = null, CancellationToken cancellation = default)
    {
        var (dates, problem) = Dates(year, asOf, onDate);
        if (problem is not null) return (null, problem);
        var (wanted, viewDate) = dates!.Value;
        var rules = rulebook is { } version
            ? await rulebooks.NumberAsync(session, version, cancellation)
            : await rulebooks.ForYearAsync(session, wanted, asOf, cancellation);
        return rules is null
            ? (null, Problem.Invalid("rulebook", Msg("NoRulebookVersion", rulebook)))
            : (new YearView(wanted, viewDate, asOf, onDate, rules), null);
    }

    public (int Year, Problem? Problem) Year(int? year, DateTimeOffset? asOf = null)
    {
        var (dates, problem) = Dates(year, asOf, null);
        return (dates?.Year ?? 0, problem);
    }

    /// <summary>
    /// The year and the day it is measured on, checked, without the rulebook: the live compliance views read the rulebook only
    /// after the memo's stamp of its version, so a row is never stamped newer than the rulebook it was computed under.
    /// </summary>
    /// <returns>31 December of a past year, today (or the asOf day) for the current one, or <paramref name="onDate"/>.</returns>
    public ((int Year, DateOnly ViewDate)? Dates, Problem? Problem) Dates(int? year, DateTimeOffset? asOf, DateOnly? onDate)
    {
        var today = ChinaTime.Today(clock);
        if (asOf is { } instant && ChinaTime.DateOf(instant) < today) today = ChinaTime.DateOf(instant);
        var wanted = year ?? onDate?.Year ?? today.Year;
        if (wanted < RulebookDefaults.ProgrammeStartYear || wanted > today.Year)
            return (null, Problem.Invalid("year", Msg("YearRange", RulebookDefaults.ProgrammeStartYear, today.Year)));
        var viewDate = wanted < today.Year ? new DateOnly(wanted, 12, 31) : today;
        if (onDate is not { } day) return ((wanted, viewDate), null);
        if (day.Year != wanted || day > viewDate)
            return (null, Problem.Invalid("onDate", Msg("OnDateRange", wanted, viewDate)));
        return ((wanted, day), null);
    }
}
