using System.Globalization;
using System.Security.Claims;
using CapabilityOps.SharedKernel;

namespace CapabilityOps.Dashboard;

/// <summary>Names a person reads for the codes the API answers with: roles, rules, report statuses.</summary>
public static class Labels
{
    public static Text Role(ClaimsPrincipal user) => user.FindFirst(ClaimTypes.Role)?.Value switch
    {
        Roles.Admin => Msg("Role.Admin"),
        Roles.UnitWriter => Msg("Role.UnitWriter"),
        Roles.DisciplineOfficer => Msg("Role.DisciplineOfficer"),
        _ => Msg("Role.Reader"),
    };

    /// <summary>A rule's short name with its ID (a rule a later rulebook adds is shown by its ID alone).</summary>
    public static string Rule(string id)
    {
        Text? name = id switch
        {
            "LRN-1" => Msg("RuleName.LRN-1"),
            "LRN-2" => Msg("RuleName.LRN-2"),
            "LRN-3" => Msg("RuleName.LRN-3"),
            "LRN-4" => Msg("RuleName.LRN-4"),
            "TRN-1" => Msg("RuleName.TRN-1"),
            "TRN-5" => Msg("RuleName.TRN-5"),
            "TRN-7" => Msg("RuleName.TRN-7"),
            "SVC-1" => Msg("RuleName.SVC-1"),
            "SVC-2" => Msg("RuleName.SVC-2"),
            "CARE-1" => Msg("RuleName.CARE-1"),
            "CARE-3" => Msg("RuleName.CARE-3"),
            "RPT-1" => Msg("RuleName.RPT-1"),
            _ => null,
        };
        return name is null ? id : $"{id} {name}";
    }

    public static Text ReportStatus(string status) => status switch
    {
        "Late" => Msg("ReportStatus.Late"),
        "Missing" => Msg("ReportStatus.Missing"),
        "OnTime" => Msg("ReportStatus.OnTime"),
        _ => Msg("ReportStatus.NotDue"),
    };

    /// <summary>An enum value in the reader's language (its module's <c>Enum.{Type}.{Value}</c>).</summary>
    public static string Of(Enum value) => Text.Render(value, null, CultureInfo.CurrentUICulture);

    /// <summary>A share as a percentage with one decimal, or a dash when nothing was counted.</summary>
    public static string Percent(int part, int whole) =>
        whole == 0 ? "—" : (100m * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static decimal Rate(int part, int whole) => whole == 0 ? 0 : Math.Round(100m * part / whole, 1);

    public static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
