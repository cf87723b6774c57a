using CapabilityOps.Dashboard.Queries;
using Microsoft.AspNetCore.Mvc;

namespace CapabilityOps.Dashboard.Pages;

/// <summary>The start: the key's own unit, or (an administrator) the root of the tree — the city overview — when there is one.</summary>
public sealed class IndexModel(DashboardReads reads) : DashboardPage(reads)
{
    public IReadOnlyList<UnitEntry> Units { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        Units = await Reads.StartingUnitsAsync(HttpContext.RequestAborted);
        return Units.Count == 1 ? LocalRedirect(UnitLink(Units[0].Code)) : Page();
    }
}
