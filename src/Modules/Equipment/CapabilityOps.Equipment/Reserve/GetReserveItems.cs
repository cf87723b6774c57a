using CapabilityOps.Equipment.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Equipment.Reserve;

public static class GetReserveItemsEndpoint
{
    /// <summary>Read a reserve item: its stock, whether it is low and how much expires soon.</summary>
    /// <param name="sku">The item's code.</param>
    [WolverineGet("/api/v1/reserve-items/{sku}", OperationId = "GetReserveItem"), Tags("Equipment"), ReadAccess]
    [NotUnitScoped("the depot's unit must be within the key's units: the endpoint checks it once the item is read")]
    [ProducesResponseType<ReserveItemView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string sku, IQuerySession session, IAccessScope scope, TimeProvider clock, CancellationToken cancellation)
    {
        var item = await session.LoadAsync<ReserveItemRecord>(EquipmentStreamKeys.ReserveItem(sku), cancellation);
        if (item is null) return ReserveWrites.NoSuchItem(sku).ToResult();
        if (!await scope.CoversUnitAsync(item.DepotUnitCode, cancellation)) return Problem.OutOfScope.ToResult();
        return Results.Ok(ReserveItemView.Of(item, ChinaTime.Today(clock)));
    }

    /// <summary>List the reserve items of a unit's depots and those below it.</summary>
    /// <remarks>`low=true` keeps the items below their minimum stock; `expiring=true` those with stock expiring within 30 days (already expired included). Ordered by code, in pages (`limit`, `after`, a `Link` header to the next page).</remarks>
    /// <param name="unit">The unit whose subtree is listed; the key's own unit when left out (an administrator's: every unit).</param>
    /// <param name="low">Only items below their minimum stock.</param>
    /// <param name="expiring">Only items with stock expiring within 30 days.</param>
    /// <param name="after">The item code the previous page ended with.</param>
    /// <param name="limit">At most this many items (1–1000, default 100).</param>
    [WolverineGet("/api/v1/reserve-items", OperationId = "ListReserveItems"), Tags("Equipment"), ReadAccess]
    [NotUnitScoped("the unit in ?unit= (or the key's own) must be within the key's units: the endpoint checks it")]
    [ProducesResponseType<IReadOnlyList<ReserveItemView>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> List(string? unit, bool? low, bool? expiring, string? after, int? limit, IQuerySession session,
        IAccessScope scope, TimeProvider clock, HttpContext context, CancellationToken cancellation)
    {
        var (size, wrongLimit) = Listing.Limit(limit);
        if (wrongLimit is not null) return wrongLimit.ToResult();
        var (units, problem) = await Listing.SubtreeAsync(session, scope, unit, cancellation);
        if (problem is not null) return problem.ToResult();

        var today = ChinaTime.Today(clock);
        var query = session.Query<ReserveItemRecord>().AsQueryable();
        if (units is not null) query = query.Where(i => units.Contains(i.DepotUnitCode));
        if (low is { } isLow) query = query.Where(i => i.Low == isLow);
        if (expiring == true)
        {
            var horizon = today.AddDays(ReserveItemView.ExpiryWindowDays);
            query = query.Where(i => i.EarliestExpiry != null && i.EarliestExpiry <= horizon);
        }
        if (!string.IsNullOrEmpty(after)) query = query.Where(i => i.Sku.CompareTo(after) > 0);
        var page = await query.OrderBy(i => i.Sku).Take(size + 1).ToListAsync(cancellation);
        return Results.Ok(Listing.Page(page, size, i => i.Sku, context).Select(i => ReserveItemView.Of(i, today)).ToList());
    }
}
