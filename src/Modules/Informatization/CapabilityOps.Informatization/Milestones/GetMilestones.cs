using CapabilityOps.Informatization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Informatization.Milestones;

public static class GetMilestonesEndpoint
{
    /// <summary>List the milestones of the three-level informatization, by due date.</summary>
    [WolverineGet("/api/v1/informatization-milestones", OperationId = "ListInformatizationMilestones"), Tags("Informatization"), ReadAccess]
    [NotUnitScoped("the three-level integration's milestones concern the whole bureau")]
    [ProducesResponseType<IReadOnlyList<MilestoneView>>(StatusCodes.Status200OK)]
    public static async Task<IResult> List(IQuerySession session, TimeProvider clock)
    {
        var today = ChinaTime.Today(clock);
        var milestones = await session.Query<MilestoneRecord>().ToListAsync();
        return Results.Ok(milestones.OrderBy(m => m.DueOn).ThenBy(m => m.Code, StringComparer.Ordinal).Select(m => MilestoneView.From(m, today)).ToList());
    }

    /// <summary>Read one milestone of the three-level informatization.</summary>
    /// <param name="code">The milestone's code.</param>
    /// <param name="session"></param>
    /// <param name="clock"></param>
    [WolverineGet("/api/v1/informatization-milestones/{code}", OperationId = "GetInformatizationMilestone"), Tags("Informatization"), ReadAccess]
    [NotUnitScoped("the three-level integration's milestones concern the whole bureau")]
    [ProducesResponseType<MilestoneView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string code, IQuerySession session, TimeProvider clock)
    {
        var milestone = await session.LoadAsync<MilestoneRecord>(InformatizationStreamKeys.Milestone(code));
        return milestone is null
            ? Problem.NotFound(Msg("NoSuchMilestone", code)).ToResult()
            : Results.Ok(MilestoneView.From(milestone, ChinaTime.Today(clock)));
    }
}
