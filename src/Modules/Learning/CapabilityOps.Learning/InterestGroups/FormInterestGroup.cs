using CapabilityOps.Learning.Attendance;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Learning.InterestGroups;

/// <summary>Record an interest group (兴趣小组) a unit formed (LRN-6).</summary>
/// <param name="Name">The group's name, e.g. 文学兴趣小组: 1–100 characters.</param>
/// <param name="Kind">Literature (文学), Sports (文体), Research (科研) or Other.</param>
/// <param name="FormedOn">YYYY-MM-DD the group was formed: not in the future.</param>
/// <param name="Members">Staff numbers of the founding members (more can join later).</param>
public sealed record FormInterestGroup(string? Name, InterestGroupKind? Kind, DateOnly? FormedOn, IReadOnlyList<string>? Members) : IHasExample<FormInterestGroup>
{
    public static FormInterestGroup Example => new("文学兴趣小组", InterestGroupKind.Literature, new DateOnly(2026, 3, 1), ["E-0001", "E-0002"]);
}

public sealed class FormInterestGroupValidator : AbstractValidator<FormInterestGroup>
{
    public FormInterestGroupValidator()
    {
        RuleFor(x => x.Name).RequiredText(100);
        RuleFor(x => x.Kind).KnownEnum();
        RuleFor(x => x.FormedOn).Required();
        RuleFor(x => x.Members).StaffNumbers();
    }
}

public static class FormInterestGroupEndpoint
{
    public static Decision Decide(string unitCode, FormInterestGroup command, UnitRecord? unit, Guid groupId, Func<string, CadreRecord?> cadreOf, DateOnly today)
    {
        if (unit is null) return Problem.NoSuchUnit(unitCode);
        var formedOn = command.FormedOn!.Value;
        if (formedOn > today) return Problem.InFuture("formedOn");

        var formed = new InterestGroupFormed(groupId, unit.Code, command.Name!.Trim(), command.Kind!.Value, formedOn);
        var members = InterestGroupMembers.DecideJoin(InterestGroupProjection.Apply(null, LearningStreamKeys.InterestGroup(groupId), formed)!,
            CadreLists.Distinct(command.Members), formedOn, cadreOf);
        if (members.Problem is { } problem) return problem;
        return Decision.Accept([formed, .. members.Events]);
    }

    /// <summary>Record an interest group of a unit, with its founding members.</summary>
    /// <remarks>Each member gets <c>InterestGroupJoined</c> in their history. Members must be cadres of the key's units.</remarks>
    [WolverinePost("/api/v1/units/{code}/interest-groups", OperationId = "FormInterestGroup"), Tags("Learning"), WriteAccess, ScopedToUnit]
    [ProducesResponseType<InterestGroupView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(string code, FormInterestGroup command, IDocumentSession session, IAccessScope scope, TimeProvider clock)
    {
        var groupId = Guid.CreateVersion7();
        var unit = await session.LoadAsync<UnitRecord>(StreamKeys.Unit(code));
        var cadres = await CadreLists.LoadAsync(session, CadreLists.Distinct(command.Members));
        if (await CadreLists.CheckScopeAsync(scope, cadres.Values) is { } forbidden) return forbidden.ToResult();

        var decision = Decide(code, command, unit, groupId, cadres.GetValueOrDefault, ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem.ToResult();

        var key = LearningStreamKeys.InterestGroup(groupId);
        InterestGroupRecord? record = null;
        await InterestGroupMembers.AppendAsync(session, decision, facts =>
        {
            session.Events.StartStream<InterestGroupRecord>(key, facts);
            record = facts.Aggregate(record, (r, e) => InterestGroupProjection.Apply(r, key, e));
        });
        return Results.Created($"/api/v1/units/{code}/interest-groups/{groupId}", InterestGroupView.From(record!));
    }
}
