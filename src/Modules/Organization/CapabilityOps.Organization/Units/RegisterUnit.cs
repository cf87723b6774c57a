using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Organization.Units;

/// <summary>Register a unit in the bureau's tree.</summary>
/// <param name="Code">The unit's code: 1–32 letters, digits or '-'. Unique.</param>
/// <param name="Name">The unit's Chinese name, e.g. 人事科.</param>
/// <param name="Kind">CityBureau (the root, no parent), Department, DirectUnit or CountyBureau.</param>
/// <param name="ParentCode">The parent unit's code; required for every kind but CityBureau.</param>
public sealed record RegisterUnit(string? Code, string? Name, UnitKind? Kind, string? ParentCode) : IHasExample<RegisterUnit>
{
    public static RegisterUnit Example => new("RSK", "人事科", UnitKind.Department, "CITY");
}

public sealed class RegisterUnitValidator : AbstractValidator<RegisterUnit>
{
    public RegisterUnitValidator()
    {
        RuleFor(x => x.Code).Code();
        RuleFor(x => x.Name).RequiredText(100);
        RuleFor(x => x.Kind).KnownEnum();
        RuleFor(x => x.ParentCode).Matches(Validation.CodePattern()).When(x => x.ParentCode is not null)
            .WithText(Msg("ParentCodeFormat"));
    }
}

public static class RegisterUnitEndpoint
{
    public static Decision Decide(RegisterUnit command, UnitRecord? existing, UnitRecord? parent)
    {
        if (existing is not null) return Problem.Conflict(Msg("UnitExists", command.Code));
        if (command.Kind == UnitKind.CityBureau && command.ParentCode is not null)
            return Problem.Invalid("parentCode", Msg("CityBureauHasNoParent"));
        if (command.Kind != UnitKind.CityBureau && command.ParentCode is null)
            return Problem.Invalid("parentCode", Msg("NeedsParent", command.Kind));
        if (command.ParentCode is not null && parent is null)
            return Problem.UnknownUnit("parentCode", command.ParentCode!);

        var path = parent is null ? [command.Code!] : (List<string>)[.. parent.Path, command.Code!];
        return Decision.Accept(new UnitRegistered(command.Code!, command.Name!.Trim(), command.Kind!.Value, command.ParentCode, path));
    }

    /// <summary>Register a unit.</summary>
    /// <remarks>A duplicate code is a 409; an unknown parent a 400.</remarks>
    [WolverinePost("/api/v1/units", OperationId = "RegisterUnit"), Tags("Organization"), WriteAccess, ScopedByBody("parentCode")]
    [ProducesResponseType<UnitView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(RegisterUnit command, IDocumentSession session, IAccessScope scope)
    {
        // A root unit is an administrator's act; a unit below another needs that parent in the key's scope.
        if (command.ParentCode is null ? !scope.IsAdmin : !await scope.CoversUnitAsync(command.ParentCode))
            return Problem.Forbidden(Msg("MayNotRegisterUnitsThere")).ToResult();
        var existing = await session.LoadAsync<UnitRecord>(StreamKeys.Unit(command.Code!));
        var parent = command.ParentCode is null ? null : await session.LoadAsync<UnitRecord>(StreamKeys.Unit(command.ParentCode));
        var decision = Decide(command, existing, parent);
        if (decision.Problem is { } problem) return problem.ToResult();

        session.Events.StartStream<UnitRecord>(StreamKeys.Unit(command.Code!), decision.Events);
        var registered = (UnitRegistered)decision.Events[0];
        return Results.Created($"/api/v1/units/{registered.Code}",
            new UnitView(registered.Code, registered.Name, registered.Kind, registered.ParentCode));
    }
}
