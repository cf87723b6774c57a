using CapabilityOps.Informatization.Contracts;
using CapabilityOps.Informatization.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Informatization.Milestones;

/// <summary>Record that a milestone was completed.</summary>
/// <param name="On">YYYY-MM-DD it was completed: not in the future.</param>
public sealed record CompleteMilestone(DateOnly? On) : IHasExample<CompleteMilestone>
{
    public static CompleteMilestone Example => new(new DateOnly(2020, 11, 30));
}

public sealed class CompleteMilestoneValidator : AbstractValidator<CompleteMilestone>
{
    public CompleteMilestoneValidator() => RuleFor(x => x.On).Required();
}

public static class CompleteMilestoneEndpoint
{
    public static Decision Decide(string code, CompleteMilestone command, MilestoneRecord? milestone, DateOnly today)
    {
        if (milestone is null) return Problem.NotFound(Msg("NoSuchMilestone", code));
        if (command.On!.Value > today) return Problem.InFuture("on");
        if (milestone.CompletedOn is { } completed) return Problem.Conflict(Msg("MilestoneCompletedAlready", code, completed));
        return Decision.Accept(new InformatizationMilestoneCompleted(milestone.Code, command.On.Value));
    }

    /// <summary>Record that a milestone was completed.</summary>
    /// <remarks>Completed after its due date, it is late. A second completion is a 409.</remarks>
    [WolverinePost("/api/v1/informatization-milestones/{code}/completion", OperationId = "CompleteInformatizationMilestone"), Tags("Informatization"), WriteAccess]
    [NotUnitScoped("the three-level integration's milestones concern the whole bureau")]
    [ProducesResponseType<MilestoneView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(string code, CompleteMilestone command, IDocumentSession session, TimeProvider clock)
    {
        var key = InformatizationStreamKeys.Milestone(code);
        var stream = await session.Events.FetchForExclusiveWriting<MilestoneRecord>(key);
        var today = ChinaTime.Today(clock);
        var decision = Decide(code, command, stream.Aggregate, today);
        if (decision.Problem is { } problem) return problem.ToResult();

        stream.AppendMany(decision.Events);
        // The answer from the state before and the completion; the record itself is the inline projection's to change.
        var completed = (InformatizationMilestoneCompleted)decision.Events[0];
        var before = stream.Aggregate!;
        return Results.Created($"/api/v1/informatization-milestones/{code}",
            MilestoneView.From(before, today) with { CompletedOn = completed.CompletedOn, Late = MilestoneView.IsLate(before.DueOn, completed.CompletedOn, today) });
    }
}
