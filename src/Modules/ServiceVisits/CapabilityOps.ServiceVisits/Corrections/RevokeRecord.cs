using CapabilityOps.Organization.Contracts;
using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.ServiceVisits.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.ServiceVisits.Corrections;

/// <summary>Withdraw a visit, assistance, article or suggestion recorded by mistake. It stops counting and stays in the cadre's history with the reason.</summary>
/// <param name="Reason">Why it is withdrawn, e.g. 重复录入 (at most 500 characters).</param>
public sealed record RevokeRecord(string? Reason) : IHasExample<RevokeRecord>
{
    public static RevokeRecord Example => new("重复录入");
}

/// <summary>A withdrawn record.</summary>
public sealed record RecordRevoked(Guid Id, string Reason);

public sealed class RevokeRecordValidator : AbstractValidator<RevokeRecord>
{
    public RevokeRecordValidator() => RuleFor(x => x.Reason).RequiredText(500);
}

/// <summary>A record in the cadre's service log, as a revocation sees it.</summary>
/// <param name="Name">What the problems call it, e.g. <c>The article '调研报告'</c>.</param>
/// <param name="Year">The year it counts in: the answer points at the cadre's view of that year.</param>
public sealed record RevocableRecord(Text Name, bool Revoked, string? RevokedReason, int Year);

/// <summary>A kind of service record that can be revoked: how the log finds one by id, and the fact that revokes it.</summary>
/// <param name="Noun">What the 404 calls it: "Cadre 'A-1' has no {noun} '{id}'".</param>
public sealed record RevocableKind(Text Noun, Func<CadreServiceLog, Guid, RevocableRecord?> Find, Func<string, Guid, string, object> Revoked)
{
    public static readonly RevocableKind Visit = new(Msg("Noun.visit"),
        (log, id) => log.Visits.Find(v => v.Id == id) is { } v ? new(Msg("TheVisit", id), v.Revoked, v.RevokedReason, v.From.Year) : null,
        (staffNo, id, reason) => new GrassrootsVisitRevoked(staffNo, id, reason));

    public static readonly RevocableKind Assistance = new(Msg("Noun.assistance"),
        (log, id) => log.Assistances.Find(a => a.Id == id) is { } a ? new(Msg("TheAssistance", a.Enterprise), a.Revoked, a.RevokedReason, a.Since.Year) : null,
        (staffNo, id, reason) => new EnterpriseAssistanceRevoked(staffNo, id, reason));

    public static readonly RevocableKind Article = new(Msg("Noun.article"),
        (log, id) => log.Articles.Find(a => a.Id == id) is { } a ? new(Msg("TheArticle", a.Title), a.Revoked, a.RevokedReason, a.CompletedOn.Year) : null,
        (staffNo, id, reason) => new ResearchArticleRevoked(staffNo, id, reason));

    public static readonly RevocableKind Suggestion = new(Msg("Noun.suggestions"),
        (log, id) => log.Suggestions.Find(s => s.Id == id) is { } s ? new(Msg("TheSuggestions", s.Title), s.Revoked, s.RevokedReason, s.MadeOn.Year) : null,
        (staffNo, id, reason) => new ImprovementSuggestionRevoked(staffNo, id, reason));
}

/// <summary>
/// Revoking a service record, one shape for every kind: the record must exist in the cadre's log (404) and not be revoked
/// already (409); the revocation is a fact of its own, nothing is deleted. Each route is a thin endpoint naming its kind.
/// Corrections are <c>POST …/{id}/revocations</c>, as study hours' are; <c>…/{id}/revoke</c> answers 308 there for one release.
/// </summary>
public static class RevokeRecordEndpoints
{
    public static Decision Decide(RevocableKind kind, RevokeRecord command, CadreServiceLog log, Guid id)
    {
        var record = kind.Find(log, id);
        if (record is null) return Problem.NotFound(Msg("NoRecord", log.StaffNo, kind.Noun, id));
        if (record.Revoked) return Problem.Conflict(Msg("RevokedAlready", record.Name, record.RevokedReason));
        return Decision.Accept(kind.Revoked(log.StaffNo, id, command.Reason!.Trim()));
    }

    private static Task<IResult> Revoke(RevocableKind kind, string staffNo, Guid id, RevokeRecord command, IDocumentSession session, TimeProvider clock) =>
        session.AppendCadreFactAsync(staffNo, clock, new CadreFact<CadreServiceLog>(log => Decide(kind, command, log, id)), appended =>
            Results.Created(ServiceFacts.YearLocation(staffNo, kind.Find(appended.Before, id)!.Year), new RecordRevoked(id, command.Reason!.Trim())));

    private static string Cadre(string staffNo) => $"/api/v1/cadres/{Uri.EscapeDataString(staffNo)}";

