using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.ServiceVisits.Contracts.Events;
using JasperFx.Events;

namespace CapabilityOps.ServiceVisits.Compliance;

/// <summary>
/// SVC-1 (leaders) and SVC-2 (section-level cadres) in the compliance views: the module's own pure year
/// summary, with the targets of the rulebook version in force. One check per rule: target and actual are
/// distinct grassroots days; met needs every measure (days, enterprises, articles or suggestions).
/// </summary>
public sealed class ServiceRules : CadreRuleSet<ServiceMeasure>
{
    /// <summary>
    /// The keys this module's rules read, with the programme document's numbers (§三(七)): part of rulebook version 1.
    /// SVC-1, leaders (县处级及以上): 60 days, 2 enterprises, 1 research article; SVC-2, section-level cadres (科级): 40 days,
    /// 1 enterprise, suggestions and improvement measures recorded.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, decimal> TargetDefaults = new Dictionary<string, decimal>
    {
        ["SVC-1.days"] = 60,
        ["SVC-1.enterprises"] = 2,
        ["SVC-1.articles"] = 1,
        ["SVC-2.days"] = 40,
        ["SVC-2.enterprises"] = 1,
        ["SVC-2.suggestions"] = 1,
    };

    /// <summary>The year summarised without targets: what <see cref="ServiceYear.Summarise"/> measures, and the events behind it.</summary>
    public override ServiceMeasure? Measure(CadreMeasureContext context, IReadOnlyList<IEvent> cadreEvents)
    {
        var log = CadreServiceLog.Fold(context.Cadre.Id, cadreEvents.Select(e => e.Data));
        if (log is null || log.JoinedOn > context.ViewDate) return null;
        var year = ServiceYear.Summarise(log, context.Year, context.ViewDate, NoTargets);

        var counted = year.Details.Visits.Select(v => v.Id)
            .Concat(year.Details.Assistances.Select(a => a.Id))
            .Concat(year.Details.Articles.Select(a => a.Id))
            .Concat(year.Details.Suggestions.Select(s => s.Id))
            .ToHashSet();
        var evidence = cadreEvents.Where(e => EntityOf(e.Data) is { } id && counted.Contains(id)).Select(e => e.Id).ToList();
        // The year ends early only for a cadre who left during it.
        var closedByLeaving = year.MeasuredOn < ServiceYear.MeasuredOn(context.Year, context.ViewDate);
        return new ServiceMeasure(year.Rank, log.JoinedOn <= year.MeasuredOn, log.WholeMonthsIn(context.Year).Count, year.MeasuredOn, closedByLeaving,
            year.Days, year.ActiveEnterprises, year.ResearchArticles, year.Suggestions, evidence);
    }

    public override IEnumerable<RuleCheck> Judge(CadreRuleContext context, ServiceMeasure? measure)
    {
        if (measure is null) return [];
        var (target, checks) = ServiceYear.Judge(Targets(context.Rulebook), measure.Rank, measure.Joined, measure.Months, measure.Days.Total,
            measure.Enterprises, measure.Articles, measure.Suggestions, measure.MeasuredOn, measure.ClosedByLeaving);
        if (target is null) return [];
        var measures = checks.Select(c => Msg("MeasureCount", Msg($"Measure.{c.Measure}"), c.Actual, c.Target)).ToList();
        return [new RuleCheck(target.Rule, target.GrassrootsDays, measure.Days.Total, checks.All(c => c.Met),
            Msg("SvcNote", measure.Rank, measure.MeasuredOn, measures), measure.Evidence)];
    }

    /// <summary>A rulebook without targets: the year measured, no rule judged.</summary>
    private static readonly ServiceRulebook NoTargets = new("", new Dictionary<Rank, ServiceTarget>());

    /// <summary>The rulebook's SVC targets in the module's own shape.</summary>
    public static ServiceRulebook Targets(RulebookVersion rules) => new($"v{rules.Version}", new Dictionary<Rank, ServiceTarget>
    {
        [Rank.Leader] = new("SVC-1", rules.Whole("SVC-1.days"), rules.Whole("SVC-1.enterprises"), rules.Whole("SVC-1.articles"), 0),
        [Rank.SectionLevel] = new("SVC-2", rules.Whole("SVC-2.days"), rules.Whole("SVC-2.enterprises"), 0, rules.Whole("SVC-2.suggestions")),
    });

    private static Guid? EntityOf(object data) => data switch
    {
        GrassrootsVisitRecorded v => v.VisitId,
        GrassrootsVisitRevoked v => v.VisitId,
        EnterpriseAssistanceStarted a => a.AssistanceId,
        EnterpriseAssistanceEnded a => a.AssistanceId,
        EnterpriseAssistanceRevoked a => a.AssistanceId,
        ResearchArticleRecorded a => a.ArticleId,
        ResearchArticleRevoked a => a.ArticleId,
        ImprovementSuggestionRecorded s => s.SuggestionId,
        ImprovementSuggestionRevoked s => s.SuggestionId,
        _ => null,
    };
}

/// <summary>
/// A cadre's service year as measured, without targets: the rank held and the membership on the measured date, the distinct
/// grassroots days, the enterprises, articles and suggestions, and the events behind them.
/// </summary>
public sealed record ServiceMeasure(Rank Rank, bool Joined, int Months, DateOnly MeasuredOn, bool ClosedByLeaving, DayCounts Days, int Enterprises,
    int Articles, int Suggestions, List<Guid> Evidence);
