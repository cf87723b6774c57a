namespace CapabilityOps.ServiceVisits.Contracts.Events;

// Every fact below is appended to the cadre's stream (cadre:{staffNo}), so it shows in the cadre's history.

/// <summary>A cadre went to the grassroots (下基层调研指导) from <see cref="From"/> to <see cref="To"/>, both days included.</summary>
/// <param name="Enterprise">The enterprise visited; present exactly when <see cref="Kind"/> is <see cref="VisitKind.Enterprise"/>.</param>
public sealed record GrassrootsVisitRecorded(
    string StaffNo,
    Guid VisitId,
    DateOnly From,
    DateOnly To,
    VisitKind Kind,
    string Place,
    string? Enterprise);

/// <summary>A recorded visit was withdrawn as a mistake: it no longer counts, and stays in the history with the reason.</summary>
public sealed record GrassrootsVisitRevoked(string StaffNo, Guid VisitId, string Reason);

/// <summary>A cadre began fixed-point assistance (定点帮扶) to an enterprise on <see cref="Since"/>.</summary>
public sealed record EnterpriseAssistanceStarted(string StaffNo, Guid AssistanceId, string Enterprise, DateOnly Since);

/// <summary>A cadre's assistance to an enterprise ended; <see cref="EndedOn"/> is its last day.</summary>
public sealed record EnterpriseAssistanceEnded(string StaffNo, Guid AssistanceId, string Enterprise, DateOnly EndedOn, string? Reason);

/// <summary>An assistance was recorded by mistake: it no longer counts in any year, and stays in the history with the reason.</summary>
/// <remarks>Unlike <see cref="EnterpriseAssistanceEnded"/>, which keeps the years the assistance ran in.</remarks>
public sealed record EnterpriseAssistanceRevoked(string StaffNo, Guid AssistanceId, string Reason);

/// <summary>A cadre completed a research article (调研文章) on <see cref="CompletedOn"/>.</summary>
public sealed record ResearchArticleRecorded(string StaffNo, Guid ArticleId, string Title, DateOnly CompletedOn);

/// <summary>A research article was recorded by mistake: it no longer counts, and stays in the history with the reason.</summary>
public sealed record ResearchArticleRevoked(string StaffNo, Guid ArticleId, string Reason);

/// <summary>
/// A cadre put forward targeted suggestions and improvement measures (有针对性的建议意见和改进措施) on <see cref="MadeOn"/>.
/// </summary>
/// <param name="AddressedTo">The enterprise, unit or place the suggestions are for, when named.</param>
public sealed record ImprovementSuggestionRecorded(
    string StaffNo,
    Guid SuggestionId,
    string Title,
    DateOnly MadeOn,
    string Suggestions,
    string? Measures,
    string? AddressedTo);

/// <summary>Suggestions were recorded by mistake: they no longer count, and stay in the history with the reason.</summary>
public sealed record ImprovementSuggestionRevoked(string StaffNo, Guid SuggestionId, string Reason);
