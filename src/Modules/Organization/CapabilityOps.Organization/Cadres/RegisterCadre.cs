using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Organization.Cadres;

/// <summary>Register a cadre (干部) in a unit.</summary>
/// <param name="StaffNo">The bureau's staff number: 1–32 letters, digits or '-'. Unique and case-sensitive.</param>
/// <param name="Name">The cadre's name, e.g. 张伟.</param>
/// <param name="UnitCode">The unit the cadre belongs to.</param>
/// <param name="Rank">Leader (县处级及以上), SectionLevel (科级) or Staff (一般干部).</param>
/// <param name="BirthDate">YYYY-MM-DD; the cadre must be at least 18 today.</param>
/// <param name="Education">The highest education level held on joining.</param>
/// <param name="PostCategory">The post category.</param>
/// <param name="PartyMember">Whether the cadre is a party member.</param>
/// <param name="JoinedOn">YYYY-MM-DD the cadre joined the bureau; not in the future, at 16 or older.</param>
public sealed record RegisterCadre(
    string? StaffNo,
    string? Name,
    string? UnitCode,
    Rank? Rank,
    DateOnly? BirthDate,
    EducationLevel? Education,
    PostCategory? PostCategory,
    bool? PartyMember,
    DateOnly? JoinedOn) : IHasExample<RegisterCadre>
{
    public static RegisterCadre Example => new("E-0001", "张伟", "RSK", Contracts.Rank.SectionLevel, new DateOnly(1986, 4, 12),
        EducationLevel.Bachelor, Contracts.PostCategory.General, true, new DateOnly(2012, 7, 1));
}

public sealed class RegisterCadreValidator : AbstractValidator<RegisterCadre>
{
    public RegisterCadreValidator()
    {
        RuleFor(x => x.StaffNo).Code();
        RuleFor(x => x.Name).RequiredText(64);
        RuleFor(x => x.UnitCode).Code();
        RuleFor(x => x.Rank).KnownEnum();
        RuleFor(x => x.BirthDate).Required().GreaterThanOrEqualTo(new DateOnly(1900, 1, 1))
            .WithText(Msg("BirthDateFrom1900"));
        RuleFor(x => x.Education).KnownEnum();
        RuleFor(x => x.PostCategory).KnownEnum();
        RuleFor(x => x.PartyMember).Required();
        RuleFor(x => x.JoinedOn).Required();
    }
}

public static class RegisterCadreEndpoint
{
    public const int AdultAge = 18;
    public const int WorkingAge = 16;

    public static Decision Decide(RegisterCadre command, CadreRecord? existing, UnitRecord? unit, DateOnly today)
    {
        if (existing is not null) return Problem.Conflict(Msg("CadreExists", command.StaffNo));
        if (unit is null) return Problem.UnknownUnit("unitCode", command.UnitCode!);
        var birthDate = command.BirthDate!.Value;
        var joinedOn = command.JoinedOn!.Value;
        if (birthDate.AddYears(AdultAge) > today)
            return Problem.Invalid("birthDate", Msg("TooYoung", AdultAge));
        if (joinedOn > today) return Problem.InFuture("joinedOn");
        if (joinedOn < birthDate.AddYears(WorkingAge))
            return Problem.Invalid("joinedOn", Msg("JoinedTooYoung", WorkingAge));

        return Decision.Accept(new CadreRegistered(command.StaffNo!, command.Name!.Trim(), unit.Code, command.Rank!.Value,
            birthDate, command.Education!.Value, command.PostCategory!.Value, command.PartyMember!.Value, joinedOn));
    }

    /// <summary>Register a cadre.</summary>
    /// <remarks>A duplicate staff number is a 409; an unknown unit a 400.</remarks>
    [WolverinePost("/api/v1/cadres", OperationId = "RegisterCadre"), Tags("Organization"), WriteAccess, ScopedByBody("unitCode")]
    [ProducesResponseType<CadreView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(RegisterCadre command, IDocumentSession session, TimeProvider clock, IAccessScope scope)
    {
        if (!await scope.CoversUnitAsync(command.UnitCode!)) return Problem.Forbidden(Msg("MayNotRegisterCadresIn", command.UnitCode)).ToResult();
        var key = StreamKeys.Cadre(command.StaffNo!);
        var existing = await session.LoadAsync<CadreRecord>(key);
        var unit = await session.LoadAsync<UnitRecord>(StreamKeys.Unit(command.UnitCode!));
        var decision = Decide(command, existing, unit, ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem.ToResult();

        session.Events.StartStream<CadreRecord>(key, decision.Events);
        var registered = (CadreRegistered)decision.Events[0];
        return Results.Created($"/api/v1/cadres/{registered.StaffNo}", CadreView.Registered(registered));
    }
}
