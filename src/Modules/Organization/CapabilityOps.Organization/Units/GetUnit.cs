using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Organization.Units;

/// <summary>A unit of the bureau's tree.</summary>
public sealed record UnitView(string Code, string Name, UnitKind Kind, string? ParentCode)
{
    public static UnitView From(UnitRecord unit) => new(unit.Code, unit.Name, unit.Kind, unit.ParentCode);
}

public static class GetUnitEndpoint
{
    /// <summary>Read one unit.</summary>
    [WolverineGet("/api/v1/units/{code}", OperationId = "GetUnit"), Tags("Organization"), ReadAccess, ScopedToUnit]
    [ProducesResponseType<UnitView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string code, IQuerySession session)
    {
        var unit = await session.LoadAsync<UnitRecord>(StreamKeys.Unit(code));
        return unit is null ? Problem.NoSuchUnit(code).ToResult() : Results.Ok(UnitView.From(unit));
    }

    /// <summary>List units, optionally only the direct children of one unit.</summary>
    [WolverineGet("/api/v1/units", OperationId = "ListUnits"), Tags("Organization"), ReadAccess]
    [NotUnitScoped("lists only the units in the key's scope")]
    public static async Task<IReadOnlyList<UnitView>> List(string? parentCode, IQuerySession session, IAccessScope scope)
    {
        var query = session.Query<UnitRecord>().AsQueryable();
        if (!scope.IsAdmin) query = query.Where(u => u.Path.Contains(scope.UnitCode!));
        if (parentCode is not null) query = query.Where(u => u.ParentCode == parentCode);
        var units = await query.OrderBy(u => u.Code).ToListAsync();
        return units.Select(UnitView.From).ToList();
    }
}
