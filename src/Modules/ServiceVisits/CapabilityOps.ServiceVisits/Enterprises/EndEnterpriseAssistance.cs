using CapabilityOps.Organization.Contracts;
using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.ServiceVisits.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.ServiceVisits.Enterprises;

/// <summary>End a fixed-point assistance to an enterprise.</summary>
/// <param name="EndedOn">YYYY-MM-DD of the assistance's last day: on or after it began, not in the future.</param>
/// <param name="Reason">Why it ended, e.g. 企业已整改完毕 (optional, at most 500 characters).</param>
public sealed record EndEnterpriseAssistance(DateOnly? EndedOn, string? Reason) : IHasExample<EndEnterpriseAssistance>
{
    public static EndEnterpriseAssistance Example => new(new DateOnly(2026, 6, 30), "企业已整改完毕");
}

public sealed class EndEnterpriseAssistanceValidator : AbstractValidator<EndEnterpriseAssistance>
{
    public EndEnterpriseAssistanceValidator()
    {
        RuleFor(x => x.EndedOn).Required();
        RuleFor(x => x.Reason).MaximumLength(500).WithText(Msg("ReasonAtMost"));
    }
}

public static class EndEnterpriseAssistanceEndpoint
{
    /// <summary>The end as the appender takes it: a day while the person is a cadre, of a running assistance, not before it began.</summary>
    public static CadreFact<CadreServiceLog> Fact(EndEnterpriseAssistance command, Guid assistanceId)
    {
        var endedOn = command.EndedOn!.Value;
        return new([FactDate.WhileCadre("endedOn", endedOn)], log =>
        {
            var assistance = log.Assistances.Find(a => a.Id == assistanceId);
            if (assistance is null) return Problem.NotFound(Msg("NoRecord", log.StaffNo, Msg("Noun.assistance"), assistanceId));
            if (assistance.Revoked) return Problem.Conflict(Msg("AssistanceRevoked", assistance.Enterprise, assistance.RevokedReason));
            if (assistance.EndedOn is { } ended) return Problem.Conflict(Msg("AssistanceEnded", assistance.Enterprise, ended));
            if (endedOn < assistance.Since)
                return Problem.Invalid("endedOn", Msg("EndedBeforeBegan", assistance.Since));
            var reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
            return Decision.Accept(new EnterpriseAssistanceEnded(log.StaffNo, assistanceId, assistance.Enterprise, endedOn, reason));
        });
    }

    public static Decision Decide(EndEnterpriseAssistance command, CadreServiceLog log, Guid assistanceId, DateOnly today) =>
        Fact(command, assistanceId).Decide(log, today);

    /// <summary>End a cadre's assistance to an enterprise.</summary>
    /// <remarks>It still counts for the years it ran in, up to and including the year of <c>endedOn</c>; not after. Ending twice is a 409.</remarks>
    /// <param name="staffNo">The cadre's staff number.</param>
    /// <param name="assistanceId">The assistance's id, as its recording answered.</param>
    [WolverinePost("/api/v1/cadres/{staffNo}/assisted-enterprises/{assistanceId}/end", OperationId = "EndEnterpriseAssistance"), Tags("ServiceVisits"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<AssistanceView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string staffNo, Guid assistanceId, EndEnterpriseAssistance command, IDocumentSession session, TimeProvider clock) =>
        session.AppendCadreFactAsync(staffNo, clock, Fact(command, assistanceId), appended =>
        {
            var ended = (EnterpriseAssistanceEnded)appended.Facts[0];
            var since = appended.Before.Assistances.Find(a => a.Id == assistanceId)!.Since;
            return Results.Created(ServiceFacts.YearLocation(staffNo, ended.EndedOn.Year),
                new AssistanceView(assistanceId, ended.Enterprise, since, ended.EndedOn));
        });
}
