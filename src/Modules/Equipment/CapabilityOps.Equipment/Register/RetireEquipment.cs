using CapabilityOps.Equipment.Contracts;
using CapabilityOps.Equipment.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Equipment.Register;

/// <summary>Take an asset out of service.</summary>
/// <param name="On">YYYY-MM-DD it left service: not in the future, not before it was acquired.</param>
/// <param name="Reason">Why, e.g. 超过使用年限报废: 1–200 characters.</param>
public sealed record RetireEquipment(DateOnly? On, string? Reason) : IHasExample<RetireEquipment>
{
    public static RetireEquipment Example => new(new DateOnly(2026, 6, 30), "超过使用年限，经鉴定报废");
}

public sealed class RetireEquipmentValidator : AbstractValidator<RetireEquipment>
{
    public RetireEquipmentValidator()
    {
        RuleFor(x => x.On).Required();
        RuleFor(x => x.Reason).RequiredText(200);
    }
}

public static class RetireEquipmentEndpoint
{
    public static Decision Decide(EquipmentRecord asset, RetireEquipment command, DateOnly today)
    {
        if (AssetWrites.Retired(asset) is { } retired) return retired;
        if (AssetWrites.CheckDate("on", command.On!.Value, asset, today) is { } wrong) return wrong;
        if (command.On < asset.Units[^1].From) return Problem.Invalid("on", Msg("BeforeLastMove", asset.Units[^1].From));
        return Decision.Accept(new EquipmentRetired(asset.AssetNo, command.On.Value, command.Reason!.Trim()));
    }

    /// <summary>Take an asset out of service, with the reason.</summary>
    /// <remarks>A retired asset leaves the unit's list; retiring it again is a 409.</remarks>
    /// <param name="assetNo">The asset number.</param>
    [WolverinePost("/api/v1/equipment/{assetNo}/retirements", OperationId = "RetireEquipment"), Tags("Equipment"), WriteAccess]
    [NotUnitScoped("the unit holding the asset, read under the asset's lock, must be within the key's units: the endpoint checks it")]
    [ProducesResponseType<EquipmentView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string assetNo, RetireEquipment command, IDocumentSession session, IAccessScope scope, TimeProvider clock) =>
        AssetWrites.AppendAsync(session, scope, assetNo, clock, (asset, today) => Task.FromResult(Decide(asset, command, today)));
}
