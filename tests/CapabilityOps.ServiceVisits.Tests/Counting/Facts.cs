using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.ServiceVisits.Compliance;
using CapabilityOps.ServiceVisits.Contracts.Events;

namespace CapabilityOps.ServiceVisits.Tests.Counting;

/// <summary>Builds a cadre's stream as a list of event data, to fold without a database.</summary>
public sealed class Facts(string staffNo = "A-1")
{
    /// <summary>The service targets of rulebook version 1.</summary>
    public static readonly ServiceRulebook Rulebook = ServiceRules.Targets(RulebookDefaults.Version1With(ServiceRules.TargetDefaults));

    private readonly List<object> _events = [];

    public string StaffNo { get; } = staffNo;
    public string Key => "cadre:" + StaffNo;
    public IReadOnlyList<object> Events => _events;

    public static DateOnly D(string day) => DateOnly.Parse(day);

    public Facts Registered(Rank rank, string unit = "CITY", string joinedOn = "2010-01-01") =>
        Add(new CadreRegistered(StaffNo, "李娜", unit, rank, new(1980, 1, 1), EducationLevel.Bachelor, PostCategory.General, true, D(joinedOn)));

    public Facts RankChanged(Rank from, Rank to, string on) => Add(new CadreRankChanged(StaffNo, from, to, D(on)));

    public Facts Transferred(string from, string to, string on) => Add(new CadreTransferred(StaffNo, from, to, D(on)));

    public Facts Visit(string from, string to, VisitKind kind = VisitKind.Rural, Guid? id = null) =>
        Add(new GrassrootsVisitRecorded(StaffNo, id ?? Guid.NewGuid(), D(from), D(to), kind, "恩阳区柳林镇",
            kind == VisitKind.Enterprise ? "巴中某某水泥有限公司" : null));

    public Facts Revoked(Guid id, string reason = "重复录入") => Add(new GrassrootsVisitRevoked(StaffNo, id, reason));

    public Facts Assisting(string enterprise, string since, Guid? id = null) =>
        Add(new EnterpriseAssistanceStarted(StaffNo, id ?? Guid.NewGuid(), enterprise, D(since)));

    public Facts AssistanceEnded(Guid id, string enterprise, string on) => Add(new EnterpriseAssistanceEnded(StaffNo, id, enterprise, D(on), null));

    public Facts AssistanceRevoked(Guid id, string reason = "录错企业") => Add(new EnterpriseAssistanceRevoked(StaffNo, id, reason));

    public Facts Article(string completedOn, string title = "关于大气污染防治的调研", Guid? id = null) =>
        Add(new ResearchArticleRecorded(StaffNo, id ?? Guid.NewGuid(), title, D(completedOn)));

    public Facts ArticleRevoked(Guid id, string reason = "重复录入") => Add(new ResearchArticleRevoked(StaffNo, id, reason));

    public Facts Suggestion(string madeOn, string title = "关于企业VOCs治理的建议", Guid? id = null) =>
        Add(new ImprovementSuggestionRecorded(StaffNo, id ?? Guid.NewGuid(), title, D(madeOn), "加强巡查", "建立台账", null));

    public Facts SuggestionRevoked(Guid id, string reason = "重复录入") => Add(new ImprovementSuggestionRevoked(StaffNo, id, reason));

    public Facts Add(object e)
    {
        _events.Add(e);
        return this;
    }

    public CadreServiceLog Log => CadreServiceLog.Fold(Key, _events)!;

    public CadreServiceYear Year(int year, string viewDate = "2026-11-26") =>
        ServiceYear.Of(Key, _events, year, D(viewDate), Rulebook)!;
}
