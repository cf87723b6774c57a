using System.Text.Json;
using CapabilityOps.Dashboard.Queries;
using Microsoft.AspNetCore.Mvc;

namespace CapabilityOps.Dashboard.Pages;

/// <summary>
/// A unit's year: its compliance per rule and appraisal score, the same for each unit directly below it (the drill-down: the city's
/// county bureaus, departments and direct units; a county's own departments), and the monthly trend, asked for by the page's script.
/// </summary>
public sealed class UnitModel(DashboardReads reads) : DashboardPage(reads)
{
    [BindProperty(SupportsGet = true)]
    public string Code { get; set; } = "";

    public UnitEntry? Unit { get; private set; }

    public IReadOnlyList<UnitEntry> Trail { get; private set; } = [];

    public UnitFigures? Figures { get; private set; }

    public IReadOnlyList<UnitFigures> Children { get; private set; } = [];

    /// <summary>The charts' data, JSON for the page's script (HTML-safe: <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> escaped).</summary>
    public string ChartJson { get; private set; } = "{}";

    public async Task<IActionResult> OnGetAsync()
    {
        var cancellation = HttpContext.RequestAborted;
        var unit = await Reads.UnitAsync(Code, cancellation);
        if (!unit.Ok) return Refuse(unit);
        (Unit, var children, Trail) = unit.Value;
        var figures = await Reads.FiguresAsync(Unit, Year, true, cancellation);
        if (!figures.Ok) return Refuse(figures);
        Figures = figures.Value;
        var below = new List<UnitFigures>();
        foreach (var child in children)
            if ((await Reads.FiguresAsync(child, Year, true, cancellation)).Value is { } childFigures) below.Add(childFigures);
        Children = below;
        ChartJson = JsonSerializer.Serialize(Charts(), JsonOptions);
        return Page();
    }

    /// <summary>The monthly trend of the unit's compliance rate (JSON).</summary>
    public async Task<IActionResult> OnGetTrendAsync()
    {
        var trend = await Reads.TrendAsync(Code, Year, HttpContext.RequestAborted);
        if (!trend.Ok) return new JsonResult(new { detail = trend.Problem }) { StatusCode = trend.Status };
        return new JsonResult(trend.Value!.Select(p => new { month = p.Month, onDate = p.OnDate, cadres = p.CadreCount, compliant = p.CompliantCount, rate = p.Rate }));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private object Charts()
    {
        var own = Figures!.Compliance;
        var rules = own.Checks.Select(c => c.Rule).Union(Children.SelectMany(c => c.Compliance.Checks.Select(k => k.Rule)))
            .Order(StringComparer.Ordinal).ToList();
        return new
        {
            labels = new
            {
                rate = Msg("ComplianceRate").ToString(),
                score = Msg("AppraisalScore").ToString(),
                trend = Msg("MonthlyTrend").ToString(),
                cadres = Msg("Cadres").ToString(),
                noData = Msg("NoData").ToString(),
            },
            own = own.Checks.Select(c => new { rule = Labels.Rule(c.Rule), rate = Labels.Rate(c.Met, c.Total), met = c.Met, total = c.Total }),
            children = new
            {
                units = Children.Select(c => c.Unit.Name),
                series = rules.Select(rule => new
                {
                    name = Labels.Rule(rule),
                    data = Children.Select(c => c.Compliance.Checks.FirstOrDefault(k => k.Rule == rule) is { } k ? Labels.Rate(k.Met, k.Total) : (decimal?)null),
                }),
            },
            scores = new
            {
                units = Children.Select(c => c.Unit.Name),
                data = Children.Select(c => c.Appraisal?.Score),
            },
            trend = $"/dashboard/units/{Uri.EscapeDataString(Code)}?handler=trend&year={ShownYear}",
        };
    }
}
