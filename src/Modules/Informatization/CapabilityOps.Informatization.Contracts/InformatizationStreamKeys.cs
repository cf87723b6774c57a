namespace CapabilityOps.Informatization.Contracts;

/// <summary>The module's streams, each keyed by its natural code (prefixes keep them apart from cadre and unit streams).</summary>
public static class InformatizationStreamKeys
{
    public static string System(string code) => "information-system:" + code;

    public static string Station(string code) => "monitoring-station:" + code;

    public static string Milestone(string code) => "informatization-milestone:" + code;

    public static string SubstitutionItem(string itemNo) => "substitution-item:" + itemNo;
}
