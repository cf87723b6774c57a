using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.ServiceVisits.Contracts.Events;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.ServiceVisits.Corrections;

public static class RevokeImprovementSuggestionEndpoint
{
    public static Decision Decide(RevokeRecord command, CadreServiceLog log, Guid suggestionId)
    {
        var suggestion = log.Suggestions.Find(s => s.Id == suggestionId);
        if (suggestion is null) return Problem.NotFound($"Cadre '{log.StaffNo}' has no suggestions '{suggestionId}'.");
        if (suggestion.Revoked) return Problem.Conflict($"The suggestions '{suggestion.Title}' were revoked already ({suggestion.RevokedReason}).");
        return Decision.Accept(new ImprovementSuggestionRevoked(log.StaffNo, suggestionId, command.Reason!.Trim()));
    }

    /// <summary>Revoke suggestions and improvement measures recorded by mistake.</summary>
    /// <param name="staffNo">The cadre's staff number.</param>
    /// <param name="suggestionId">The record's id, as its recording answered.</param>
    [WolverinePost("/api/v1/cadres/{staffNo}/improvement-suggestions/{suggestionId}/revoke", OperationId = "RevokeImprovementSuggestion"), Tags("ServiceVisits"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<RecordRevoked>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string staffNo, Guid suggestionId, RevokeRecord command, IDocumentSession session) =>
        ServiceLogChange.Apply(session, staffNo, log => Decide(command, log, suggestionId), (log, e) =>
            Results.Created(ServiceLogChange.YearView(staffNo, log.Suggestions.Find(s => s.Id == suggestionId)!.MadeOn.Year),
                new RecordRevoked(suggestionId, ((ImprovementSuggestionRevoked)e).Reason)));
}
