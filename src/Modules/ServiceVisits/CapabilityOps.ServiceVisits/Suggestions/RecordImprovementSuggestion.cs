using CapabilityOps.Organization.Contracts;
using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.ServiceVisits.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.ServiceVisits.Suggestions;

/// <summary>Record targeted suggestions and improvement measures (有针对性的建议意见和改进措施) a cadre put forward (SVC-2).</summary>
/// <param name="Title">A short title, e.g. 关于加强涉VOCs企业治理的建议 (at most 200 characters).</param>
/// <param name="MadeOn">YYYY-MM-DD they were put forward: not in the future, not before the cadre joined. They count in that year.</param>
/// <param name="Suggestions">The suggestions themselves (at most 4000 characters).</param>
/// <param name="Measures">The improvement measures proposed (optional, at most 4000 characters).</param>
/// <param name="AddressedTo">The enterprise, unit or place they are for (optional, at most 200 characters).</param>
public sealed record RecordImprovementSuggestion(string? Title, DateOnly? MadeOn, string? Suggestions, string? Measures, string? AddressedTo)
    : IHasExample<RecordImprovementSuggestion>
{
    public static RecordImprovementSuggestion Example => new("关于加强涉VOCs企业治理的建议", new DateOnly(2026, 5, 20),
        "对辖区涉VOCs企业开展分类整治，建立问题清单。", "每季度回访一次，整改情况录入台账。", "巴中某某化工有限公司");
}

public sealed class RecordImprovementSuggestionValidator : AbstractValidator<RecordImprovementSuggestion>
{
    public RecordImprovementSuggestionValidator()
    {
        RuleFor(x => x.Title).RequiredText(200);
        RuleFor(x => x.MadeOn).Required();
        RuleFor(x => x.Suggestions).RequiredText(4000);
        RuleFor(x => x.Measures).MaximumLength(4000).WithText(Msg("MeasuresAtMost"));
        RuleFor(x => x.AddressedTo).MaximumLength(200).WithText(Msg("AddressedToAtMost"));
    }
}

public static class RecordImprovementSuggestionEndpoint
{
    /// <summary>The suggestions as the appender takes them: made while the person is a cadre, once per title and day.</summary>
    public static CadreFact<CadreServiceLog> Fact(RecordImprovementSuggestion command, Guid suggestionId)
    {
        var madeOn = command.MadeOn!.Value;
        return new([FactDate.WhileCadre("madeOn", madeOn)], log =>
        {
            var title = command.Title!.Trim();
            if (log.Suggestions.Any(s => !s.Revoked && s.Title == title && s.MadeOn == madeOn))
                return Problem.Conflict(Msg("SuggestionsRecorded", log.StaffNo, title, madeOn));
            return Decision.Accept(new ImprovementSuggestionRecorded(log.StaffNo, suggestionId, title, madeOn, command.Suggestions!.Trim(),
                Blank(command.Measures), Blank(command.AddressedTo)));
        });
    }

    public static Decision Decide(RecordImprovementSuggestion command, CadreServiceLog log, Guid suggestionId, DateOnly today) =>
        Fact(command, suggestionId).Decide(log, today);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Record targeted suggestions and improvement measures.</summary>
    /// <remarks>SVC-2 asks section-level cadres for them every year. The same title on the same date twice is a 409.</remarks>
    /// <param name="staffNo">The cadre's staff number.</param>
    [WolverinePost("/api/v1/cadres/{staffNo}/improvement-suggestions", OperationId = "RecordImprovementSuggestion"), Tags("ServiceVisits"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<ServiceFactRecorded>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string staffNo, RecordImprovementSuggestion command, IDocumentSession session, TimeProvider clock) =>
        session.AppendCadreFactAsync(staffNo, clock, Fact(command, Guid.NewGuid()), appended =>
        {
            var recorded = (ImprovementSuggestionRecorded)appended.Facts[0];
            return Results.Created(ServiceFacts.YearLocation(staffNo, recorded.MadeOn.Year), new ServiceFactRecorded(recorded.SuggestionId));
        });
}
