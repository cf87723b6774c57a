using CapabilityOps.Dashboard.Queries;
using Microsoft.AspNetCore.Mvc;

namespace CapabilityOps.Dashboard.Pages;

/// <summary>A unit's non-compliant cadres (its whole subtree), a page at a time, each with the rules missed and a link to the explanation.</summary>
public sealed class CadresModel(DashboardReads reads) : DashboardPage(reads)
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public UnitEntry? Unit { get; private set; }

    public IReadOnlyList<UnitEntry> Trail { get; private set; } = [];

    public int Total { get; private set; }

    public IReadOnlyList<MissingCadre> Cadres { get; private set; } = [];

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync()
    {
        var cancellation = HttpContext.RequestAborted;
        var unit = await Reads.UnitAsync(Code, cancellation);
        if (!unit.Ok) return Refuse(unit);
        (Unit, _, Trail) = unit.Value;
        var figures = await Reads.FiguresAsync(Unit, Year, false, cancellation);
        if (!figures.Ok) return Refuse(figures);
        var compliance = figures.Value!.Compliance;
        Total = compliance.NonCompliant.Count;
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        Cadres = await Reads.MissingAsync(compliance, (PageNumber - 1) * PageSize, PageSize, cancellation);
        return Page();
    }
}
