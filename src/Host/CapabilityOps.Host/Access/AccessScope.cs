using System.Collections.Concurrent;
using System.Security.Claims;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;

namespace CapabilityOps.Host.Access;

/// <summary>
/// The request's key's reach. A unit is covered when its path from the root holds the key's unit.
/// An unknown unit or cadre is not refused here: the endpoint answers it as unknown (400/404). Reads open a query session
/// only when they must (a unit path is remembered), so a route that checks a remembered path needs no session at all.
/// The key is the one authenticated when the scope is made (it is first asked for after authentication), so the scope may
/// also be asked off the request's flow (the study-hours group commit).
/// </summary>
public sealed class AccessScope(IHttpContextAccessor http, IDocumentStore store) : IAccessScope
{
    // Units never move, so a unit's path can be remembered for good (safe across instances).
    private static readonly ConcurrentDictionary<string, IReadOnlyList<string>> Paths = new();

    private readonly ClaimsPrincipal _user = http.HttpContext?.User ?? new ClaimsPrincipal();

    public bool IsAdmin => _user.IsInRole(Roles.Admin);

    public string? UnitCode => IsAdmin ? null : _user.FindFirst(ApiKeyAuthentication.UnitClaim)?.Value;

    public async Task<bool> CoversUnitAsync(string unitCode, CancellationToken cancellation = default)
    {
        if (IsAdmin) return true;
        if (UnitCode is null) return false;
        var path = await PathOf(unitCode, cancellation);
        return path is null || path.Contains(UnitCode);
    }

    public async Task<bool> CoversCadreAsync(string staffNo, CancellationToken cancellation = default)
    {
        if (IsAdmin) return true;
        if (UnitCode is null) return false;
        CadreRecord? cadre;
        await using (var session = store.QuerySession()) cadre = await session.LoadAsync<CadreRecord>(StreamKeys.Cadre(staffNo), cancellation);
        return cadre is null || await CoversUnitAsync(cadre.UnitCode, cancellation);
    }

    private async Task<IReadOnlyList<string>?> PathOf(string unitCode, CancellationToken cancellation)
    {
        if (Paths.TryGetValue(unitCode, out var known)) return known;
        await using var session = store.QuerySession();
        var unit = await session.LoadAsync<UnitRecord>(StreamKeys.Unit(unitCode), cancellation);
        return unit is null ? null : Paths.GetOrAdd(unitCode, unit.Path);
    }
}
