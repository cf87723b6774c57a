using CapabilityOps.Appraisal.Compliance;
using CapabilityOps.Dashboard.Access;
using CapabilityOps.Dashboard.Queries;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.WebEncoders;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace CapabilityOps.Dashboard;

/// <summary>
/// The dashboard at <c>/dashboard</c>: Razor Pages rendered on the server for the bureau's people, signed in with an API key into a
/// cookie session (<see cref="DashboardSession"/>), its static files (the page script, the styles and Apache ECharts, vendored from
/// npm at build time) served from the assembly.
/// </summary>
public static class DashboardSetup
{
    public const string AssetsPath = "/dashboard/assets";

    /// <summary>The pages, the session scheme and the reads. The host supplies <see cref="IDashboardKeys"/> (its API key store).</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddRazorPages(o => o.Conventions.ConfigureFilter(new Pages.SecurityHeaders())).AddApplicationPart(typeof(DashboardSetup).Assembly);
        services.AddDashboardSession();
        services.AddSharedKeyRing();
        // Chinese as it is in the pages' HTML, not as character references (Razor encodes what HTML needs encoded either way).
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddScoped<DashboardReads>();
        return services;
    }

    /// <summary>
    /// The static files, before authentication: they are the same for everyone and hold nothing of the bureau's. Cached by browsers
    /// for a day; a new build changes the query string the pages ask with (<see cref="AssetVersion"/>).
    /// </summary>
    public static WebApplication UseDashboardAssets(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(DashboardSetup).Assembly, "dashboard-assets"),
            RequestPath = AssetsPath,
            OnPrepareResponse = context =>
            {
                context.Context.Response.Headers.CacheControl = "public, max-age=86400";
                context.Context.Response.Headers.XContentTypeOptions = "nosniff";
            },
        });
        return app;
    }

    /// <summary>The pages' routes (after the host's authentication and authorization).</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.MapRazorPages();
        return app;
    }

    /// <summary>Changes with every build of the dashboard, so that a browser fetches the new static files.</summary>
    public static string AssetVersion { get; } = typeof(DashboardSetup).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];
}
