using CapabilityOps.Dashboard.Access;
using CapabilityOps.Dashboard.Queries;
using CapabilityOps.SharedKernel;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapabilityOps.Dashboard.Pages;

/// <summary>
/// A page behind the dashboard's session: the session cookie is its only way in (an <c>X-Api-Key</c> header opens no page), and
/// the key it was opened with must be one that reads (every role does). A refusal (another county's unit, an unknown code) is
/// rendered as the page with its status and the API's words.
/// </summary>
[Authorize(AuthenticationSchemes = DashboardSession.Scheme, Policy = AccessPolicies.Read)]
public abstract class DashboardPage(DashboardReads reads) : PageModel
{
    public DashboardReads Reads => reads;

    /// <summary>The year shown (<c>?year=</c>, this China year when absent).</summary>
    [BindProperty(SupportsGet = true, Name = "year")]
    public int? Year { get; set; }

    public int ShownYear => Year ?? reads.Today.Year;

    /// <summary>Why the page shows nothing (the API's problem detail), with the response's status.</summary>
    public string? Refusal { get; private set; }

    protected IActionResult Refuse<T>(Read<T> read)
    {
        Refusal = read.Problem;
        Response.StatusCode = read.Status;
        return Page();
    }

    /// <summary>A link to this unit's page with the year shown.</summary>
    public string UnitLink(string code, string? page = null) =>
        $"/dashboard/units/{Uri.EscapeDataString(code)}{(page is null ? "" : "/" + page)}?year={ShownYear}";

    public string CadreLink(string staffNo) => $"/dashboard/cadres/{Uri.EscapeDataString(staffNo)}?year={ShownYear}";
}
