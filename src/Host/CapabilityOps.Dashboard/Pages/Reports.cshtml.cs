using CapabilityOps.Appraisal.Reports;
using CapabilityOps.Dashboard.Queries;
using Microsoft.AspNetCore.Mvc;

namespace CapabilityOps.Dashboard.Pages;

/// <summary>The late and missing monthly reports (RPT-1) of a unit's subtree in a year, newest month first.</summary>
public sealed class ReportsModel(DashboardReads reads) : DashboardPage(reads)
{
    [BindProperty(SupportsGet = true)]
    public string Code { get; set; } = "";

    public UnitEntry? Unit { get; private set; }

    public IReadOnlyList<UnitEntry> Trail { get; private set; } = [];

    public IReadOnlyList<MonthlyReportStatus> Reports { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var cancellation = HttpContext.RequestAborted;
        var unit = await Reads.UnitAsync(Code, cancellation);
        if (!unit.Ok) return Refuse(unit);
        (Unit, _, Trail) = unit.Value;
        var reports = await Reads.ReportsAsync(Code, Math.Clamp(ShownYear, Reads.Years[^1], Reads.Years[0]), cancellation);
        if (!reports.Ok) return Refuse(reports);
        Reports = reports.Value!;
        return Page();
    }
}
