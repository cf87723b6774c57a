using CapabilityOps.Organization.Contracts;
using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.ServiceVisits.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.ServiceVisits.Enterprises;

/// <summary>Begin fixed-point assistance (定点帮扶) to an enterprise.</summary>
/// <param name="Enterprise">The enterprise's name, e.g. 巴中市某某水泥有限公司 (at most 200 characters).</param>
/// <param name="Since">YYYY-MM-DD the assistance began: not in the future, not before the cadre joined.</param>
public sealed record AssistEnterprise(string? Enterprise, DateOnly? Since) : IHasExample<AssistEnterprise>
{
    public static AssistEnterprise Example => new("巴中某某水泥有限公司", new DateOnly(2026, 1, 5));
}

/// <summary>An assistance as recorded; <paramref name="EndedOn"/> is its last day, null while it goes on.</summary>
/// <param name="Id">The assistance's id, for ending it later.</param>
public sealed record AssistanceView(Guid Id, string Enterprise, DateOnly Since, DateOnly? EndedOn);

public sealed class AssistEnterpriseValidator : AbstractValidator<AssistEnterprise>
{
    public AssistEnterpriseValidator()
    {
        RuleFor(x => x.Enterprise).RequiredText(200);
        RuleFor(x => x.Since).Required();
    }
}

public static class AssistEnterpriseEndpoint
{
    /// <summary>The assistance as the appender takes it: begun while the person is a cadre, not overlapping one of the same enterprise.</summary>
    public static CadreFact<CadreServiceLog> Fact(AssistEnterprise command, Guid assistanceId)
    {
        var since = command.Since!.Value;
        return new([FactDate.WhileCadre("since", since)], log =>
        {
            var enterprise = command.Enterprise!.Trim();
            // One enterprise is assisted once at a time: a running (or later-ending) assistance of it overlaps this one.
            var overlapping = log.Assistances.Find(a => !a.Revoked && ServiceYear.EnterpriseKey(a.Enterprise) == ServiceYear.EnterpriseKey(enterprise)
                                                        && (a.EndedOn is null || a.EndedOn >= since));
            if (overlapping is not null)
                return Problem.Conflict(overlapping.EndedOn is { } end
                    ? Msg("AssistsAlreadyUntil", log.StaffNo, overlapping.Enterprise, overlapping.Since, end)
                    : Msg("AssistsAlready", log.StaffNo, overlapping.Enterprise, overlapping.Since));
            return Decision.Accept(new EnterpriseAssistanceStarted(log.StaffNo, assistanceId, enterprise, since));
        });
    }

    public static Decision Decide(AssistEnterprise command, CadreServiceLog log, Guid assistanceId, DateOnly today) =>
        Fact(command, assistanceId).Decide(log, today);

    /// <summary>Record that a cadre assists an enterprise.</summary>
    /// <remarks>
    /// An assistance counts for every year in which it runs at least one day, until it is ended
    /// (<c>POST …/assisted-enterprises/{id}/end</c>). The same enterprise twice at once is a 409.
    /// </remarks>
    /// <param name="staffNo">The cadre's staff number.</param>
    [WolverinePost("/api/v1/cadres/{staffNo}/assisted-enterprises", OperationId = "AssistEnterprise"), Tags("ServiceVisits"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<AssistanceView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string staffNo, AssistEnterprise command, IDocumentSession session, TimeProvider clock) =>
        session.AppendCadreFactAsync(staffNo, clock, Fact(command, Guid.NewGuid()), appended =>
        {
            var started = (EnterpriseAssistanceStarted)appended.Facts[0];
            return Results.Created(ServiceFacts.YearLocation(staffNo, started.Since.Year),
                new AssistanceView(started.AssistanceId, started.Enterprise, started.Since, null));
        });
}
