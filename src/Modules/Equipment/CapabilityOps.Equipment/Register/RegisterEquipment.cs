using CapabilityOps.Equipment.Contracts;
using CapabilityOps.Equipment.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Equipment.Register;

/// <summary>Enter an asset in the register (EQP-1).</summary>
/// <param name="AssetNo">The asset number (资产编号): 1–32 letters, digits or '-'. Unique.</param>
/// <param name="Kind">EnforcementVehicle, Drone, MobileEnforcementTerminal, MonitoringInstrument, VideoMonitoring, EmergencyEquipment or Other.</param>
/// <param name="Name">What it is, e.g. 便携式VOCs检测仪: 1–100 characters.</param>
/// <param name="UnitCode">The unit holding it.</param>
/// <param name="AcquiredOn">YYYY-MM-DD it was acquired: not in the future.</param>
/// <param name="ValueYuan">Its value in yuan: at least 0, at most two decimals.</param>
/// <param name="ServiceLifeYears">Its service life in whole years: 1–50.</param>
/// <param name="SerialNo">The maker's serial number, if any: at most 64 characters.</param>
public sealed record RegisterEquipment(string? AssetNo, EquipmentKind? Kind, string? Name, string? UnitCode, DateOnly? AcquiredOn, decimal? ValueYuan,
    int? ServiceLifeYears, string? SerialNo) : IHasExample<RegisterEquipment>
{
    public static RegisterEquipment Example => new("ZF-2024-0031", EquipmentKind.MonitoringInstrument, "便携式VOCs检测仪", "ZFZD",
        new DateOnly(2024, 5, 20), 86500.00m, 8, "PGM-7340-118842");
}

public sealed class RegisterEquipmentValidator : AbstractValidator<RegisterEquipment>
{
    public RegisterEquipmentValidator()
    {
        RuleFor(x => x.AssetNo).Code();
        RuleFor(x => x.Kind).KnownEnum();
        RuleFor(x => x.Name).RequiredText(100);
        RuleFor(x => x.UnitCode).Code();
        RuleFor(x => x.AcquiredOn).Required();
        RuleFor(x => x.ValueYuan).Yuan();
        RuleFor(x => x.ServiceLifeYears).Required().InclusiveBetween(1, 50).WithText(Msg("ServiceLifeRange"));
        RuleFor(x => x.SerialNo).MaximumLength(64).WithText(Msg("MaxLength", 64));
    }
}

public static class RegisterEquipmentEndpoint
{
    public static Decision Decide(RegisterEquipment command, bool exists, UnitRecord? unit, DateOnly today)
    {
        if (exists) return Problem.Conflict(Msg("AssetExists", command.AssetNo));
        if (unit is null) return Problem.UnknownUnit("unitCode", command.UnitCode!);
        if (command.AcquiredOn > today) return Problem.InFuture("acquiredOn");
        return Decision.Accept(new EquipmentRegistered(command.AssetNo!, command.Kind!.Value, command.Name!.Trim(), unit.Code, command.AcquiredOn!.Value,
            command.ValueYuan!.Value, command.ServiceLifeYears!.Value, string.IsNullOrWhiteSpace(command.SerialNo) ? null : command.SerialNo.Trim()));
    }

    /// <summary>Enter an asset in the register.</summary>
    /// <remarks>A duplicate asset number is a 409; an unknown unit a 400.</remarks>
    [WolverinePost("/api/v1/equipment", OperationId = "RegisterEquipment"), Tags("Equipment"), WriteAccess, ScopedByBody("unitCode")]
    [ProducesResponseType<EquipmentView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(RegisterEquipment command, IDocumentSession session, IAccessScope scope, TimeProvider clock)
    {
        if (!await scope.CoversUnitAsync(command.UnitCode!)) return Problem.OutOfScope.ToResult();
        var key = EquipmentStreamKeys.Asset(command.AssetNo!);
        var exists = await session.Events.FetchStreamStateAsync(key) is not null;
        var unit = await session.LoadAsync<UnitRecord>(StreamKeys.Unit(command.UnitCode!));
        var today = ChinaTime.Today(clock);
        var decision = Decide(command, exists, unit, today);
        if (decision.Problem is { } problem) return problem.ToResult();

        // Two registrations of one number racing: the second start of the stream fails, a 409.
        session.Events.StartStream<EquipmentRecord>(key, decision.Events);
        var asset = decision.Events.Aggregate((EquipmentRecord?)null, (a, e) => EquipmentRecord.Apply(a, key, e))!;
        return Results.Created($"/api/v1/equipment/{asset.AssetNo}", EquipmentView.Of(asset, today));
    }
}
