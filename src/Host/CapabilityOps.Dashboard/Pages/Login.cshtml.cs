using CapabilityOps.Dashboard.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapabilityOps.Dashboard.Pages;

/// <summary>
/// Sign-in with an API key: a form posted with its antiforgery token. The key is read from the form once, checked by the host's key
/// store and dropped: it is never bound to the model (so never rendered back into the page), never put in a URL or a log line;
/// the session holds a hash of it (<see cref="DashboardSession"/>) and the id of the session's record, written here.
/// </summary>
[AllowAnonymous]
public sealed class LoginModel(IDashboardKeys keys, SessionRecords sessions) : PageModel
{
    public bool Failed { get; private set; }

    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = LocalDashboardPath(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        var presented = Request.Form["apiKey"].ToString().Trim();
        var principal = presented.Length == 0 ? null : await keys.SignInAsync(presented, HttpContext.RequestAborted);
        if (principal is null)
        {
            Failed = true;
            ReturnUrl = LocalDashboardPath(returnUrl);
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        await sessions.OpenAsync(principal, HttpContext.RequestAborted);
        await HttpContext.SignInAsync(DashboardSession.Scheme, principal, new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });
        return LocalRedirect(LocalDashboardPath(returnUrl) ?? "/dashboard");
    }

    /// <summary>Only a path of the dashboard itself is followed after signing in (no open redirect).</summary>
    private static string? LocalDashboardPath(string? url) =>
        url is not null && url.StartsWith("/dashboard", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.Contains('\\') && !url.StartsWith("/dashboard/login", StringComparison.Ordinal) ? url : null;
}
