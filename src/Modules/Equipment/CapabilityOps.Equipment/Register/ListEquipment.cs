using CapabilityOps.Equipment.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Equipment.Register;

public static class ListEquipmentEndpoint
{
    /// <summary>List the equipment in service of a unit and the units below it.</summary>
    /// <remarks>`ageing=true` keeps the assets past their service life; `maintenanceDueBy` keeps those with maintenance or calibration due on or before that day (overdue ones included, flagged `maintenanceOverdue`). Ordered by asset number, in pages (`limit`, `after`, a `Link` header to the next page).</remarks>
    /// <param name="unit">The unit whose subtree is listed; the key's own unit when left out (an administrator's: every unit).</param>
    /// <param name="ageing">Only assets past their service life today.</param>
    /// <param name="maintenanceDueBy">Only assets with maintenance or calibration due on or before this day.</param>
    /// <param name="after">The asset number the previous page ended with.</param>
    /// <param name="limit">At most this many assets (1–1000, default 100).</param>
    [WolverineGet("/api/v1/equipment", OperationId = "ListEquipment"), Tags("Equipment"), ReadAccess]
    [NotUnitScoped("the unit in ?unit= (or the key's own) must be within the key's units: the endpoint checks it")]
    [ProducesResponseType<IReadOnlyList<EquipmentView>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string? unit, bool? ageing, DateOnly? maintenanceDueBy, string? after, int? limit, IQuerySession session,
        IAccessScope scope, TimeProvider clock, HttpContext context, CancellationToken cancellation)
    {
        var (size, wrongLimit) = Listing.Limit(limit);
        if (wrongLimit is not null) return wrongLimit.ToResult();
        var (units, problem) = await Listing.SubtreeAsync(session, scope, unit, cancellation);
        if (problem is not null) return problem.ToResult();

        var today = ChinaTime.Today(clock);
        var query = session.Query<EquipmentRecord>().Where(a => a.Status == EquipmentStatus.InService);
        if (units is not null) query = query.Where(a => units.Contains(a.UnitCode));
        if (ageing == true) query = query.Where(a => a.EndOfLifeOn <= today);
        if (ageing == false) query = query.Where(a => a.EndOfLifeOn > today);
        if (maintenanceDueBy is { } dueBy) query = query.Where(a => a.NextMaintenanceDue != null && a.NextMaintenanceDue <= dueBy);
        if (!string.IsNullOrEmpty(after)) query = query.Where(a => a.AssetNo.CompareTo(after) > 0);
        var page = await query.OrderBy(a => a.AssetNo).Take(size + 1).ToListAsync(cancellation);
        return Results.Ok(Listing.Page(page, size, a => a.AssetNo, context).Select(a => EquipmentView.Of(a, today)).ToList());
    }
}
