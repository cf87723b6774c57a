using CapabilityOps.Equipment.Contracts;
using CapabilityOps.Equipment.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Equipment.Reserve;

/// <summary>Supplies issued from the depot for an incident.</summary>
/// <param name="Quantity">How much, in the item's measure: more than 0, at most two decimals, at most the stock.</param>
/// <param name="IssuedOn">YYYY-MM-DD: not in the future.</param>
/// <param name="IncidentRef">The incident it is for, e.g. 突发环境事件编号: 1–64 characters.</param>
public sealed record IssueReserve(decimal? Quantity, DateOnly? IssuedOn, string? IncidentRef) : IHasExample<IssueReserve>
{
    public static IssueReserve Example => new(120m, new DateOnly(2026, 7, 3), "TF-2026-014");
}

public sealed class IssueReserveValidator : AbstractValidator<IssueReserve>
{
    public IssueReserveValidator()
    {
        RuleFor(x => x.Quantity).Quantity();
        RuleFor(x => x.IssuedOn).Required();
        RuleFor(x => x.IncidentRef).RequiredText(64);
    }
}

public static class IssueReserveEndpoint
{
    /// <summary>Stock never goes negative: an issue above the stock is refused whole.</summary>
    public static Decision Decide(ReserveItemRecord item, IssueReserve command, Guid issueId, DateOnly today)
    {
        if (command.IssuedOn > today) return Problem.InFuture("issuedOn");
        if (command.Quantity > item.Stock) return Problem.Conflict(Msg("NotEnoughStock", item.Sku, command.Quantity, item.Stock, item.Measure));
        return Decision.Accept(new ReserveIssued(item.Sku, issueId, command.Quantity!.Value, command.IssuedOn!.Value, command.IncidentRef!.Trim()));
    }

    /// <summary>Record supplies issued for an incident.</summary>
    /// <remarks>More than the stock is a 409 and records nothing; concurrent issues queue on the item, so exactly as many are accepted as the stock covers.</remarks>
    /// <param name="sku">The item's code.</param>
    [WolverinePost("/api/v1/reserve-items/{sku}/issues", OperationId = "IssueReserve"), Tags("Equipment"), WriteAccess]
    [NotUnitScoped("the depot's unit, read under the item's lock, must be within the key's units: the endpoint checks it")]
    [ProducesResponseType<ReserveItemView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string sku, IssueReserve command, IDocumentSession session, IAccessScope scope, TimeProvider clock) =>
        ReserveWrites.AppendAsync(session, scope, sku, clock, (item, today) => Decide(item, command, Guid.CreateVersion7(), today));
}