    /// <summary>Revoke a grassroots visit.</summary>
    /// <remarks>Nothing is deleted: the revocation is a fact of its own. Revoking twice is a 409.</remarks>
    /// <param name="staffNo">The cadre's staff number.</param>
    /// <param name="visitId">The visit's id, as its recording answered.</param>
    [WolverinePost("/api/v1/cadres/{staffNo}/grassroots-visits/{visitId}/revocations", OperationId = "RevokeGrassrootsVisit"), Tags("ServiceVisits"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<RecordRevoked>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> RevokeVisit(string staffNo, Guid visitId, RevokeRecord command, IDocumentSession session, TimeProvider clock) =>
        Revoke(RevocableKind.Visit, staffNo, visitId, command, session, clock);

    /// <summary>Revoke an assistance recorded by mistake.</summary>
    /// <remarks>It then counts in no year. An assistance that really ran and stopped is ended instead (<c>…/end</c>), keeping its years.</remarks>
    /// <param name="staffNo">The cadre's staff number.</param>
    /// <param name="assistanceId">The assistance's id, as its recording answered.</param>
    [WolverinePost("/api/v1/cadres/{staffNo}/assisted-enterprises/{assistanceId}/revocations", OperationId = "RevokeEnterpriseAssistance"), Tags("ServiceVisits"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<RecordRevoked>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> RevokeAssistance(string staffNo, Guid assistanceId, RevokeRecord command, IDocumentSession session, TimeProvider clock) =>
        Revoke(RevocableKind.Assistance, staffNo, assistanceId, command, session, clock);

    /// <summary>Revoke a research article recorded by mistake.</summary>
    /// <param name="staffNo">The cadre's staff number.</param>
    /// <param name="articleId">The article's id, as its recording answered.</param>
    [WolverinePost("/api/v1/cadres/{staffNo}/research-articles/{articleId}/revocations", OperationId = "RevokeResearchArticle"), Tags("ServiceVisits"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<RecordRevoked>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> RevokeArticle(string staffNo, Guid articleId, RevokeRecord command, IDocumentSession session, TimeProvider clock) =>
        Revoke(RevocableKind.Article, staffNo, articleId, command, session, clock);

    /// <summary>Revoke suggestions and improvement measures recorded by mistake.</summary>
    /// <param name="staffNo">The cadre's staff number.</param>
    /// <param name="suggestionId">The record's id, as its recording answered.</param>
    [WolverinePost("/api/v1/cadres/{staffNo}/improvement-suggestions/{suggestionId}/revocations", OperationId = "RevokeImprovementSuggestion"), Tags("ServiceVisits"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<RecordRevoked>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> RevokeSuggestion(string staffNo, Guid suggestionId, RevokeRecord command, IDocumentSession session, TimeProvider clock) =>
        Revoke(RevocableKind.Suggestion, staffNo, suggestionId, command, session, clock);

    /// <summary>Revoke a grassroots visit (moved to …/revocations).</summary>
    /// <param name="staffNo">The cadre's staff number.</param>
    /// <param name="visitId">The visit's id.</param>
    [WolverinePost("/api/v1/cadres/{staffNo}/grassroots-visits/{visitId}/revoke", OperationId = "RevokeGrassrootsVisitMoved"), Tags("ServiceVisits"), WriteAccess, ScopedToCadre]
    [MovedRoute("/api/v1/cadres/{staffNo}/grassroots-visits/{visitId}/revocations")]
    [ProducesResponseType(StatusCodes.Status308PermanentRedirect)]
    public static IResult RevokeVisitMoved(string staffNo, Guid visitId, HttpContext context) =>
        MovedRouteAttribute.Redirect(context, $"{Cadre(staffNo)}/grassroots-visits/{visitId}/revocations");

    /// <summary>Revoke an assistance (moved to …/revocations).</summary>
    /// <param name="staffNo">The cadre's staff number.</param>
    /// <param name="assistanceId">The assistance's id.</param>
    [WolverinePost("/api/v1/cadres/{staffNo}/assisted-enterprises/{assistanceId}/revoke", OperationId = "RevokeEnterpriseAssistanceMoved"), Tags("ServiceVisits"), WriteAccess, ScopedToCadre]
    [MovedRoute("/api/v1/cadres/{staffNo}/assisted-enterprises/{assistanceId}/revocations")]
    [ProducesResponseType(StatusCodes.Status308PermanentRedirect)]
    public static IResult RevokeAssistanceMoved(string staffNo, Guid assistanceId, HttpContext context) =>
        MovedRouteAttribute.Redirect(context, $"{Cadre(staffNo)}/assisted-enterprises/{assistanceId}/revocations");

    /// <summary>Revoke a research article (moved to …/revocations).</summary>
    /// <param name="staffNo">The cadre's staff number.</param>
    /// <param name="articleId">The article's id.</param>
    [WolverinePost("/api/v1/cadres/{staffNo}/research-articles/{articleId}/revoke", OperationId = "RevokeResearchArticleMoved"), Tags("ServiceVisits"), WriteAccess, ScopedToCadre]
    [MovedRoute("/api/v1/cadres/{staffNo}/research-articles/{articleId}/revocations")]
    [ProducesResponseType(StatusCodes.Status308PermanentRedirect)]
    public static IResult RevokeArticleMoved(string staffNo, Guid articleId, HttpContext context) =>
        MovedRouteAttribute.Redirect(context, $"{Cadre(staffNo)}/research-articles/{articleId}/revocations");

    /// <summary>Revoke suggestions and improvement measures (moved to …/revocations).</summary>
    /// <param name="staffNo">The cadre's staff number.</param>
    /// <param name="suggestionId">The record's id.</param>
    [WolverinePost("/api/v1/cadres/{staffNo}/improvement-suggestions/{suggestionId}/revoke", OperationId = "RevokeImprovementSuggestionMoved"), Tags("ServiceVisits"), WriteAccess, ScopedToCadre]
    [MovedRoute("/api/v1/cadres/{staffNo}/improvement-suggestions/{suggestionId}/revocations")]
    [ProducesResponseType(StatusCodes.Status308PermanentRedirect)]
    public static IResult RevokeSuggestionMoved(string staffNo, Guid suggestionId, HttpContext context) =>
        MovedRouteAttribute.Redirect(context, $"{Cadre(staffNo)}/improvement-suggestions/{suggestionId}/revocations");
}
