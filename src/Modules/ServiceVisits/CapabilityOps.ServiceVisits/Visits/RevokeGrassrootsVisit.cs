using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.ServiceVisits.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.ServiceVisits.Visits;

/// <summary>Withdraw a visit recorded by mistake. It stops counting and stays in the cadre's history with the reason.</summary>
/// <param name="Reason">Why the visit is withdrawn, e.g. 重复录入 (at most 500 characters).</param>
public sealed record RevokeGrassrootsVisit(string? Reason) : IHasExample<RevokeGrassrootsVisit>
{
    public static RevokeGrassrootsVisit Example => new("重复录入");
}

/// <summary>A withdrawn visit.</summary>
public sealed record VisitRevoked(Guid Id, DateOnly From, DateOnly To, string Reason);

public sealed class RevokeGrassrootsVisitValidator : AbstractValidator<RevokeGrassrootsVisit>
{
    public RevokeGrassrootsVisitValidator() => RuleFor(x => x.Reason).RequiredText(500);
}

public static class RevokeGrassrootsVisitEndpoint
{
    public static Decision Decide(RevokeGrassrootsVisit command, CadreServiceLog log, Guid visitId)
    {
        var visit = log.Visits.Find(v => v.Id == visitId);
        if (visit is null) return Problem.NotFound($"Cadre '{log.StaffNo}' has no visit '{visitId}'.");
        if (visit.Revoked) return Problem.Conflict($"Visit '{visitId}' was revoked already ({visit.RevokedReason}).");
        return Decision.Accept(new GrassrootsVisitRevoked(log.StaffNo, visitId, command.Reason!.Trim()));
    }

    /// <summary>Revoke a grassroots visit.</summary>
    /// <remarks>Nothing is deleted: the revocation is a fact of its own. Revoking twice is a 409.</remarks>
    /// <param name="staffNo">The cadre's staff number.</param>
    /// <param name="visitId">The visit's id, as its recording answered.</param>
    [WolverinePost("/api/v1/cadres/{staffNo}/grassroots-visits/{visitId}/revoke", OperationId = "RevokeGrassrootsVisit"), Tags("ServiceVisits"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<VisitRevoked>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string staffNo, Guid visitId, RevokeGrassrootsVisit command, IDocumentSession session) =>
        ServiceLogChange.Apply(session, staffNo, log => Decide(command, log, visitId), (log, e) =>
        {
            var visit = log.Visits.Find(v => v.Id == visitId)!;
            return Results.Created(ServiceLogChange.YearView(staffNo, visit.From.Year),
                new VisitRevoked(visitId, visit.From, visit.To, ((GrassrootsVisitRevoked)e).Reason));
        });
}
