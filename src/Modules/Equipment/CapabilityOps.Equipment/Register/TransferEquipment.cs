using CapabilityOps.Equipment.Contracts;
using CapabilityOps.Equipment.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Equipment.Register;

/// <summary>Move an asset to another unit.</summary>
/// <param name="ToUnitCode">The unit receiving it.</param>
/// <param name="On">YYYY-MM-DD from which it is there: not in the future, not before it was acquired or last moved.</param>
public sealed record TransferEquipment(string? ToUnitCode, DateOnly? On) : IHasExample<TransferEquipment>
{
    public static TransferEquipment Example => new("XQ-01", new DateOnly(2026, 3, 1));
}

public sealed class TransferEquipmentValidator : AbstractValidator<TransferEquipment>
{
    public TransferEquipmentValidator()
    {
        RuleFor(x => x.ToUnitCode).Code();
        RuleFor(x => x.On).Required();
    }
}

public static class TransferEquipmentEndpoint
{
    public static Decision Decide(EquipmentRecord asset, TransferEquipment command, UnitRecord? toUnit, DateOnly today)
    {
        if (AssetWrites.Retired(asset) is { } retired) return retired;
        if (toUnit is null) return Problem.UnknownUnit("toUnitCode", command.ToUnitCode!);
        if (toUnit.Code == asset.UnitCode) return Problem.Invalid("toUnitCode", Msg("AlreadyInUnit", asset.AssetNo, toUnit.Code));
        var on = command.On!.Value;
        if (AssetWrites.CheckDate("on", on, asset, today) is { } wrong) return wrong;
        if (on < asset.Units[^1].From) return Problem.Invalid("on", Msg("BeforeLastMove", asset.Units[^1].From));
        return Decision.Accept(new EquipmentTransferred(asset.AssetNo, asset.UnitCode, toUnit.Code, on));
    }

    /// <summary>Move an asset to another unit.</summary>
    /// <remarks>The unit holding the asset must be within the key's units. A retired asset cannot move (409).</remarks>
    /// <param name="assetNo">The asset number.</param>
    [WolverinePost("/api/v1/equipment/{assetNo}/transfers", OperationId = "TransferEquipment"), Tags("Equipment"), WriteAccess]
    [NotUnitScoped("the unit holding the asset, read under the asset's lock, must be within the key's units: the endpoint checks it")]
    [ProducesResponseType<EquipmentView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string assetNo, TransferEquipment command, IDocumentSession session, IAccessScope scope, TimeProvider clock) =>
        AssetWrites.AppendAsync(session, scope, assetNo, clock, async (asset, today) =>
            Decide(asset, command, await session.LoadAsync<UnitRecord>(StreamKeys.Unit(command.ToUnitCode!)), today));
}
