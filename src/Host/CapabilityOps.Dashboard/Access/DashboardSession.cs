using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.Dashboard.Access;

/// <summary>
/// The API keys as the dashboard's sign-in asks about them: the host answers from the same key store and the same checks as its
/// <c>X-Api-Key</c> authentication (unknown, revoked and expired keys refused alike), so a person signs in with exactly the keys
/// the API accepts and sees exactly their reach.
/// </summary>
public interface IDashboardKeys
{
    /// <summary>
    /// The principal of a presented key (name, role, unit, as the API's authentication makes it, plus <see cref="DashboardSession.KeyClaim"/>
    /// naming the key without its secret), or null when the key is not accepted.
    /// </summary>
    Task<ClaimsPrincipal?> SignInAsync(string presentedKey, CancellationToken cancellation);

    /// <summary>Whether the key a session was opened with is still accepted (not revoked, not expired): asked on every request.</summary>
    Task<bool> StillAcceptedAsync(ClaimsPrincipal principal, CancellationToken cancellation);
}

/// <summary>
/// The dashboard's session: an encrypted cookie (ASP.NET Core data protection) holding the key's name, role, unit, a hash of the
/// key — never the key, which the sign-in form posts once and nothing keeps — and the id of the session's record in the database
/// (<see cref="SessionRecords"/>). HttpOnly, SameSite=Strict, Secure whenever the request is HTTPS, limited to <c>/dashboard</c>,
/// expiring after <see cref="IdleTimeout"/> without use. Every request re-checks the key, so revoking it ends its sessions within
/// the key cache's few seconds, and the session's record, so signing out ends the session at once on every instance, for a copy
/// of the cookie too.
/// </summary>
public static class DashboardSession
{
    public const string Scheme = "Dashboard";
    public const string CookieName = "capops.dashboard";
    public const string KeyClaim = "capops:key";

    /// <summary>The claim naming the session's record (<see cref="DashboardSessionRecord"/>).</summary>
    public const string SessionClaim = "capops:session";
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(8);

    internal static IServiceCollection AddDashboardSession(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/dashboard";
            o.Cookie.IsEssential = true;
            o.ExpireTimeSpan = IdleTimeout;
            o.SlidingExpiration = true;
            o.LoginPath = "/dashboard/login";
            o.LogoutPath = "/dashboard/logout";
            o.AccessDeniedPath = "/dashboard/login";
            o.ReturnUrlParameter = "returnUrl";
            o.Events.OnValidatePrincipal = async context =>
            {
                var services = context.HttpContext.RequestServices;
                var cancellation = context.HttpContext.RequestAborted;
                if (context.Principal is null || !await services.GetRequiredService<IDashboardKeys>().StillAcceptedAsync(context.Principal, cancellation)
                    || !await services.GetRequiredService<SessionRecords>().IsOpenAsync(context.Principal, cancellation))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(Scheme);
                }
            };
            o.Events.OnCheckSlidingExpiration = async context =>
            {
                if (context.ShouldRenew)
                    await context.HttpContext.RequestServices.GetRequiredService<SessionRecords>().RenewAsync(context.Principal!, context.HttpContext.RequestAborted);
            };
        });
        services.AddSingleton<SessionRecords>();
        services.ConfigureMarten(opts => opts.Schema.For<DashboardSessionRecord>());
        return services;
    }
}
