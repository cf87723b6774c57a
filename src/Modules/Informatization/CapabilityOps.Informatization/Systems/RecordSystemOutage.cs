using CapabilityOps.Informatization.Contracts;
using CapabilityOps.Informatization.Contracts.Events;
using CapabilityOps.Informatization.Outages;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Informatization.Systems;

public static class RecordSystemOutageEndpoint
{
    public static Decision Decide(string code, RecordOutage command, InformationSystemRecord? system, Guid outageId, DateTimeOffset now)
    {
        if (system is null) return Problem.NotFound(Msg("NoSuchSystem", code));
        if (OutageRules.Check(command, now) is { } problem) return problem;
        return Decision.Accept(new SystemOutageRecorded(outageId, system.Code, command.From!.Value, command.To!.Value,
            command.Cause!.Trim(), command.Impact!.Trim()));
    }

    /// <summary>Record an outage of an information system.</summary>
    /// <remarks>Posted by an operator or by the monitoring platform. Overlapping outages count once in the availability.</remarks>
    [WolverinePost("/api/v1/information-systems/{code}/outages", OperationId = "RecordSystemOutage"), Tags("Informatization"), WriteAccess]
    [NotUnitScoped("the system's unit is checked by the endpoint: 403 when it is outside the key's units")]
    [ProducesResponseType<OutageView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(string code, RecordOutage command, IDocumentSession session, IAccessScope scope, TimeProvider clock)
    {
        // Locked, so outages posted at once by an operator and by the platform queue instead of colliding on the version.
        var stream = await session.Events.FetchForExclusiveWriting<InformationSystemRecord>(InformatizationStreamKeys.System(code));
        if (stream.Aggregate is { } system && !await scope.CoversUnitAsync(system.UnitCode)) return Problem.OutOfScope.ToResult();
        var decision = Decide(code, command, stream.Aggregate, Guid.CreateVersion7(), clock.GetUtcNow());
        if (decision.Problem is { } problem) return problem.ToResult();

        stream.AppendMany(decision.Events);
        var outage = (SystemOutageRecorded)decision.Events[0];
        return Results.Created($"/api/v1/information-systems/{code}/availability?year={ChinaTime.DateOf(outage.From).Year}",
            new OutageView(outage.OutageId, outage.From, outage.To, outage.Cause, outage.Impact));
    }
}
