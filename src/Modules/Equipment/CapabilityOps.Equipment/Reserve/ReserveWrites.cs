using CapabilityOps.Equipment.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;

namespace CapabilityOps.Equipment.Reserve;

/// <summary>
/// How a movement of stock is recorded: the item's stream is locked for the transaction, so two issues racing for the last
/// units queue and the second decides on the stock the first left (409, nothing recorded, when it no longer fits); 404 for an
/// unknown item, 403 unless the key reaches the depot's unit.
/// </summary>
internal static class ReserveWrites
{
    public static Problem NoSuchItem(string sku) => Problem.NotFound(Msg("NoSuchReserveItem", sku));

    public static async Task<IResult> AppendAsync(IDocumentSession session, IAccessScope scope, string sku, TimeProvider clock,
        Func<ReserveItemRecord, DateOnly, Decision> decide)
    {
        var key = EquipmentStreamKeys.ReserveItem(sku);
        var stream = await session.Events.FetchForExclusiveWriting<ReserveItemRecord>(key);
        if (stream.Aggregate is not { } item) return NoSuchItem(sku).ToResult();
        if (!await scope.CoversUnitAsync(item.DepotUnitCode)) return Problem.OutOfScope.ToResult();

        var today = ChinaTime.Today(clock);
        var decision = decide(item, today);
        if (decision.Problem is { } problem) return problem.ToResult();

        stream.AppendMany(decision.Events);
        var after = decision.Events.Aggregate(Listing.Copy(item), (i, e) => ReserveItemRecord.Apply(i, key, e)!);
        return Results.Created($"/api/v1/reserve-items/{sku}", ReserveItemView.Of(after, today));
    }
}
