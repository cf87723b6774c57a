using System.Security.Claims;
using System.Text.Encodings.Web;
using CapabilityOps.Host.Infrastructure;
using CapabilityOps.SharedKernel;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CapabilityOps.Host.Access;

/// <summary>
/// Authenticates the <c>X-Api-Key</c> header: the bootstrap admin key from configuration, or a key an
/// administrator issued (<see cref="ApiKeyCheck"/>: looked up by hash, cached for a few seconds; a revocation
/// reaches every instance within <see cref="CacheFor"/>).
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyCheck check) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string UnitClaim = "capops:unit";
    public const string BootstrapName = "bootstrap-admin";
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(presented)) return AuthenticateResult.NoResult();
        // One answer for a key that is unknown, revoked or expired: the refusal never tells which keys exist.
        if (await check.AcceptAsync(presented, Context.RequestAborted) is not { } key) return AuthenticateResult.Fail(NotRecognised);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(ApiKeyCheck.ClaimsOf(key), SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <summary>The failure message of a presented key that is not accepted (not shown: the 401 says it in the reader's language).</summary>
    private const string NotRecognised = "not recognised";

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Context.WriteProblemAsync(new Problem(StatusCodes.Status401Unauthorized,
            string.IsNullOrEmpty(Request.Headers[Header].ToString()) ? Msg("ApiKeyMissing", Header) : Msg("ApiKeyNotRecognised", Header)));

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Context.WriteProblemAsync(Problem.Forbidden(Msg("RoleMayNot")));

    public static void Forget(IMemoryCache cache, string keyHash) => cache.Remove("apikey:" + keyHash);
}
