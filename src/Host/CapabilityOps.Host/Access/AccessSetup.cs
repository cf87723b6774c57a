using CapabilityOps.SharedKernel;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace CapabilityOps.Host.Access;

/// <summary>API keys, roles and unit scope: who may call what, on which units.</summary>
public static class AccessSetup
{
    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddMemoryCache();
        services.AddScoped<IAccessScope, AccessScope>();
        services.AddSingleton<ApiKeyCheck>();
        services.AddSingleton<Dashboard.Access.IDashboardKeys>(sp => sp.GetRequiredService<ApiKeyCheck>());
        services.AddModuleAssembly(typeof(AccessSetup).Assembly);
        services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AccessPolicies.Read, p => p.RequireRole(Roles.Admin, Roles.UnitWriter, Roles.Reader, Roles.DisciplineOfficer))
            .AddPolicy(AccessPolicies.Write, p => p.RequireRole(Roles.Admin, Roles.UnitWriter))
            .AddPolicy(AccessPolicies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(AccessPolicies.Discipline, p => p.RequireRole(Roles.Admin, Roles.DisciplineOfficer))
            .AddPolicy(AccessPolicies.WriteOrDiscipline, p => p.RequireRole(Roles.Admin, Roles.UnitWriter, Roles.DisciplineOfficer))
            // A route that forgot to declare its policy is still closed to anonymous callers.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.ConfigureMarten(opts =>
        {
            opts.Events.AddEventTypes([typeof(ApiKeyIssued), typeof(ApiKeyRevoked)]);
            opts.Projections.Add<ApiKeyRecordProjection>(ProjectionLifecycle.Inline);
            opts.Schema.For<ApiKeyRecord>().UniqueIndex(k => k.KeyHash);
        });
        return services;
    }

    /// <summary>Authentication, then the rate limit (per key, so it needs the key), then role and unit checks.</summary>
    public static WebApplication UseAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<UnitScopeMiddleware>();
        return app;
    }
}
