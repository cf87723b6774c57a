using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Equipment.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Equipment.Earmarks;

public static class GetEarmarksEndpoint
{
    public static Problem NoSuchEarmark(Guid id) => Problem.NotFound(Msg("NoSuchEarmark", id));

    /// <summary>Read an earmark: the amount, what was spent and what remains.</summary>
    /// <param name="id">The earmark's id.</param>
    [WolverineGet("/api/v1/earmarks/{id}", OperationId = "GetEarmark"), Tags("Equipment"), ReadAccess]
    [NotUnitScoped("the earmark's unit must be within the key's units: the endpoint checks it once the earmark is read")]
    [ProducesResponseType<EarmarkView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, IAccessScope scope, CancellationToken cancellation)
    {
        var earmark = await session.LoadAsync<EarmarkRecord>(EquipmentStreamKeys.Earmark(id), cancellation);
        if (earmark is null) return NoSuchEarmark(id).ToResult();
        if (!await scope.CoversUnitAsync(earmark.UnitCode, cancellation)) return Problem.OutOfScope.ToResult();
        return Results.Ok(EarmarkView.Of(earmark));
    }

    /// <summary>List a year's earmarks of a unit and the units below it.</summary>
    /// <remarks>Oldest first, in pages (`limit`, `after`, a `Link` header to the next page).</remarks>
    /// <param name="unit">The unit whose subtree is listed; the key's own unit when left out (an administrator's: every unit).</param>
    /// <param name="after">The earmark id the previous page ended with.</param>
    /// <param name="limit">At most this many earmarks (1–1000, default 100).</param>
    [WolverineGet("/api/v1/earmarks", OperationId = "ListEarmarks"), Tags("Equipment"), ReadAccess]
    [NotUnitScoped("the unit in ?unit= (or the key's own) must be within the key's units: the endpoint checks it")]
    [ProducesResponseType<IReadOnlyList<EarmarkView>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> List(int? year, string? unit, Guid? after, int? limit, IQuerySession session, IAccessScope scope,
        IYearViews years, HttpContext context, CancellationToken cancellation)
    {
        var (size, wrongLimit) = Listing.Limit(limit);
        if (wrongLimit is not null) return wrongLimit.ToResult();
        var (y, wrongYear) = years.Year(year);
        if (wrongYear is not null) return wrongYear.ToResult();
        var (units, problem) = await Listing.SubtreeAsync(session, scope, unit, cancellation);
        if (problem is not null) return problem.ToResult();

        var query = session.Query<EarmarkRecord>().Where(e => e.Year == y);
        if (units is not null) query = query.Where(e => units.Contains(e.UnitCode));
        if (after is { } last)
        {
            var afterKey = EquipmentStreamKeys.Earmark(last);
            query = query.Where(e => e.Id.CompareTo(afterKey) > 0);
        }
        var page = await query.OrderBy(e => e.Id).Take(size + 1).ToListAsync(cancellation);
        return Results.Ok(Listing.Page(page, size, e => e.EarmarkId.ToString("D"), context).Select(EarmarkView.Of).ToList());
    }

    /// <summary>A year's earmarks of the units in reach, all of them, for the workbook.</summary>
    internal static async Task<(IReadOnlyList<EarmarkRecord> Earmarks, Problem? Problem)> AllAsync(IQuerySession session, IAccessScope scope, int year,
        string? unit, CancellationToken cancellation)
    {
        var (units, problem) = await Listing.SubtreeAsync(session, scope, unit, cancellation);
        if (problem is not null) return ([], problem);
        var query = session.Query<EarmarkRecord>().Where(e => e.Year == year);
        if (units is not null) query = query.Where(e => units.Contains(e.UnitCode));
        return ((await query.ToListAsync(cancellation)).OrderBy(e => e.UnitCode, StringComparer.Ordinal).ThenBy(e => e.Category).ToList(), null);
    }
}
