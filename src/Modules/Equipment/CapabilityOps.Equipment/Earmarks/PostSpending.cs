using CapabilityOps.Equipment.Contracts;
using CapabilityOps.Equipment.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Equipment.Earmarks;

/// <summary>Money spent against an earmark.</summary>
/// <param name="AmountYuan">The amount in yuan: more than 0, at most two decimals, at most what remains.</param>
/// <param name="SpentOn">YYYY-MM-DD: in the earmark's year, not in the future.</param>
/// <param name="Purpose">What it paid for, e.g. 采购便携式VOCs检测仪: 1–200 characters.</param>
/// <param name="Reference">The voucher or contract number: 1–64 characters.</param>
public sealed record PostSpending(decimal? AmountYuan, DateOnly? SpentOn, string? Purpose, string? Reference) : IHasExample<PostSpending>
{
    public static PostSpending Example => new(86500.00m, new DateOnly(2026, 5, 20), "采购便携式VOCs检测仪 1 台", "CG-2026-0112");
}

public sealed class PostSpendingValidator : AbstractValidator<PostSpending>
{
    public PostSpendingValidator()
    {
        RuleFor(x => x.AmountYuan).PositiveYuan();
        RuleFor(x => x.SpentOn).Required();
        RuleFor(x => x.Purpose).RequiredText(200);
        RuleFor(x => x.Reference).RequiredText(64);
    }
}

/// <summary>The spending recorded and what remains of the earmark after it.</summary>
public sealed record SpendingPosted(Guid Id, Guid EarmarkId, decimal AmountYuan, decimal SpentYuan, decimal RemainingYuan);

public static class PostSpendingEndpoint
{
    /// <summary>专款专用: a spending is refused whole when it would take more than remains.</summary>
    public static Decision Decide(EarmarkRecord earmark, PostSpending command, Guid spendingId, DateOnly today)
    {
        var spentOn = command.SpentOn!.Value;
        if (spentOn > today) return Problem.InFuture("spentOn");
        if (spentOn.Year != earmark.Year) return Problem.Invalid("spentOn", Msg("SpentOutsideYear", earmark.Year));
        if (command.AmountYuan > earmark.RemainingYuan)
            return Problem.Conflict(Msg("ExceedsEarmark", command.AmountYuan, earmark.RemainingYuan, earmark.EarmarkId));
        return Decision.Accept(new EarmarkSpent(earmark.EarmarkId, spendingId, command.AmountYuan!.Value, spentOn, command.Purpose!.Trim(), command.Reference!.Trim()));
    }

    /// <summary>Post money spent against an earmark.</summary>
    /// <remarks>More than remains is a 409 and records nothing; concurrent spendings queue on the earmark, so exactly as many are accepted as fit.</remarks>
    /// <param name="id">The earmark's id.</param>
    [WolverinePost("/api/v1/earmarks/{id}/spending", OperationId = "PostSpending"), Tags("Equipment"), WriteAccess]
    [NotUnitScoped("the earmark's unit, read under the earmark's lock, must be within the key's units: the endpoint checks it")]
    [ProducesResponseType<SpendingPosted>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(Guid id, PostSpending command, IDocumentSession session, IAccessScope scope, TimeProvider clock)
    {
        var key = EquipmentStreamKeys.Earmark(id);
        var stream = await session.Events.FetchForExclusiveWriting<EarmarkRecord>(key);
        if (stream.Aggregate is not { } earmark) return GetEarmarksEndpoint.NoSuchEarmark(id).ToResult();
        if (!await scope.CoversUnitAsync(earmark.UnitCode)) return Problem.OutOfScope.ToResult();

        var decision = Decide(earmark, command, Guid.CreateVersion7(), ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem.ToResult();

        stream.AppendMany(decision.Events);
        var spent = (EarmarkSpent)decision.Events[0];
        var total = earmark.SpentYuan + spent.AmountYuan;
        return Results.Created($"/api/v1/earmarks/{id}", new SpendingPosted(spent.SpendingId, id, spent.AmountYuan, total, earmark.AmountYuan - total));
    }
}
