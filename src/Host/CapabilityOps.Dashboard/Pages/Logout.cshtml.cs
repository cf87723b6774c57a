using CapabilityOps.Dashboard.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapabilityOps.Dashboard.Pages;

/// <summary>
/// Sign-out: a posted form (antiforgery-checked) that deletes the session's record — so the cookie, and any copy of it, is refused
/// from now on by every instance — and the session cookie; the sign-in page follows. The session is read first (the scheme named
/// here), because the form's token was issued to the signed-in person; a request without one is still let through, so that
/// signing out never fails on an expired session.
/// </summary>
[AllowAnonymous]
[Authorize(AuthenticationSchemes = DashboardSession.Scheme)]
public sealed class LogoutModel(SessionRecords sessions) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/dashboard");

    public async Task<IActionResult> OnPostAsync()
    {
        await sessions.EndAsync(User, HttpContext.RequestAborted);
        await HttpContext.SignOutAsync(DashboardSession.Scheme);
        return LocalRedirect("/dashboard/login?signedOut=1");
    }
}
