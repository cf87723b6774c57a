using Microsoft.AspNetCore.Mvc.Filters;

namespace CapabilityOps.Dashboard.Pages;

/// <summary>
/// Every dashboard page: scripts and styles only from the host itself (no CDN, no inline script: chart data travels as JSON in a
/// non-executed script element), never framed, never cached (a signed-out browser keeps no figures), and no referrer.
/// </summary>
internal sealed class SecurityHeaders : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var headers = context.HttpContext.Response.Headers;
        // ECharts sets element styles from script; 'unsafe-inline' is for styles only.
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        return next();
    }
}
