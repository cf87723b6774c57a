using CapabilityOps.Organization.Contracts;

namespace CapabilityOps.ServiceVisits.Contracts;

/// <summary>What one service rule asks of a cadre in a calendar year; a measure of 0 is not asked.</summary>
/// <param name="Rule">The requirement ID, SVC-1 or SVC-2.</param>
/// <param name="GrassrootsDays">Distinct days at the grassroots (rural areas and enterprises).</param>
/// <param name="AssistedEnterprises">Enterprises under fixed-point assistance (定点帮扶) during the year.</param>
/// <param name="ResearchArticles">Research articles (调研文章) completed in the year.</param>
/// <param name="Suggestions">Records of targeted suggestions and improvement measures made in the year.</param>
public sealed record ServiceTarget(string Rule, int GrassrootsDays, int AssistedEnterprises, int ResearchArticles, int Suggestions);

/// <summary>Which target applies to which rank band, under a named version.</summary>
public sealed record ServiceRulebook(string Version, IReadOnlyDictionary<Rank, ServiceTarget> Targets)
{
    /// <summary>The target for a rank band; null when no service rule applies (Staff).</summary>
    public ServiceTarget? For(Rank rank) => Targets.GetValueOrDefault(rank);
}

/// <summary>
/// The programme document's own numbers (§三(七), SVC-1 and SVC-2), in force until the versioned rulebook
/// (APR-4) supplies its own: the one place these numbers are written down.
/// </summary>
public static class DefaultServiceTargets
{
    public const string Version = "programme-default";

    /// <summary>SVC-1: leaders (县处级及以上) — 60 days, 2 enterprises, 1 research article.</summary>
    public static readonly ServiceTarget Leaders = new("SVC-1", GrassrootsDays: 60, AssistedEnterprises: 2, ResearchArticles: 1, Suggestions: 0);

    /// <summary>SVC-2: section-level cadres (科级) — 40 days, 1 enterprise, suggestions and improvement measures recorded.</summary>
    public static readonly ServiceTarget SectionLevel = new("SVC-2", GrassrootsDays: 40, AssistedEnterprises: 1, ResearchArticles: 0, Suggestions: 1);

    public static readonly ServiceRulebook Rulebook = new(Version, new Dictionary<Rank, ServiceTarget>
    {
        [Rank.Leader] = Leaders,
        [Rank.SectionLevel] = SectionLevel,
    });
}
