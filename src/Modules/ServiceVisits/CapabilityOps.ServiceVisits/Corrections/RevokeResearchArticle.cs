using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.ServiceVisits.Contracts.Events;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.ServiceVisits.Corrections;

public static class RevokeResearchArticleEndpoint
{
    public static Decision Decide(RevokeRecord command, CadreServiceLog log, Guid articleId)
    {
        var article = log.Articles.Find(a => a.Id == articleId);
        if (article is null) return Problem.NotFound($"Cadre '{log.StaffNo}' has no research article '{articleId}'.");
        if (article.Revoked) return Problem.Conflict($"The article '{article.Title}' was revoked already ({article.RevokedReason}).");
        return Decision.Accept(new ResearchArticleRevoked(log.StaffNo, articleId, command.Reason!.Trim()));
    }

    /// <summary>Revoke a research article recorded by mistake.</summary>
    /// <param name="staffNo">The cadre's staff number.</param>
    /// <param name="articleId">The article's id, as its recording answered.</param>
    [WolverinePost("/api/v1/cadres/{staffNo}/research-articles/{articleId}/revoke", OperationId = "RevokeResearchArticle"), Tags("ServiceVisits"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<RecordRevoked>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string staffNo, Guid articleId, RevokeRecord command, IDocumentSession session) =>
        ServiceLogChange.Apply(session, staffNo, log => Decide(command, log, articleId), (log, e) =>
            Results.Created(ServiceLogChange.YearView(staffNo, log.Articles.Find(a => a.Id == articleId)!.CompletedOn.Year),
                new RecordRevoked(articleId, ((ResearchArticleRevoked)e).Reason)));
}
