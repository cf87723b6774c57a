using System.Security.Claims;
using System.Security.Cryptography;
using Marten;
using Marten.Patching;
using Microsoft.AspNetCore.WebUtilities;

namespace CapabilityOps.Dashboard.Access;

/// <summary>
/// A dashboard session that is open: the cookie names it by <see cref="Id"/> (<see cref="DashboardSession.SessionClaim"/>), and the
/// cookie is honoured only while this record exists. Signing out deletes it, so a copy of the cookie ends with the session on
/// every instance. Holds no secret: the id is a random name, useless without the cookie that data protection encrypts.
/// </summary>
public sealed class DashboardSessionRecord
{
    public string Id { get; set; } = "";

    /// <summary>The key's name (as the key list shows it), for whoever reads the table.</summary>
    public string KeyName { get; set; } = "";

    public DateTimeOffset OpenedAt { get; set; }

    /// <summary>When the cookie was last issued or renewed (sliding expiration): a record unseen for longer than the idle timeout is of an expired cookie.</summary>
    public DateTimeOffset RenewedAt { get; set; }
}

/// <summary>
/// The server side of the dashboard's sessions (<see cref="DashboardSessionRecord"/>, in PostgreSQL so every instance sees a
/// sign-out at once). A request costs one primary-key lookup; a record is written only when a session opens, when its cookie is
/// renewed (at most every half idle timeout) and when it ends.
/// </summary>
public sealed class SessionRecords(IDocumentStore store, TimeProvider clock)
{
    /// <summary>
    /// Records a new session for <paramref name="principal"/> and adds its id to the principal's claims; sessions whose cookie
    /// has expired unseen are deleted on the way.
    /// </summary>
    public async Task OpenAsync(ClaimsPrincipal principal, CancellationToken cancellation)
    {
        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        await using var session = store.LightweightSession();
        session.Store(new DashboardSessionRecord { Id = id, KeyName = principal.Identity?.Name ?? "", OpenedAt = now, RenewedAt = now });
        var expired = now - DashboardSession.IdleTimeout;
        session.DeleteWhere<DashboardSessionRecord>(s => s.RenewedAt < expired);
        await session.SaveChangesAsync(cancellation);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(DashboardSession.SessionClaim, id));
    }

    /// <summary>Whether the principal's session is still open: a cookie without a session id (or with an ended one) is not.</summary>
    public async Task<bool> IsOpenAsync(ClaimsPrincipal principal, CancellationToken cancellation)
    {
        if (IdOf(principal) is not { } id) return false;
        await using var session = store.QuerySession();
        return await session.Query<DashboardSessionRecord>().AnyAsync(s => s.Id == id, cancellation);
    }

    /// <summary>Notes that the session's cookie was renewed, so the record is kept while the cookie lives.</summary>
    public async Task RenewAsync(ClaimsPrincipal principal, CancellationToken cancellation)
    {
        if (IdOf(principal) is not { } id) return;
        await using var session = store.LightweightSession();
        session.Patch<DashboardSessionRecord>(id).Set(s => s.RenewedAt, clock.GetUtcNow());
        await session.SaveChangesAsync(cancellation);
    }

    /// <summary>Ends the principal's session: its cookie, and every copy of it, is refused from now on, on every instance.</summary>
    public async Task EndAsync(ClaimsPrincipal principal, CancellationToken cancellation)
    {
        if (IdOf(principal) is not { } id) return;
        await using var session = store.LightweightSession();
        session.Delete<DashboardSessionRecord>(id);
        await session.SaveChangesAsync(cancellation);
    }

    private static string? IdOf(ClaimsPrincipal principal) => principal.FindFirst(DashboardSession.SessionClaim)?.Value is { Length: > 0 } id ? id : null;
}
