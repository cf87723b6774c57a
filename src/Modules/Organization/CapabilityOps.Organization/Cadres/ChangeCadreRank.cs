using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Organization.Cadres;

/// <summary>Change a cadre's rank band (a promotion, or otherwise).</summary>
/// <param name="Rank">The new rank band.</param>
/// <param name="EffectiveOn">YYYY-MM-DD from which it holds: not in the future, not before the cadre joined.</param>
public sealed record ChangeCadreRank(Rank? Rank, DateOnly? EffectiveOn) : IHasExample<ChangeCadreRank>
{
    public static ChangeCadreRank Example => new(Contracts.Rank.Leader, new DateOnly(2026, 6, 1));
}

public sealed class ChangeCadreRankValidator : AbstractValidator<ChangeCadreRank>
{
    public ChangeCadreRankValidator()
    {
        RuleFor(x => x.Rank).KnownEnum();
        RuleFor(x => x.EffectiveOn).Required();
    }
}

public static class ChangeCadreRankEndpoint
{
    /// <summary>The change as the appender takes it: effective while the person is a cadre, and a change of rank that day.</summary>
    public static CadreFact<CadreRecord> Fact(ChangeCadreRank command)
    {
        var effectiveOn = command.EffectiveOn!.Value;
        return new([FactDate.WhileCadre("effectiveOn", effectiveOn)], cadre =>
        {
            var from = cadre.RankOn(effectiveOn);
            if (from == command.Rank) return Problem.Conflict(Msg("RankHeld", cadre.StaffNo, from, effectiveOn));
            return Decision.Accept(new CadreRankChanged(cadre.StaffNo, from, command.Rank!.Value, effectiveOn));
        });
    }

    public static Decision Decide(ChangeCadreRank command, CadreRecord cadre, DateOnly today) => Fact(command).Decide(cadre, today);

    /// <summary>Record a change of a cadre's rank band.</summary>
    [WolverinePost("/api/v1/cadres/{staffNo}/rank-changes", OperationId = "ChangeCadreRank"), Tags("Organization"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<CadreView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string staffNo, ChangeCadreRank command, IDocumentSession session, TimeProvider clock) =>
        session.AppendCadreFactAsync(staffNo, clock, Fact(command), CadreView.Created);
}
