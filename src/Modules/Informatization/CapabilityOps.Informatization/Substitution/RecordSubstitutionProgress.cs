using CapabilityOps.Informatization.Contracts;
using CapabilityOps.Informatization.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Informatization.Substitution;

/// <summary>Record that a substitution item reached a status.</summary>
/// <param name="Status">InProgress, Replaced or Verified: later than the item's status (steps may be skipped, never gone back).</param>
/// <param name="On">YYYY-MM-DD it was reached: not in the future, not before the item's last step.</param>
public sealed record RecordSubstitutionProgress(SubstitutionStatus? Status, DateOnly? On) : IHasExample<RecordSubstitutionProgress>
{
    public static RecordSubstitutionProgress Example => new(SubstitutionStatus.Replaced, new DateOnly(2022, 5, 20));
}

public sealed class RecordSubstitutionProgressValidator : AbstractValidator<RecordSubstitutionProgress>
{
    public RecordSubstitutionProgressValidator()
    {
        RuleFor(x => x.Status).KnownEnum();
        RuleFor(x => x.On).Required();
    }
}

public static class RecordSubstitutionProgressEndpoint
{
    public static Decision Decide(string itemNo, RecordSubstitutionProgress command, SubstitutionItemRecord? item, DateOnly today)
    {
        if (item is null) return Problem.NotFound(Msg("NoSuchSubstitutionItem", itemNo));
        var (status, on) = (command.Status!.Value, command.On!.Value);
        if (on > today) return Problem.InFuture("on");
        if (status <= item.Status) return Problem.Conflict(Msg("SubstitutionNotForward", itemNo, item.Status, status));
        if (item.Progress.Count > 0 && on < item.Progress[^1].On)
            return Problem.Invalid("on", Msg("ProgressBeforeLastStep", item.Progress[^1].Status, item.Progress[^1].On));
        return Decision.Accept(new SubstitutionProgressed(item.ItemNo, status, on));
    }

    /// <summary>Record a substitution item's progress.</summary>
    /// <remarks>Progress moves forward through Planned → InProgress → Replaced → Verified and may skip steps; a status not later than the item's is a 409.</remarks>
    [WolverinePost("/api/v1/substitution-items/{itemNo}/progress", OperationId = "RecordSubstitutionProgress"), Tags("Informatization"), WriteAccess]
    [NotUnitScoped("the item's unit is checked by the endpoint: 403 when it is outside the key's units")]
    [ProducesResponseType<SubstitutionItemView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(string itemNo, RecordSubstitutionProgress command, IDocumentSession session, IAccessScope scope, TimeProvider clock)
    {
        // Locked: two steps posted at once are decided one after the other, so neither goes back.
        var key = InformatizationStreamKeys.SubstitutionItem(itemNo);
        var stream = await session.Events.FetchForExclusiveWriting<SubstitutionItemRecord>(key);
        if (stream.Aggregate is { } item && !await scope.CoversUnitAsync(item.UnitCode)) return Problem.OutOfScope.ToResult();
        var decision = Decide(itemNo, command, stream.Aggregate, ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem.ToResult();

        stream.AppendMany(decision.Events);
        // The answer from the state before and the step; the record itself is the inline projection's to change.
        var (before, step) = (stream.Aggregate!, (SubstitutionProgressed)decision.Events[0]);
        return Results.Created($"/api/v1/substitution-items?unit={before.UnitCode}",
            SubstitutionItemView.From(before) with { Status = step.Status, Progress = [.. before.Progress, new ProgressStep(step.Status, step.On)] });
    }
}
