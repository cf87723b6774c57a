using CapabilityOps.Learning.Attendance;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Learning.InterestGroups;

/// <summary>Cadres join an interest group.</summary>
/// <param name="Members">Staff numbers; current members are left as they are.</param>
/// <param name="JoinedOn">YYYY-MM-DD they joined: not in the future, not before the group was formed.</param>
public sealed record JoinInterestGroup(IReadOnlyList<string>? Members, DateOnly? JoinedOn) : IHasExample<JoinInterestGroup>
{
    public static JoinInterestGroup Example => new(["E-0003"], new DateOnly(2026, 4, 1));
}

public sealed class JoinInterestGroupValidator : AbstractValidator<JoinInterestGroup>
{
    public JoinInterestGroupValidator()
    {
        RuleFor(x => x.Members).NotEmpty().WithText(Msg("AtLeastOneCadre", "members")).StaffNumbers();
        RuleFor(x => x.JoinedOn).Required();
    }
}

public static class JoinInterestGroupEndpoint
{
    public static Decision Decide(InterestGroupRecord group, JoinInterestGroup command, Func<string, Organization.Contracts.CadreRecord?> cadreOf, DateOnly today)
    {
        var joinedOn = command.JoinedOn!.Value;
        if (joinedOn > today) return Problem.InFuture("joinedOn");
        if (joinedOn < group.FormedOn) return Problem.Invalid("joinedOn", Msg("BeforeGroupFormed", group.FormedOn));
        return InterestGroupMembers.DecideJoin(group, CadreLists.Distinct(command.Members), joinedOn, cadreOf);
    }

    /// <summary>Add members to an interest group.</summary>
    /// <remarks>Each new member gets <c>InterestGroupJoined</c> in their history; repeating the request changes nothing.</remarks>
    [WolverinePost("/api/v1/units/{code}/interest-groups/{id}/members", OperationId = "JoinInterestGroup"), Tags("Learning"), WriteAccess, ScopedToUnit]
    [ProducesResponseType<InterestGroupView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(string code, Guid id, JoinInterestGroup command, IDocumentSession session, IAccessScope scope, TimeProvider clock)
    {
        var key = LearningStreamKeys.InterestGroup(id);
        var stream = await session.Events.FetchForExclusiveWriting<InterestGroupRecord>(key);
        if (stream.Aggregate is not { } group || group.UnitCode != code)
            return Problem.NotFound(Msg("NoInterestGroup", code, id)).ToResult();

        var cadres = await CadreLists.LoadAsync(session, CadreLists.Distinct(command.Members).Where(s => !group.IsMember(s)));
        if (await CadreLists.CheckScopeAsync(scope, cadres.Values) is { } forbidden) return forbidden.ToResult();
        var decision = Decide(group, command, cadres.GetValueOrDefault, ChinaTime.Today(clock));
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
