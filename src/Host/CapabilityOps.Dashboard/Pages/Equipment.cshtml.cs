using CapabilityOps.Dashboard.Queries;
using CapabilityOps.Equipment.Register;
using CapabilityOps.Equipment.Reserve;
using Microsoft.AspNetCore.Mvc;

namespace CapabilityOps.Dashboard.Pages;

/// <summary>A unit's subtree's ageing equipment, maintenance due within 30 days, and reserve items low in stock or expiring (the Equipment module's lists).</summary>
public sealed class EquipmentModel(DashboardReads reads) : DashboardPage(reads)
{
    public const int Limit = 200;

    [BindProperty(SupportsGet = true)]
    public string Code { get; set; } = "";

    public UnitEntry? Unit { get; private set; }

    public IReadOnlyList<UnitEntry> Trail { get; private set; } = [];

    public IReadOnlyList<EquipmentView> Ageing { get; private set; } = [];

    public IReadOnlyList<EquipmentView> MaintenanceDue { get; private set; } = [];

    public IReadOnlyList<ReserveItemView> Low { get; private set; } = [];

    public IReadOnlyList<ReserveItemView> Expiring { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var cancellation = HttpContext.RequestAborted;
        var unit = await Reads.UnitAsync(Code, cancellation);
        if (!unit.Ok) return Refuse(unit);
        (Unit, _, Trail) = unit.Value;
        var lists = await Reads.EquipmentAsync(Code, Limit, cancellation);
        if (!lists.Ok) return Refuse(lists);
        (Ageing, MaintenanceDue, Low, Expiring) = lists.Value;
        return Page();
    }
}
