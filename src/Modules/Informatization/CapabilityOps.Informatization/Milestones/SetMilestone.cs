using CapabilityOps.Informatization.Contracts;
using CapabilityOps.Informatization.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Informatization.Milestones;

/// <summary>Set a milestone of the province–city–county informatization (INF-1).</summary>
/// <param name="Code">The milestone's code: 1–32 letters, digits or '-'. Unique.</param>
/// <param name="Title">What is to be done, 1–200 characters.</param>
/// <param name="Level">Provincial, Municipal or County.</param>
/// <param name="DueOn">YYYY-MM-DD it is due.</param>
public sealed record SetMilestone(string? Code, string? Title, MilestoneLevel? Level, DateOnly? DueOn) : IHasExample<SetMilestone>
{
    public static SetMilestone Example => new("INF-2020-01", "完成环境信息化省市县三级统筹建设", MilestoneLevel.Municipal, new DateOnly(2020, 12, 31));
}

public sealed class SetMilestoneValidator : AbstractValidator<SetMilestone>
{
    public SetMilestoneValidator()
    {
        RuleFor(x => x.Code).Code();
        RuleFor(x => x.Title).RequiredText(200);
        RuleFor(x => x.Level).KnownEnum();
        RuleFor(x => x.DueOn).Required();
    }
}

/// <summary>A milestone with its completion.</summary>
/// <param name="Code">The milestone's code.</param>
/// <param name="Title">What is to be done.</param>
/// <param name="Level">Provincial, Municipal or County.</param>
/// <param name="DueOn">The day it is due.</param>
/// <param name="CompletedOn">The day it was completed, or null.</param>
/// <param name="Late">Completed after its due date, or not completed and past it.</param>
public sealed record MilestoneView(string Code, string Title, MilestoneLevel Level, DateOnly DueOn, DateOnly? CompletedOn, bool Late)
{
    public static MilestoneView From(MilestoneRecord m, DateOnly today) =>
        new(m.Code, m.Title, m.Level, m.DueOn, m.CompletedOn, IsLate(m.DueOn, m.CompletedOn, today));

    public static bool IsLate(DateOnly dueOn, DateOnly? completedOn, DateOnly today) => (completedOn ?? today) > dueOn;
}

public static class SetMilestoneEndpoint
{
    public static Decision Decide(SetMilestone command, MilestoneRecord? existing) =>
        existing is not null
            ? Problem.Conflict(Msg("MilestoneExists", command.Code))
            : Decision.Accept(new InformatizationMilestoneSet(command.Code!, command.Title!.Trim(), command.Level!.Value, command.DueOn!.Value));

    /// <summary>Set a milestone of the three-level informatization.</summary>
    /// <remarks>A duplicate code is a 409.</remarks>
    [WolverinePost("/api/v1/informatization-milestones", OperationId = "SetInformatizationMilestone"), Tags("Informatization"), WriteAccess]
    [NotUnitScoped("the three-level integration's milestones concern the whole bureau")]
    [ProducesResponseType<MilestoneView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(SetMilestone command, IDocumentSession session, TimeProvider clock)
    {
        var key = InformatizationStreamKeys.Milestone(command.Code!);
        var decision = Decide(command, await session.LoadAsync<MilestoneRecord>(key));
        if (decision.Problem is { } problem) return problem.ToResult();

        session.Events.StartStream<MilestoneRecord>(key, decision.Events);
        var record = MilestoneProjection.Apply(null, key, decision.Events[0])!;
        return Results.Created($"/api/v1/informatization-milestones/{record.Code}", MilestoneView.From(record, ChinaTime.Today(clock)));
    }
}
