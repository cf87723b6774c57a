using CapabilityOps.Learning.Attendance;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Learning.InterestGroups;

/// <summary>A member leaves an interest group.</summary>
/// <param name="StaffNo">The member's staff number.</param>
/// <param name="LeftOn">YYYY-MM-DD they left: not in the future, not before they joined.</param>
public sealed record LeaveInterestGroup(string? StaffNo, DateOnly? LeftOn) : IHasExample<LeaveInterestGroup>
{
    public static LeaveInterestGroup Example => new("E-0002", new DateOnly(2026, 9, 30));
}

public sealed class LeaveInterestGroupValidator : AbstractValidator<LeaveInterestGroup>
{
    public LeaveInterestGroupValidator()
    {
        RuleFor(x => x.StaffNo).Code();
        RuleFor(x => x.LeftOn).Required();
    }
}

public static class LeaveInterestGroupEndpoint
{
    public static Decision Decide(InterestGroupRecord group, LeaveInterestGroup command, DateOnly today)
    {
        var staffNo = command.StaffNo!;
        var membership = group.Members.LastOrDefault(m => m.StaffNo == staffNo && m.LeftOn is null);
        if (membership is null) return Problem.Conflict(Msg("NotAMember", staffNo, group.Name));
        var leftOn = command.LeftOn!.Value;
        if (leftOn > today) return Problem.InFuture("leftOn");
        if (leftOn < membership.JoinedOn) return Problem.Invalid("leftOn", Msg("BeforeMemberJoined", membership.JoinedOn));
        return Decision.Accept(new InterestGroupMemberLeft(group.GroupId, group.UnitCode, staffNo, leftOn), new InterestGroupLeft(group.GroupId, staffNo, leftOn));
    }

    /// <summary>Record that a member left an interest group.</summary>
    /// <remarks>The cadre gets <c>InterestGroupLeft</c> in their history; the membership stays in the group's record with its end.</remarks>
    [WolverinePost("/api/v1/units/{code}/interest-groups/{id}/departures", OperationId = "LeaveInterestGroup"), Tags("Learning"), WriteAccess, ScopedToUnit]
    [ProducesResponseType<InterestGroupView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(string code, Guid id, LeaveInterestGroup command, IDocumentSession session, IAccessScope scope, TimeProvider clock)
    {
        var key = LearningStreamKeys.InterestGroup(id);
        var stream = await session.Events.FetchForExclusiveWriting<InterestGroupRecord>(key);
        if (stream.Aggregate is not { } group || group.UnitCode != code)
            return Problem.NotFound(Msg("NoInterestGroup", code, id)).ToResult();
        var cadres = await CadreLists.LoadAsync(session, [command.StaffNo!]);
        if (await CadreLists.CheckScopeAsync(scope, cadres.Values) is { } forbidden) return forbidden.ToResult();

        var decision = Decide(group, command, ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem.ToResult();

        var after = group;
        await InterestGroupMembers.AppendAsync(session, decision, facts =>
        {
            stream.AppendMany(facts);
            after = facts.Aggregate(group, (r, e) => InterestGroupProjection.Apply(r, key, e)!);
        });
        return Results.Ok(InterestGroupView.From(after));
    }
}
