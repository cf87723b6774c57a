using CapabilityOps.Dashboard.Queries;
using Microsoft.AspNetCore.Mvc;

namespace CapabilityOps.Dashboard.Pages;

/// <summary>A cadre's compliance in a year, explained: each rule's target, result and note, and the recorded facts behind it.</summary>
public sealed class CadreModel(DashboardReads reads) : DashboardPage(reads)
{
    [BindProperty(SupportsGet = true)]
    public string StaffNo { get; set; } = "";

    public CadreExplained? Cadre { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var cadre = await Reads.CadreAsync(StaffNo, Year, HttpContext.RequestAborted);
        if (!cadre.Ok) return Refuse(cadre);
        Cadre = cadre.Value;
        return Page();
    }
}
