using CapabilityOps.Informatization.Contracts;
using CapabilityOps.Informatization.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Informatization.Stations;

/// <summary>Register a monitoring station (INF-3).</summary>
/// <param name="Code">The station's code: 1–32 letters, digits or '-'. Unique.</param>
/// <param name="Name">The station's name, e.g. 某化工厂废水排放口在线监控点.</param>
/// <param name="Kind">PollutionSourceOnline (污染源在线监控点), AirAutomatic (空气自动站) or WaterAutomatic (水质自动站).</param>
/// <param name="UnitCode">The unit responsible for it.</param>
public sealed record RegisterMonitoringStation(string? Code, string? Name, StationKind? Kind, string? UnitCode) : IHasExample<RegisterMonitoringStation>
{
    public static RegisterMonitoringStation Example => new("AIR-0001", "城区空气自动站", StationKind.AirAutomatic, "WRYJKZX");
}

public sealed class RegisterMonitoringStationValidator : AbstractValidator<RegisterMonitoringStation>
{
    public RegisterMonitoringStationValidator()
    {
        RuleFor(x => x.Code).Code();
        RuleFor(x => x.Name).RequiredText(100);
        RuleFor(x => x.Kind).KnownEnum();
        RuleFor(x => x.UnitCode).Code();
    }
}

/// <summary>A monitoring station.</summary>
/// <param name="Code">The station's code.</param>
/// <param name="Name">The station's name.</param>
/// <param name="Kind">What it is.</param>
/// <param name="UnitCode">The unit responsible for it.</param>
public sealed record MonitoringStationView(string Code, string Name, StationKind Kind, string UnitCode)
{
    public static MonitoringStationView From(MonitoringStationRecord s) => new(s.Code, s.Name, s.Kind, s.UnitCode);
}

public static class RegisterMonitoringStationEndpoint
{
    public static Decision Decide(RegisterMonitoringStation command, MonitoringStationRecord? existing, UnitRecord? unit)
    {
        if (existing is not null) return Problem.Conflict(Msg("StationExists", command.Code));
        if (unit is null) return Problem.UnknownUnit("unitCode", command.UnitCode!);
        return Decision.Accept(new MonitoringStationRegistered(command.Code!, command.Name!.Trim(), command.Kind!.Value, unit.Code));
    }

    /// <summary>Register a monitoring station.</summary>
    /// <remarks>A duplicate code is a 409; an unknown unit a 400.</remarks>
    [WolverinePost("/api/v1/monitoring-stations", OperationId = "RegisterMonitoringStation"), Tags("Informatization"), WriteAccess, ScopedByBody("unitCode")]
    [ProducesResponseType<MonitoringStationView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(RegisterMonitoringStation command, IDocumentSession session, IAccessScope scope)
    {
        if (!await scope.CoversUnitAsync(command.UnitCode!)) return Problem.OutOfScope.ToResult();
        var key = InformatizationStreamKeys.Station(command.Code!);
        var batch = session.CreateBatchQuery();
        var existing = batch.Load<MonitoringStationRecord>(key);
        var unit = batch.Load<UnitRecord>(StreamKeys.Unit(command.UnitCode!));
        await batch.Execute();
        var decision = Decide(command, await existing, await unit);
        if (decision.Problem is { } problem) return problem.ToResult();

        session.Events.StartStream<MonitoringStationRecord>(key, decision.Events);
        var registered = (MonitoringStationRegistered)decision.Events[0];
        return Results.Created($"/api/v1/monitoring-stations/{registered.Code}",
            new MonitoringStationView(registered.Code, registered.Name, registered.Kind, registered.UnitCode));
    }
}
