using CapabilityOps.SharedKernel;
using Marten;

namespace CapabilityOps.Appraisal.Contracts;

/// <summary>
/// What every year-based view is about, resolved once from the request: the year, the business day it is measured on
/// (31 December of a past year, today — or the <c>?asOf=</c> day — for the current one, or <c>?onDate=</c>), the instant the
/// facts are read up to, and the rulebook version its targets come from.
/// </summary>
/// <param name="AsOf">Only facts recorded up to this instant count; null for the live view.</param>
/// <param name="OnDate">The business day asked for, when the view is measured on a day other than the year's end or today.</param>
public sealed record YearView(int Year, DateOnly ViewDate, DateTimeOffset? AsOf, DateOnly? OnDate, RulebookVersion Rulebook)
{
    /// <summary>The live view: no <c>?asOf=</c>, <c>?onDate=</c> or <c>?rulebook=</c> other than the year's own.</summary>
    public bool IsLive => AsOf is null && OnDate is null;
}

/// <summary>
/// Resolves <c>?year=</c>, <c>?asOf=</c>, <c>?onDate=</c> and <c>?rulebook=</c> for every year-based route of every module, with one
/// valid range (the programme's start year through the current China year, or the year of <c>asOf</c>) and one problem message.
/// </summary>
public interface IYearViews
{
    /// <param name="rulebook">A rulebook version to recompute under; the version that applies to the year (as published up to
    /// <paramref name="asOf"/>) when null.</param>
    Task<(YearView? View, Problem? Problem)> ResolveAsync(IQuerySession session, int? year, DateTimeOffset? asOf = null, DateOnly? onDate = null,
        int? rulebook = null, CancellationToken cancellation = default);

    /// <summary>The year alone, in the same range with the same problem, for a route that lists a year's records and shows no target.</summary>
    (int Year, Problem? Problem) Year(int? year, DateTimeOffset? asOf = null);
}
