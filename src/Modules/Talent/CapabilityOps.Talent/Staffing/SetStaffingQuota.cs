using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Talent.Contracts.Events;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Talent.Staffing;

/// <summary>Set a unit's staffing quota (编制) from a business date.</summary>
/// <param name="Quota">The number of posts, 0 or more.</param>
/// <param name="EffectiveOn">YYYY-MM-DD the quota holds from; not in the future.</param>
public sealed record SetStaffingQuota(int? Quota, DateOnly? EffectiveOn) : IHasExample<SetStaffingQuota>
{
    public static SetStaffingQuota Example => new(42, new DateOnly(2026, 1, 1));
}

public sealed class SetStaffingQuotaValidator : AbstractValidator<SetStaffingQuota>
{
    public SetStaffingQuotaValidator()
    {
        RuleFor(x => x.Quota).Required().GreaterThanOrEqualTo(0).WithText(Msg("NotNegative"));
        RuleFor(x => x.EffectiveOn).Required();
    }
}

public static class SetStaffingQuotaEndpoint
{
    public static Decision Decide(string unitCode, SetStaffingQuota command, DateOnly today) =>
        command.EffectiveOn > today
            ? Problem.InFuture("effectiveOn")
            : Decision.Accept(new StaffingQuotaSet(unitCode, command.Quota!.Value, command.EffectiveOn!.Value));

    /// <summary>Set a unit's staffing quota from a business date.</summary>
    /// <remarks>Answers the unit's vacancies today under the new quota.</remarks>
    [WolverinePut("/api/v1/units/{code}/staffing-quota", OperationId = "SetStaffingQuota"), Tags("Talent and care"), WriteAccess, ScopedToUnit]
    [ProducesResponseType<VacanciesView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Put(string code, SetStaffingQuota command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        if (await session.LoadAsync<UnitRecord>(StreamKeys.Unit(code), cancellation) is null) return Problem.NoSuchUnit(code).ToResult();
        var key = StaffingStreams.Of(code);
        var stream = await session.Events.FetchForExclusiveWriting<UnitStaffing>(key, cancellation);
        var today = ChinaTime.Today(clock);
        var decision = Decide(code, command, today);
        if (decision.Problem is { } problem) return problem.ToResult();
        stream.AppendMany(decision.Events);
        var after = decision.Events.Aggregate(stream.Aggregate, (s, e) => UnitStaffingProjection.Apply(s, key, e));
        return Results.Ok(VacanciesView.Of(code, today, after, await VacanciesView.StaffedAsync(session, code, today, cancellation)));
    }
}
