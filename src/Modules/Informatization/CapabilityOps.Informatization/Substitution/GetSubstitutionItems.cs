using CapabilityOps.Informatization.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Informatization.Substitution;

/// <summary>The substitution inventory of a unit and the units below it, with its progress.</summary>
/// <param name="Total">Items on the inventory.</param>
/// <param name="Replaced">Items replaced (Replaced or Verified).</param>
/// <param name="Verified">Items whose replacement was verified.</param>
/// <param name="Items">The items, by item number.</param>
public sealed record SubstitutionProgressView(int Total, int Replaced, int Verified, IReadOnlyList<SubstitutionItemView> Items)
{
    public static SubstitutionProgressView Of(IEnumerable<SubstitutionItemRecord> records)
    {
        var items = records.OrderBy(r => r.ItemNo, StringComparer.Ordinal).Select(SubstitutionItemView.From).ToList();
        return new SubstitutionProgressView(items.Count, items.Count(i => i.Status >= SubstitutionStatus.Replaced),
            items.Count(i => i.Status == SubstitutionStatus.Verified), items);
    }
}

public static class GetSubstitutionItemsEndpoint
{
    /// <summary>List the substitution inventory of a unit and the units below it, with its progress.</summary>
    /// <param name="unit">The unit's code; the key's unit (or every unit, for Admin) when left out.</param>
    /// <param name="session"></param>
    /// <param name="scope"></param>
    [WolverineGet("/api/v1/substitution-items", OperationId = "ListSubstitutionItems"), Tags("Informatization"), ReadAccess]
    [NotUnitScoped("lists only units in the key's scope: another unit named is a 403")]
    [ProducesResponseType<SubstitutionProgressView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> List(string? unit, IQuerySession session, IAccessScope scope)
    {
        var root = unit ?? scope.UnitCode;
        if (root is null) return Results.Ok(SubstitutionProgressView.Of(await session.Query<SubstitutionItemRecord>().ToListAsync()));
        if (!await scope.CoversUnitAsync(root)) return Problem.OutOfScope.ToResult();

        var units = await session.Query<UnitRecord>().Where(u => u.Path.Contains(root)).Select(u => u.Code).ToListAsync();
        if (units.Count == 0) return Problem.NoSuchUnit(root).ToResult();
        var codes = units.ToArray();
        return Results.Ok(SubstitutionProgressView.Of(await session.Query<SubstitutionItemRecord>().Where(i => codes.Contains(i.UnitCode)).ToListAsync()));
    }
}
