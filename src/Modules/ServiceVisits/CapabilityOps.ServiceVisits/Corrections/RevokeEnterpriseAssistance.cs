using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.ServiceVisits.Contracts.Events;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.ServiceVisits.Corrections;

public static class RevokeEnterpriseAssistanceEndpoint
{
    public static Decision Decide(RevokeRecord command, CadreServiceLog log, Guid assistanceId)
    {
        var assistance = log.Assistances.Find(a => a.Id == assistanceId);
        if (assistance is null) return Problem.NotFound($"Cadre '{log.StaffNo}' has no assistance '{assistanceId}'.");
        if (assistance.Revoked) return Problem.Conflict($"The assistance to '{assistance.Enterprise}' was revoked already ({assistance.RevokedReason}).");
        return Decision.Accept(new EnterpriseAssistanceRevoked(log.StaffNo, assistanceId, command.Reason!.Trim()));
    }

    /// <summary>Revoke an assistance recorded by mistake.</summary>
    /// <remarks>It then counts in no year. An assistance that really ran and stopped is ended instead (<c>…/end</c>), keeping its years.</remarks>
    /// <param name="staffNo">The cadre's staff number.</param>
    /// <param name="assistanceId">The assistance's id, as its recording answered.</param>
    [WolverinePost("/api/v1/cadres/{staffNo}/assisted-enterprises/{assistanceId}/revoke", OperationId = "RevokeEnterpriseAssistance"), Tags("ServiceVisits"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<RecordRevoked>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string staffNo, Guid assistanceId, RevokeRecord command, IDocumentSession session) =>
        ServiceLogChange.Apply(session, staffNo, log => Decide(command, log, assistanceId), (log, e) =>
            Results.Created(ServiceLogChange.YearView(staffNo, log.Assistances.Find(a => a.Id == assistanceId)!.Since.Year),
                new RecordRevoked(assistanceId, ((EnterpriseAssistanceRevoked)e).Reason)));
}
