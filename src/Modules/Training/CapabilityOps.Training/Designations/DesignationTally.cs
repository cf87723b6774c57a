using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Talent.Contracts.Events;
using Marten;

namespace CapabilityOps.Training.Designations;

/// <summary>One post's designations.</summary>
/// <param name="Post">The post category.</param>
/// <param name="PostExperts">Post experts (岗位能手) named.</param>
/// <param name="BusinessPacesetters">Business pacesetters (业务标兵) named.</param>
public sealed record PostDesignations(PostCategory Post, int PostExperts, int BusinessPacesetters);

/// <summary>The 5 + 5 designations of a year (TRN-7).</summary>
/// <param name="Year">The calendar year.</param>
/// <param name="PostExperts">Post experts named in the year at municipal level or above.</param>
/// <param name="BusinessPacesetters">Business pacesetters named in the year at municipal level or above.</param>
/// <param name="ByPost">The same per post, for the posts with a designation.</param>
/// <param name="Met">Whether both counts reach the rulebook's targets (per post when <c>TRN-7.perPost</c> is 1).</param>
public sealed record DesignationsView(int Year, int PostExperts, int BusinessPacesetters, IReadOnlyList<PostDesignations> ByPost, bool Met);

/// <summary>
/// TRN-7's tally: post-expert and business-pacesetter titles conferred in the year up to the view date at municipal level or above,
/// of the cadres of a subtree (all when no unit), counted system-wide or per post as the rulebook says.
/// </summary>
public static class DesignationTally
{
    /// <summary>The keys TRN-7 reads, with the programme document's numbers: part of rulebook version 1.</summary>
    public static readonly IReadOnlyDictionary<string, decimal> TargetDefaults = new Dictionary<string, decimal>
    {
        ["TRN-7.postExperts"] = 5,
        ["TRN-7.pacesetters"] = 5,
        ["TRN-7.perPost"] = 0, // 0: counted system-wide; 1: each post must reach both numbers
    };

    private static readonly IReadOnlySet<TitleLevel> MunicipalOrAbove = new HashSet<TitleLevel> { TitleLevel.National, TitleLevel.Provincial, TitleLevel.Municipal };

    /// <summary>The tally of <paramref name="entries"/> (already the subtree's, the year's, up to the view date), pure.</summary>
    public static DesignationsView Tally(int year, IEnumerable<(DesignationEntry Entry, PostCategory Post)> entries, RulebookVersion rules)
    {
        var counted = entries.Where(e => MunicipalOrAbove.Contains(e.Entry.Level)).ToList();
        var byPost = counted.GroupBy(e => e.Post).OrderBy(g => g.Key)
            .Select(g => new PostDesignations(g.Key, g.Count(e => e.Entry.Kind == TitleKind.PostExpert), g.Count(e => e.Entry.Kind == TitleKind.BusinessPacesetter)))
            .ToList();
        var (experts, pacesetters) = (counted.Count(e => e.Entry.Kind == TitleKind.PostExpert), counted.Count(e => e.Entry.Kind == TitleKind.BusinessPacesetter));
        var (expertTarget, pacesetterTarget) = (rules.Whole("TRN-7.postExperts"), rules.Whole("TRN-7.pacesetters"));
        var met = rules.Whole("TRN-7.perPost") == 1
            ? Enum.GetValues<PostCategory>().All(p => byPost.FirstOrDefault(b => b.Post == p) is { } b && b.PostExperts >= expertTarget && b.BusinessPacesetters >= pacesetterTarget)
            : experts >= expertTarget && pacesetters >= pacesetterTarget;
        return new DesignationsView(year, experts, pacesetters, byPost, met);
    }

    /// <summary>
    /// The year's designations of the subtree of <paramref name="unitCode"/> (all cadres when null), up to <paramref name="viewDate"/>
    /// and, with <paramref name="asOf"/>, as recorded by then: the year's entries by day, then their cadres and units.
    /// </summary>
    public static async Task<(DesignationsView View, IReadOnlyList<Guid> Evidence)> ReadAsync(IQuerySession session, string? unitCode, int year,
        DateOnly viewDate, DateTimeOffset? asOf, RulebookVersion rules, CancellationToken cancellation)
    {
        var start = new DateOnly(year, 1, 1);
        var entries = (await session.Query<DesignationEntry>().Where(d => d.ConferredOn >= start && d.ConferredOn <= viewDate).ToListAsync(cancellation)).ToList();
        if (asOf is { } instant && entries.Count > 0)
        {
            var ids = entries.Select(e => e.Id).ToArray();
            var at = instant.ToUniversalTime();
            var recorded = (await session.Events.QueryAllRawEvents().Where(e => ids.Contains(e.Id) && e.Timestamp <= at).Select(e => e.Id).ToListAsync(cancellation)).ToHashSet();
            entries = entries.Where(e => recorded.Contains(e.Id)).ToList();
        }
        var cadres = entries.Count == 0 ? [] : (await session.LoadManyAsync<CadreRecord>(cancellation, entries.Select(e => StreamKeys.Cadre(e.StaffNo)).Distinct()))
            .ToDictionary(c => c.StaffNo, StringComparer.Ordinal);
        var units = new Dictionary<string, UnitRecord>(StringComparer.Ordinal);
        if (unitCode is not null && cadres.Count > 0)
            foreach (var u in await session.LoadManyAsync<UnitRecord>(cancellation, entries.Where(e => cadres.ContainsKey(e.StaffNo))
                         .Select(e => StreamKeys.Unit(cadres[e.StaffNo].UnitOn(e.ConferredOn))).Distinct()))
                units[u.Code] = u;

        var inScope = entries.Where(e => cadres.ContainsKey(e.StaffNo)
                                         && (unitCode is null || (units.GetValueOrDefault(cadres[e.StaffNo].UnitOn(e.ConferredOn))?.Path.Contains(unitCode) ?? false)))
            .ToList();
        var view = Tally(year, inScope.Select(e => (e, e.Post ?? cadres[e.StaffNo].PostCategory)), rules);
        return (view, inScope.Where(e => MunicipalOrAbove.Contains(e.Level)).Select(e => e.Id).ToList());
    }
}
