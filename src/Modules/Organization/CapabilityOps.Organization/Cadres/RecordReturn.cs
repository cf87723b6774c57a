using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Organization.Cadres;

/// <summary>Bring a departed cadre back into the system (re-employment, transfer back).</summary>
/// <param name="EffectiveOn">YYYY-MM-DD, the first day of membership again: after the departure, not in the future.</param>
/// <param name="UnitCode">The unit the cadre returns to: a known unit within the key's units.</param>
public sealed record RecordReturn(DateOnly? EffectiveOn, string? UnitCode) : IHasExample<RecordReturn>
{
    public static RecordReturn Example => new(new DateOnly(2026, 9, 1), "RSK");
}

public sealed class RecordReturnValidator : AbstractValidator<RecordReturn>
{
    public RecordReturnValidator()
    {
        RuleFor(x => x.EffectiveOn).Required();
        RuleFor(x => x.UnitCode).Code();
    }
}

public static class RecordReturnEndpoint
{
    /// <summary>The return as the appender takes it: only for a cadre who has left (409 otherwise), after the departure, into a known unit.</summary>
    public static CadreFact<CadreRecord> Fact(RecordReturn command, UnitRecord? unit)
    {
        var effectiveOn = command.EffectiveOn!.Value;
        return new CadreFact<CadreRecord>([FactDate.WhileCadre("effectiveOn", effectiveOn)], cadre =>
        {
            if (cadre.CurrentDeparture() is not { } left)
                return Problem.Conflict(Msg("HasNotLeft", cadre.StaffNo));
            if (effectiveOn <= left.LeftOn)
                return Problem.Invalid("effectiveOn", Msg("ReturnBeforeLeaving", left.LeftOn));
            if (unit is null) return Problem.UnknownUnit("unitCode", command.UnitCode!);
            return Decision.Accept(new CadreReturned(cadre.StaffNo, effectiveOn, unit.Code));
        }).AfterDeparture();
    }

    public static Decision Decide(RecordReturn command, CadreRecord cadre, UnitRecord? unit, DateOnly today) => Fact(command, unit).Decide(cadre, today);

    /// <summary>Bring a departed cadre back into a unit.</summary>
    /// <remarks>Only for a departed cadre (409 otherwise). The cadre counts again from the return; the months away do not.</remarks>
    [WolverinePost("/api/v1/cadres/{staffNo}/returns", OperationId = "RecordReturn"), Tags("Organization"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<CadreView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(string staffNo, RecordReturn command, IDocumentSession session, TimeProvider clock, IAccessScope scope)
    {
        if (!await scope.CoversUnitAsync(command.UnitCode!)) return Problem.Forbidden(Msg("MayNotBringCadresInto", command.UnitCode)).ToResult();
        var unit = await session.LoadAsync<UnitRecord>(StreamKeys.Unit(command.UnitCode!));
        return await session.AppendCadreFactAsync(staffNo, clock, Fact(command, unit), CadreView.Created);
    }
}
