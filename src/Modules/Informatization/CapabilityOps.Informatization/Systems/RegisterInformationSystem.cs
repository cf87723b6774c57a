using CapabilityOps.Informatization.Contracts;
using CapabilityOps.Informatization.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Informatization.Systems;

/// <summary>Register an information system the bureau operates (INF-2).</summary>
/// <param name="Code">The system's code: 1–32 letters, digits or '-'. Unique.</param>
/// <param name="Name">The system's name, e.g. 视频会议系统.</param>
/// <param name="Kind">DataCentre, VideoConference, EGovernmentPlatform, OfficeNetwork, PollutionSourcePlatform or Other.</param>
/// <param name="UnitCode">The unit that operates it.</param>
public sealed record RegisterInformationSystem(string? Code, string? Name, SystemKind? Kind, string? UnitCode) : IHasExample<RegisterInformationSystem>
{
    public static RegisterInformationSystem Example => new("VC-CITY", "市县视频会议系统", SystemKind.VideoConference, "WRYJKZX");
}

public sealed class RegisterInformationSystemValidator : AbstractValidator<RegisterInformationSystem>
{
    public RegisterInformationSystemValidator()
    {
        RuleFor(x => x.Code).Code();
        RuleFor(x => x.Name).RequiredText(100);
        RuleFor(x => x.Kind).KnownEnum();
        RuleFor(x => x.UnitCode).Code();
    }
}

/// <summary>An information system.</summary>
/// <param name="Code">The system's code.</param>
/// <param name="Name">The system's name.</param>
/// <param name="Kind">What it is.</param>
/// <param name="UnitCode">The unit that operates it.</param>
public sealed record InformationSystemView(string Code, string Name, SystemKind Kind, string UnitCode)
{
    public static InformationSystemView From(InformationSystemRecord s) => new(s.Code, s.Name, s.Kind, s.UnitCode);
}

public static class RegisterInformationSystemEndpoint
{
    public static Decision Decide(RegisterInformationSystem command, InformationSystemRecord? existing, UnitRecord? unit)
    {
        if (existing is not null) return Problem.Conflict(Msg("SystemExists", command.Code));
        if (unit is null) return Problem.UnknownUnit("unitCode", command.UnitCode!);
        return Decision.Accept(new InformationSystemRegistered(command.Code!, command.Name!.Trim(), command.Kind!.Value, unit.Code));
    }

    /// <summary>Register an information system.</summary>
    /// <remarks>A duplicate code is a 409; an unknown unit a 400.</remarks>
    [WolverinePost("/api/v1/information-systems", OperationId = "RegisterInformationSystem"), Tags("Informatization"), WriteAccess, ScopedByBody("unitCode")]
    [ProducesResponseType<InformationSystemView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(RegisterInformationSystem command, IDocumentSession session, IAccessScope scope)
    {
        if (!await scope.CoversUnitAsync(command.UnitCode!)) return Problem.OutOfScope.ToResult();
        var key = InformatizationStreamKeys.System(command.Code!);
        var batch = session.CreateBatchQuery();
        var existing = batch.Load<InformationSystemRecord>(key);
        var unit = batch.Load<UnitRecord>(StreamKeys.Unit(command.UnitCode!));
        await batch.Execute();
        var decision = Decide(command, await existing, await unit);
        if (decision.Problem is { } problem) return problem.ToResult();

        session.Events.StartStream<InformationSystemRecord>(key, decision.Events);
        var registered = (InformationSystemRegistered)decision.Events[0];
        return Results.Created($"/api/v1/information-systems/{registered.Code}",
            new InformationSystemView(registered.Code, registered.Name, registered.Kind, registered.UnitCode));
    }
}
