using CapabilityOps.Learning.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Learning.InterestGroups;

/// <summary>An interest group with its current members and every past membership.</summary>
/// <param name="Members">Staff numbers of the current members.</param>
/// <param name="Memberships">Every membership, with the day it began and, for past ones, ended.</param>
public sealed record InterestGroupView(
    Guid Id,
    string UnitCode,
    string Name,
    InterestGroupKind Kind,
    DateOnly FormedOn,
    IReadOnlyList<string> Members,
    IReadOnlyList<InterestGroupMembership> Memberships)
{
    public static InterestGroupView From(InterestGroupRecord g) => new(g.GroupId, g.UnitCode, g.Name, g.Kind, g.FormedOn,
        g.Members.Where(m => m.LeftOn is null).Select(m => m.StaffNo).ToList(), [.. g.Members]);
}

public static class GetInterestGroupsEndpoint
{
    /// <summary>Read one interest group with its members.</summary>
    [WolverineGet("/api/v1/units/{code}/interest-groups/{id}", OperationId = "GetInterestGroup"), Tags("Learning"), ReadAccess, ScopedToUnit]
    [ProducesResponseType<InterestGroupView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string code, Guid id, IQuerySession session)
    {
        var group = await session.LoadAsync<InterestGroupRecord>(LearningStreamKeys.InterestGroup(id));
        return group is null || group.UnitCode != code
            ? Problem.NotFound(Msg("NoInterestGroup", code, id)).ToResult()
            : Results.Ok(InterestGroupView.From(group));
    }

    /// <summary>List a unit's interest groups.</summary>
    [WolverineGet("/api/v1/units/{code}/interest-groups", OperationId = "ListInterestGroups"), Tags("Learning"), ReadAccess, ScopedToUnit]
    [ProducesResponseType<IReadOnlyList<InterestGroupView>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> List(string code, IQuerySession session)
    {
        var batch = session.CreateBatchQuery();
        var unit = batch.Load<UnitRecord>(StreamKeys.Unit(code));
        var groups = batch.Query<InterestGroupRecord>().Where(g => g.UnitCode == code).ToList();
        await batch.Execute();
        if (await unit is null) return Problem.NoSuchUnit(code).ToResult();
        return Results.Ok((await groups).OrderBy(g => g.FormedOn).ThenBy(g => g.Name, StringComparer.Ordinal).Select(InterestGroupView.From).ToList());
    }
}
