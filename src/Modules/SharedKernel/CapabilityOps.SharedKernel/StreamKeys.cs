namespace CapabilityOps.SharedKernel;

/// <summary>
/// Event stream identities. Streams are keyed by strings; every stream about one cadre is the same
/// stream (<c>cadre:{staffNo}</c>) whatever module appends to it, so a cadre's history is one
/// ordered stream (see docs/ARCHITECTURE.md). Prefixes keep kinds of streams apart.
/// </summary>
public static class StreamKeys
{
    public static string Cadre(string staffNo) => "cadre:" + staffNo;

    public static string Unit(string unitCode) => "unit:" + unitCode;

    public static string StaffNoOf(string cadreStreamKey) =>
        cadreStreamKey.StartsWith("cadre:", StringComparison.Ordinal) ? cadreStreamKey["cadre:".Length..] : cadreStreamKey;
}
