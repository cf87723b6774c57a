using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Talent.Contracts.Events;
using CapabilityOps.Talent.Titles;
using FluentValidation;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Talent.Care;

/// <summary>Record a heart-to-heart talk (谈心谈话) held with a cadre: the day and who held it, never what was said.</summary>
/// <param name="HeldOn">YYYY-MM-DD; not in the future, not before the cadre joined.</param>
/// <param name="By">Who held the talk (name or post), up to 100 characters.</param>
public sealed record RecordTalk(DateOnly? HeldOn, string? By) : IHasExample<RecordTalk>
{
    public static RecordTalk Example => new(new DateOnly(2026, 3, 12), "党组书记 王强");
}

public sealed class RecordTalkValidator : AbstractValidator<RecordTalk>
{
    public RecordTalkValidator()
    {
        RuleFor(x => x.HeldOn).Required();
        RuleFor(x => x.By).RequiredText(100);
    }
}

public static class RecordTalkEndpoint
{
    /// <summary>The talk as the appender takes it: held while the person is a cadre (CARE-1 counts it in its year).</summary>
    public static CadreFact<CadreRecord> Fact(RecordTalk command) =>
        new([FactDate.WhileCadre("heldOn", command.HeldOn!.Value)], cadre =>
            Decision.Accept(new HeartToHeartTalkHeld(cadre.StaffNo, command.HeldOn.Value, command.By!.Trim())));

    public static Decision Decide(RecordTalk command, CadreRecord cadre, DateOnly today) => Fact(command).Decide(cadre, today);

    /// <summary>Record a heart-to-heart talk held with a cadre.</summary>
    /// <remarks>Only the day and who held it: what was said is never stored. CARE-1 asks for one talk with every cadre every year.</remarks>
    [WolverinePost("/api/v1/cadres/{staffNo}/talks", OperationId = "RecordTalk"), Tags("Talent and care"), WriteAccess]
    [ScopedToCadre(CheckedByEndpoint = true), OwnTransaction]
    [ProducesResponseType<RecordedFact>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(string staffNo, RecordTalk command, IValidator<RecordTalk> validator, IAccessScope scope,
        IIdempotencyClaims claims, CadreFactCommits commits, HttpContext context)
    {
        // Posted in volume by the organisation department's systems: committed with the facts that arrive meanwhile (CadreFactCommits).
        var id = Guid.CreateVersion7();
        return await commits.AppendAsync(staffNo, context, claims, scope, await Validation.ProblemAsync(validator, command), id, _ => Fact(command),
            $"/api/v1/cadres/{staffNo}/history", new RecordedFact(id));
    }
}
