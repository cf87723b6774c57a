using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CapabilityOps.Dashboard.Access;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.Extensions.Caching.Memory;

namespace CapabilityOps.Host.Access;

/// <summary>A key that is accepted: who holds it, their role and unit, and the hash it is known by (never the secret).</summary>
public sealed record AcceptedKey(string Name, string Role, string? UnitCode, string KeyHash);

/// <summary>
/// The one decision whether a presented API key is accepted: the bootstrap admin key from configuration, or a key an administrator
/// issued, looked up by hash (cached for <see cref="ApiKeyAuthentication.CacheFor"/>, so a revocation reaches every instance within
/// it), not revoked and not expired. The API's <c>X-Api-Key</c> authentication and the dashboard's sign-in and session both ask it.
/// </summary>
public sealed class ApiKeyCheck(IDocumentStore store, IMemoryCache cache, IConfiguration configuration, TimeProvider clock) : IDashboardKeys
{
    public async Task<AcceptedKey?> AcceptAsync(string presented, CancellationToken cancellation)
    {
        if (string.IsNullOrEmpty(presented)) return null;
        var bootstrap = configuration["Auth:BootstrapAdminKey"];
        if (!string.IsNullOrEmpty(bootstrap) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(bootstrap)))
            return new AcceptedKey(ApiKeyAuthentication.BootstrapName, Roles.Admin, null, ApiKeyRecord.Hash(presented));
        return await AcceptHashAsync(ApiKeyRecord.Hash(presented), cancellation);
    }

    /// <summary>The issued key with this hash, while it is accepted.</summary>
    private async Task<AcceptedKey?> AcceptHashAsync(string hash, CancellationToken cancellation)
    {
        var key = await cache.GetOrCreateAsync("apikey:" + hash, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = ApiKeyAuthentication.CacheFor;
            await using var session = store.QuerySession();
            return await session.Query<ApiKeyRecord>().FirstOrDefaultAsync(k => k.KeyHash == hash, cancellation);
        });
        if (key is null || key.Revoked) return null;
        if (key.ExpiresAt is { } expiresAt && expiresAt <= clock.GetUtcNow()) return null;
        return new AcceptedKey(key.Name, key.Role, key.UnitCode, hash);
    }

    /// <summary>The claims every caller of the API is known by (<see cref="AccessScope"/> reads them), whichever way the key came.</summary>
    public static List<Claim> ClaimsOf(AcceptedKey key)
    {
        List<Claim> claims = [new(ClaimTypes.Name, key.Name), new(ClaimTypes.Role, key.Role)];
        if (key.UnitCode is not null) claims.Add(new(ApiKeyAuthentication.UnitClaim, key.UnitCode));
        return claims;
    }

    async Task<ClaimsPrincipal?> IDashboardKeys.SignInAsync(string presentedKey, CancellationToken cancellation)
    {
        if (await AcceptAsync(presentedKey, cancellation) is not { } key) return null;
        var claims = ClaimsOf(key);
        claims.Add(new(DashboardSession.KeyClaim, key.KeyHash));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, DashboardSession.Scheme));
    }

    async Task<bool> IDashboardKeys.StillAcceptedAsync(ClaimsPrincipal principal, CancellationToken cancellation)
    {
        var hash = principal.FindFirst(DashboardSession.KeyClaim)?.Value;
        if (string.IsNullOrEmpty(hash)) return false;
        var name = principal.Identity?.Name;
        if (name == ApiKeyAuthentication.BootstrapName)
        {
            // The bootstrap key is accepted while configuration still holds that key.
            var bootstrap = configuration["Auth:BootstrapAdminKey"];
            return !string.IsNullOrEmpty(bootstrap) && CryptographicOperations.FixedTimeEquals(
                Encoding.UTF8.GetBytes(ApiKeyRecord.Hash(bootstrap)), Encoding.UTF8.GetBytes(hash));
        }
        return await AcceptHashAsync(hash, cancellation) is { } key && key.Name == name;
    }
}
