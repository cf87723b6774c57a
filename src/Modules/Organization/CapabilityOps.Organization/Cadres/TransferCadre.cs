using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Organization.Cadres;

/// <summary>Move a cadre to another unit.</summary>
/// <param name="ToUnitCode">The unit the cadre moves to.</param>
/// <param name="EffectiveOn">YYYY-MM-DD from which the cadre belongs to it: not in the future, not before the cadre joined. A back-dated transfer is allowed.</param>
public sealed record TransferCadre(string? ToUnitCode, DateOnly? EffectiveOn) : IHasExample<TransferCadre>
{
    public static TransferCadre Example => new("XQ-ZFDD", new DateOnly(2026, 3, 1));
}

public sealed class TransferCadreValidator : AbstractValidator<TransferCadre>
{
    public TransferCadreValidator()
    {
        RuleFor(x => x.ToUnitCode).Code();
        RuleFor(x => x.EffectiveOn).Required();
    }
}

public static class TransferCadreEndpoint
{
    /// <summary>The transfer as the appender takes it: effective while the person is a cadre, into a known unit the cadre is not in that day.</summary>
    public static CadreFact<CadreRecord> Fact(TransferCadre command, UnitRecord? toUnit)
    {
        var effectiveOn = command.EffectiveOn!.Value;
        return new([FactDate.WhileCadre("effectiveOn", effectiveOn)], cadre =>
        {
            if (toUnit is null) return Problem.UnknownUnit("toUnitCode", command.ToUnitCode!);
            var from = cadre.UnitOn(effectiveOn);
            if (from == toUnit.Code) return Problem.Conflict(Msg("InUnitAlready", cadre.StaffNo, from, effectiveOn));
            return Decision.Accept(new CadreTransferred(cadre.StaffNo, from, toUnit.Code, effectiveOn));
        });
    }

    public static Decision Decide(TransferCadre command, CadreRecord cadre, UnitRecord? toUnit, DateOnly today) => Fact(command, toUnit).Decide(cadre, today);

    /// <summary>Transfer a cadre to another unit.</summary>
    [WolverinePost("/api/v1/cadres/{staffNo}/transfers", OperationId = "TransferCadre"), Tags("Organization"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<CadreView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(string staffNo, TransferCadre command, IDocumentSession session, TimeProvider clock, IAccessScope scope)
    {
        if (!await scope.CoversUnitAsync(command.ToUnitCode!)) return Problem.Forbidden(Msg("MayNotMoveCadresInto", command.ToUnitCode)).ToResult();
        var toUnit = await session.LoadAsync<UnitRecord>(StreamKeys.Unit(command.ToUnitCode!));
        return await session.AppendCadreFactAsync(staffNo, clock, Fact(command, toUnit), CadreView.Created);
    }
}
