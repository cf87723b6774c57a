using CapabilityOps.Equipment.Contracts;
using CapabilityOps.Equipment.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Equipment.Register;

/// <summary>Record maintenance or calibration done on an asset (EQP-2).</summary>
/// <param name="On">YYYY-MM-DD it was done: not in the future, not before the asset was acquired.</param>
/// <param name="Kind">Maintenance (维护保养) or Calibration (检定校准); each has its own next due date.</param>
/// <param name="NextDueOn">YYYY-MM-DD the next one of this kind is due, after On; none scheduled when left out.</param>
public sealed record RecordMaintenance(DateOnly? On, MaintenanceKind? Kind, DateOnly? NextDueOn) : IHasExample<RecordMaintenance>
{
    public static RecordMaintenance Example => new(new DateOnly(2026, 4, 15), MaintenanceKind.Calibration, new DateOnly(2027, 4, 15));
}

public sealed class RecordMaintenanceValidator : AbstractValidator<RecordMaintenance>
{
    public RecordMaintenanceValidator()
    {
        RuleFor(x => x.On).Required();
        RuleFor(x => x.Kind).KnownEnum();
        RuleFor(x => x.NextDueOn).Must((x, due) => due is null || x.On is null || due > x.On).WithText(Msg("DueAfterDone"));
    }
}

public static class RecordMaintenanceEndpoint
{
    public static Decision Decide(EquipmentRecord asset, RecordMaintenance command, DateOnly today)
    {
        var on = command.On!.Value;
        if (AssetWrites.CheckDate("on", on, asset, today) is { } wrong) return wrong;
        if (asset.RetiredOn is { } retiredOn && on > retiredOn) return Problem.Conflict(Msg("AssetRetired", asset.AssetNo, retiredOn));
        return Decision.Accept(new EquipmentMaintained(asset.AssetNo, on, command.Kind!.Value, command.NextDueOn));
    }

    /// <summary>Record maintenance or calibration of an asset, with the next due date.</summary>
    /// <remarks>The register lists what is due by a date (`GET /api/v1/equipment?maintenanceDueBy=`) and flags what is overdue. Maintenance after the asset was retired is a 409.</remarks>
    /// <param name="assetNo">The asset number.</param>
    [WolverinePost("/api/v1/equipment/{assetNo}/maintenance", OperationId = "RecordMaintenance"), Tags("Equipment"), WriteAccess]
    [NotUnitScoped("the unit holding the asset, read under the asset's lock, must be within the key's units: the endpoint checks it")]
    [ProducesResponseType<EquipmentView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string assetNo, RecordMaintenance command, IDocumentSession session, IAccessScope scope, TimeProvider clock) =>
        AssetWrites.AppendAsync(session, scope, assetNo, clock, (asset, today) => Task.FromResult(Decide(asset, command, today)));
}
