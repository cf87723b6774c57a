using CapabilityOps.Organization.Contracts;

namespace CapabilityOps.ServiceVisits.Contracts;

/// <summary>What one service rule asks of a cadre in a calendar year; a measure of 0 is not asked.</summary>
/// <param name="Rule">The requirement ID, SVC-1 or SVC-2.</param>
/// <param name="GrassrootsDays">Distinct days at the grassroots (rural areas and enterprises).</param>
/// <param name="AssistedEnterprises">Enterprises under fixed-point assistance (定点帮扶) during the year.</param>
/// <param name="ResearchArticles">Research articles (调研文章) completed in the year.</param>
/// <param name="Suggestions">Records of targeted suggestions and improvement measures made in the year.</param>
public sealed record ServiceTarget(string Rule, int GrassrootsDays, int AssistedEnterprises, int ResearchArticles, int Suggestions);

/// <summary>Which target applies to which rank band, under a rulebook version (the module's <c>ServiceRules</c> reads it from the rulebook).</summary>
/// <param name="Version">The rulebook version, as <c>v{n}</c>.</param>
public sealed record ServiceRulebook(string Version, IReadOnlyDictionary<Rank, ServiceTarget> Targets)
{
    /// <summary>The target for a rank band; null when no service rule applies (Staff).</summary>
    public ServiceTarget? For(Rank rank) => Targets.GetValueOrDefault(rank);
}
