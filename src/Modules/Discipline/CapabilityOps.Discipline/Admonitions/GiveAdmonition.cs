using CapabilityOps.Discipline.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Discipline.Admonitions;

/// <summary>Record an admonition, critical education or organisational handling of a cadre.</summary>
/// <param name="Kind">Admonition (诫勉), CriticalEducation (批评教育) or OrganisationalHandling (组织处理).</param>
/// <param name="On">YYYY-MM-DD of the decision: not in the future, not before the cadre joined.</param>
/// <param name="Reason">Why (confidential), 1–2000 characters.</param>
public sealed record GiveAdmonition(AdmonitionKind? Kind, DateOnly? On, string? Reason) : IHasExample<GiveAdmonition>
{
    public static GiveAdmonition Example => new(AdmonitionKind.Admonition, new DateOnly(2026, 4, 10), "落实工作要求不力");
}

public sealed class GiveAdmonitionValidator : AbstractValidator<GiveAdmonition>
{
    public GiveAdmonitionValidator()
    {
        RuleFor(x => x.Kind).KnownEnum();
        RuleFor(x => x.On).Required();
        RuleFor(x => x.Reason).RequiredText(2000);
    }
}

/// <summary>The id of the recorded fact.</summary>
public sealed record RecordedAdmonition(Guid Id);

public static class GiveAdmonitionEndpoint
{
    /// <summary>The measure as the appender takes it: decided while the person is a cadre.</summary>
    public static CadreFact<CadreRecord> Fact(GiveAdmonition command) =>
        new([FactDate.WhileCadre("on", command.On!.Value)], cadre =>
            Decision.Accept(new AdmonitionGiven(cadre.StaffNo, command.Kind!.Value, command.On.Value, command.Reason!.Trim())));

    public static Decision Decide(GiveAdmonition command, CadreRecord cadre, DateOnly today) => Fact(command).Decide(cadre, today);

    /// <summary>Record an admonition (诫勉), critical education (批评教育) or organisational handling (组织处理).</summary>
    /// <remarks>Confidential as a sanction is: an administrator or a DisciplineOfficer whose unit covers the cadre records it and reads it back at `GET /api/v1/cadres/{staffNo}/discipline`. An admonition or organisational handling in a year means no Excellent that year and leaves the cadre out of promotion eligibility that year; critical education has neither effect.</remarks>
    [WolverinePost("/api/v1/cadres/{staffNo}/admonitions", OperationId = "GiveAdmonition"), Tags("Discipline"), DisciplineAccess]
    [ScopedToCadre(CheckedByEndpoint = true), OwnTransaction]
    [ProducesResponseType<RecordedAdmonition>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(string staffNo, GiveAdmonition command, IValidator<GiveAdmonition> validator, IAccessScope scope,
        IIdempotencyClaims claims, CadreFactCommits commits, HttpContext context)
    {
        var id = Guid.CreateVersion7();
        return await commits.AppendAsync(staffNo, context, claims, scope, await Validation.ProblemAsync(validator, command), id, _ => Fact(command),
            $"/api/v1/cadres/{staffNo}/discipline", new RecordedAdmonition(id));
    }
}
