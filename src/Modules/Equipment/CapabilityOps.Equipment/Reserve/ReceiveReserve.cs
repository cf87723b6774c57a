using CapabilityOps.Equipment.Contracts;
using CapabilityOps.Equipment.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Equipment.Reserve;

/// <summary>Supplies received into the depot: a purchase or a replenishment.</summary>
/// <param name="Quantity">How much, in the item's measure: more than 0, at most two decimals.</param>
/// <param name="ReceivedOn">YYYY-MM-DD: not in the future.</param>
/// <param name="ExpiresOn">YYYY-MM-DD the supplies expire, after ReceivedOn; left out when they do not.</param>
public sealed record ReceiveReserve(decimal? Quantity, DateOnly? ReceivedOn, DateOnly? ExpiresOn) : IHasExample<ReceiveReserve>
{
    public static ReceiveReserve Example => new(300m, new DateOnly(2026, 3, 12), null);
}

public sealed class ReceiveReserveValidator : AbstractValidator<ReceiveReserve>
{
    public ReceiveReserveValidator()
    {
        RuleFor(x => x.Quantity).Quantity();
        RuleFor(x => x.ReceivedOn).Required();
        RuleFor(x => x.ExpiresOn).Must((x, e) => e is null || x.ReceivedOn is null || e > x.ReceivedOn).WithText(Msg("ExpiresAfterReceipt"));
    }
}

public static class ReceiveReserveEndpoint
{
    public static Decision Decide(ReserveItemRecord item, ReceiveReserve command, Guid receiptId, DateOnly today)
    {
        if (command.ReceivedOn > today) return Problem.InFuture("receivedOn");
        return Decision.Accept(new ReserveReceived(item.Sku, receiptId, command.Quantity!.Value, command.ReceivedOn!.Value, command.ExpiresOn));
    }

    /// <summary>Record supplies received into the depot.</summary>
    /// <param name="sku">The item's code.</param>
    [WolverinePost("/api/v1/reserve-items/{sku}/receipts", OperationId = "ReceiveReserve"), Tags("Equipment"), WriteAccess]
    [NotUnitScoped("the depot's unit, read under the item's lock, must be within the key's units: the endpoint checks it")]
    [ProducesResponseType<ReserveItemView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static Task<IResult> Post(string sku, ReceiveReserve command, IDocumentSession session, IAccessScope scope, TimeProvider clock) =>
        ReserveWrites.AppendAsync(session, scope, sku, clock, (item, today) => Decide(item, command, Guid.CreateVersion7(), today));
}
