using CapabilityOps.Organization.Contracts;
using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.ServiceVisits.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.ServiceVisits.Articles;

/// <summary>Record a research article (调研文章) a cadre completed.</summary>
/// <param name="Title">The article's title (at most 200 characters).</param>
/// <param name="CompletedOn">YYYY-MM-DD it was completed: not in the future, not before the cadre joined. It counts in that year.</param>
public sealed record RecordResearchArticle(string? Title, DateOnly? CompletedOn) : IHasExample<RecordResearchArticle>
{
    public static RecordResearchArticle Example => new("关于县域水泥行业大气污染治理的调研报告", new DateOnly(2026, 9, 18));
}

public sealed class RecordResearchArticleValidator : AbstractValidator<RecordResearchArticle>
{
    public RecordResearchArticleValidator()
    {
        RuleFor(x => x.Title).RequiredText(200);
        RuleFor(x => x.CompletedOn).Required();
    }
}

public static class RecordResearchArticleEndpoint
{
    /// <summary>The article as the appender takes it: completed while the person is a cadre, once per title and day.</summary>
    public static CadreFact<CadreServiceLog> Fact(RecordResearchArticle command, Guid articleId)
    {
        var completedOn = command.CompletedOn!.Value;
        return new([FactDate.WhileCadre("completedOn", completedOn)], log =>
        {
            var title = command.Title!.Trim();
            if (log.Articles.Any(a => !a.Revoked && a.Title == title && a.CompletedOn == completedOn))
                return Problem.Conflict(Msg("ArticleRecorded", log.StaffNo, title, completedOn));
            return Decision.Accept(new ResearchArticleRecorded(log.StaffNo, articleId, title, completedOn));
        });
    }

    public static Decision Decide(RecordResearchArticle command, CadreServiceLog log, Guid articleId, DateOnly today) =>
        Fact(command, articleId).Decide(log, today);

    /// <summary>Record a research article.</summary>
    /// <remarks>The same title on the same date twice is a 409.</remarks>
    /// <param name="staffNo">The cadre's staff number.</param>
    [WolverinePost("/api/v1/cadres/{staffNo}/research-articles", OperationId = "RecordResearchArticle"), Tags("ServiceVisits"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<ServiceFactRecorded>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string staffNo, RecordResearchArticle command, IDocumentSession session, TimeProvider clock) =>
        session.AppendCadreFactAsync(staffNo, clock, Fact(command, Guid.NewGuid()), appended =>
        {
            var article = (ResearchArticleRecorded)appended.Facts[0];
            return Results.Created(ServiceFacts.YearLocation(staffNo, article.CompletedOn.Year), new ServiceFactRecorded(article.ArticleId));
        });
}
