using CapabilityOps.Discipline.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Discipline.Sanctions;

/// <summary>Record a sanction for a violation of the work-style and discipline rules.</summary>
/// <param name="Severity">Warning (警告), Demerit (记过), MajorDemerit (记大过), Demotion (降级) or Dismissal (撤职).</param>
/// <param name="ImposedOn">YYYY-MM-DD of the decision.</param>
/// <param name="Violation">What was violated (confidential).</param>
/// <param name="Outcome">The decision's outcome (confidential).</param>
public sealed record ImposeSanction(SanctionSeverity? Severity, DateOnly? ImposedOn, string? Violation, string? Outcome) : IHasExample<ImposeSanction>
{
    public static ImposeSanction Example => new(SanctionSeverity.Warning, new DateOnly(2026, 5, 20), "违反工作纪律", "党内警告");
}

public sealed class ImposeSanctionValidator : AbstractValidator<ImposeSanction>
{
    public ImposeSanctionValidator()
    {
        RuleFor(x => x.Severity).KnownEnum();
        RuleFor(x => x.ImposedOn).Required();
        RuleFor(x => x.Violation).RequiredText(2000);
        RuleFor(x => x.Outcome).MaximumLength(2000);
    }
}

/// <summary>The id of the recorded fact.</summary>
public sealed record RecordedSanction(Guid Id, DateOnly PeriodEnds);

public static class ImposeSanctionEndpoint
{
    public static Decision Decide(ImposeSanction command, CadreRecord? cadre, string staffNo, DateOnly today)
    {
        if (cadre is null) return Problem.NotFound($"There is no cadre with staff number '{staffNo}'.");
        var on = command.ImposedOn!.Value;
        if (on > today) return Problem.Invalid("imposedOn", "'imposedOn' must not be in the future.");
        if (on < cadre.JoinedOn) return Problem.Invalid("imposedOn", $"'imposedOn' must not be before the cadre joined ({cadre.JoinedOn:yyyy-MM-dd}).");
        return Decision.Accept(new SanctionImposed(cadre.StaffNo, command.Severity!.Value, on, command.Violation!.Trim(), command.Outcome?.Trim()));
    }

    /// <summary>Record a disciplinary sanction.</summary>
    /// <remarks>Confidential: administrators only (the discipline inspection office's key). Other keys see in a cadre's history that a confidential fact exists, not what it says.</remarks>
    [WolverinePost("/api/v1/cadres/{staffNo}/sanctions", OperationId = "ImposeSanction"), Tags("Discipline"), AdminAccess, ScopedToCadre]
    [ProducesResponseType<RecordedSanction>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(string staffNo, ImposeSanction command, IDocumentSession session, TimeProvider clock)
    {
        var stream = await session.LockCadreAsync(staffNo);
        var decision = Decide(command, stream.Aggregate, staffNo, ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem.ToResult();
        stream.AppendMany(decision.Events);
        return Results.Created($"/api/v1/cadres/{staffNo}/history", new RecordedSanction(stream.Events[^1].Id, ((SanctionImposed)decision.Events[0]).PeriodEnds));
    }
}
