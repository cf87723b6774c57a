using CapabilityOps.Organization.Contracts;

namespace CapabilityOps.Bench.Generation;

/// <summary>A unit of the generated bureau; <see cref="Weight"/> is its share of the cadres.</summary>
public sealed record GeneratedUnit(string Code, string Name, UnitKind Kind, string? ParentCode, IReadOnlyList<string> Path, int Weight);

/// <summary>
/// The shape of a municipal Ecology &amp; Environment Bureau: the city bureau (市局), its departments (科室) and direct
/// units (直属单位), and five district/county bureaus (区县分局), each with an office and two direct units.
/// </summary>
public static class BureauShape
{
    public const string CityCode = "CITY";

    private static readonly (string Code, string Name)[] CityDepartments =
    [
        ("BGS", "办公室"), ("RSK", "人事科"), ("FGK", "政策法规科"), ("DQK", "大气环境科"), ("SSTK", "水生态环境科"),
        ("TRK", "土壤生态环境科"), ("HPK", "环境影响评价科"), ("JCK", "生态环境监测科"), ("CWK", "科技与财务科"),
    ];

    private static readonly (string Code, string Name, int Weight)[] CityDirectUnits =
    [
        ("ZFZD", "生态环境保护综合行政执法支队", 6), ("JCZ", "生态环境监测站", 5), ("KYS", "环境科学研究所", 3),
        ("XXZX", "生态环境信息中心", 2), ("GFZX", "固体废物管理中心", 2),
    ];

    private static readonly (string Code, string Name)[] Counties =
    [
        ("DH", "东湖区分局"), ("XS", "西山区分局"), ("NX", "南溪县分局"), ("BL", "北岭县分局"), ("QC", "青川县分局"),
    ];

    /// <summary>Every unit, parents before children.</summary>
    public static IReadOnlyList<GeneratedUnit> Units { get; } = Build();

    private static List<GeneratedUnit> Build()
    {
        var units = new List<GeneratedUnit> { new(CityCode, "市生态环境局", UnitKind.CityBureau, null, [CityCode], 2) };
        foreach (var (code, name) in CityDepartments)
            units.Add(new(code, name, UnitKind.Department, CityCode, [CityCode, code], 2));
        foreach (var (code, name, weight) in CityDirectUnits)
            units.Add(new(code, name, UnitKind.DirectUnit, CityCode, [CityCode, code], weight));
        foreach (var (code, name) in Counties)
        {
            units.Add(new(code, "市生态环境局" + name, UnitKind.CountyBureau, CityCode, [CityCode, code], 2));
            units.Add(new(code + "-BGS", name + "办公室", UnitKind.Department, code, [CityCode, code, code + "-BGS"], 2));
            units.Add(new(code + "-JCZ", name + "监测站", UnitKind.DirectUnit, code, [CityCode, code, code + "-JCZ"], 3));
            units.Add(new(code + "-ZFDD", name + "执法大队", UnitKind.DirectUnit, code, [CityCode, code, code + "-ZFDD"], 4));
        }
        return units;
    }
}
