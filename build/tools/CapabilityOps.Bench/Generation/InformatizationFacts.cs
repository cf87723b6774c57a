using CapabilityOps.Informatization.Contracts;
using CapabilityOps.Informatization.Contracts.Events;

namespace CapabilityOps.Bench.Generation;

/// <summary>
/// The informatization facts of the generated bureau (INF-1..4): the five systems of the programme run by the information
/// centre and the office, monitoring stations of the monitoring station and each county's, each with a day's data capture
/// for every day of the window and a few outages a year, the three-level integration's milestones and a substitution
/// inventory. The same for the same plan (seeded per stream).
/// </summary>
public static class InformatizationFacts
{
    private static readonly (string Code, string Name, SystemKind Kind, string Unit)[] Systems =
    [
        ("SYS-DC", "统一的数据中心", SystemKind.DataCentre, "XXZX"), ("SYS-VC", "视频会议系统", SystemKind.VideoConference, "XXZX"),
        ("SYS-EGOV", "电子政务综合共享平台", SystemKind.EGovernmentPlatform, "XXZX"), ("SYS-OA", "一体化办公网络", SystemKind.OfficeNetwork, "BGS"),
        ("SYS-PSP", "动态污染源数据管理平台", SystemKind.PollutionSourcePlatform, "XXZX"),
    ];

    private static readonly string[] Causes = ["机房供电中断", "网络链路故障", "服务器硬件故障", "系统升级维护", "采集仪通讯中断", "雷击损坏"];
    private static readonly string[] Categories = ["服务器", "操作系统", "数据库", "中间件", "办公软件", "终端"];

    /// <summary>How many streams <see cref="Streams"/> yields for a bureau of these units.</summary>
    public static int StreamCount(IReadOnlyList<GeneratedUnit> units) => Systems.Length + Stations(units).Count + 3 + SubstitutionUnits(units).Count * 3;

    public static IEnumerable<GeneratedStream> Streams(GenerationPlan plan, IReadOnlyList<GeneratedUnit> units)
    {
        var index = 0;
        foreach (var (code, name, kind, unit) in Systems)
        {
            var random = new Random(plan.Seed * 7919 + ++index);
            yield return new(InformatizationStreamKeys.System(code),
                [new InformationSystemRegistered(code, name, kind, unit), .. Outages(plan, random, (id, from, to, cause) => new SystemOutageRecorded(id, code, from, to, cause, "业务中断"))]);
        }
        foreach (var (code, name, kind, unit) in Stations(units))
        {
            var random = new Random(plan.Seed * 7919 + ++index);
            var events = new List<object> { new MonitoringStationRegistered(code, name, kind, unit) };
            events.AddRange(Outages(plan, random, (id, from, to, cause) => new StationOutageRecorded(id, code, from, to, cause, "数据缺失")));
            for (var day = plan.WindowStart; day <= plan.WindowEnd; day = day.AddDays(1))
            {
                var expected = kind == StationKind.PollutionSourceOnline ? 144 : 24;
                var received = random.NextDouble() < 0.9 ? expected : expected - random.Next(1, expected / 4);
                events.Add(new DataCaptureReported(code, unit, day, expected, received));
                // A platform retry now and then: the day posted again with the corrected figures.
                if (received < expected && random.NextDouble() < 0.2) events.Add(new DataCaptureReported(code, unit, day, expected, expected));
            }
            yield return new(InformatizationStreamKeys.Station(code), events);
        }
        var dueOn = new DateOnly(2020, 12, 31);
        (string Code, string Title, MilestoneLevel Level, int LateDays)[] milestones =
        [
            ("INF-P-2020", "省级生态环境数据中心对接", MilestoneLevel.Provincial, 0),
            ("INF-M-2020", "完成环境信息化省市县三级统筹建设", MilestoneLevel.Municipal, 20),
            ("INF-C-2020", "区县分局视频会议系统接入", MilestoneLevel.County, -15),
        ];
        foreach (var (code, title, level, lateDays) in milestones)
        {
            var completed = dueOn.AddDays(lateDays);
            List<object> events = [new InformatizationMilestoneSet(code, title, level, dueOn)];
            if (completed <= plan.Today) events.Add(new InformatizationMilestoneCompleted(code, completed));
            yield return new(InformatizationStreamKeys.Milestone(code), events);
        }
        var item = 0;
        foreach (var unit in SubstitutionUnits(units))
            for (var n = 0; n < 3; n++)
            {
                var random = new Random(plan.Seed * 7919 + 1000 + ++item);
                var itemNo = $"AK-{item:D3}";
                var start = plan.WindowStart;
                List<object> events =
                [
                    new SubstitutionItemListed(itemNo, unit, Categories[random.Next(Categories.Length)], "Windows Server 2012", "麒麟服务器操作系统 V10",
                        start.AddDays(random.Next(180, 540))),
                ];
                var day = start.AddDays(random.Next(10, 60));
                foreach (var status in new[] { SubstitutionStatus.InProgress, SubstitutionStatus.Replaced, SubstitutionStatus.Verified })
                {
                    if (day > plan.WindowEnd || random.NextDouble() < 0.25) break;
                    events.Add(new SubstitutionProgressed(itemNo, status, day));
                    day = day.AddDays(random.Next(20, 120));
                }
                yield return new(InformatizationStreamKeys.SubstitutionItem(itemNo), events);
            }
    }

    private static List<(string Code, string Name, StationKind Kind, string Unit)> Stations(IReadOnlyList<GeneratedUnit> units)
    {
        var stations = new List<(string, string, StationKind, string)>();
        foreach (var unit in units.Where(u => u.Code == "JCZ" || u.Code.EndsWith("-JCZ", StringComparison.Ordinal)))
        {
            stations.Add(($"ST-{unit.Code}-AIR", unit.Name + "空气自动站", StationKind.AirAutomatic, unit.Code));
            stations.Add(($"ST-{unit.Code}-WATER", unit.Name + "水质自动站", StationKind.WaterAutomatic, unit.Code));
            stations.Add(($"ST-{unit.Code}-PS", unit.Name + "污染源在线监控点", StationKind.PollutionSourceOnline, unit.Code));
        }
        return stations;
    }

    private static List<string> SubstitutionUnits(IReadOnlyList<GeneratedUnit> units) =>
        units.Where(u => u.Code is "BGS" or "XXZX" || u.Code.EndsWith("-BGS", StringComparison.Ordinal)).Select(u => u.Code).ToList();

    /// <summary>Two to five outages a year of the window, from a quarter of an hour to a day, never after today.</summary>
    private static IEnumerable<object> Outages(GenerationPlan plan, Random random, Func<Guid, DateTimeOffset, DateTimeOffset, string, object> outage)
    {
        var china = TimeSpan.FromHours(8);
        var end = new DateTimeOffset(plan.WindowEnd.ToDateTime(TimeOnly.MinValue), china);
        for (var year = plan.FirstYear; year <= plan.LastYear; year++)
        {
            var count = random.Next(2, 6);
            for (var n = 0; n < count; n++)
            {
                var from = new DateTimeOffset(year, 1, 1, 0, 0, 0, china).AddMinutes(random.Next(0, 365 * 1440));
                var to = from.AddMinutes(random.Next(15, 1440));
                if (to > end) continue;
                yield return outage(new Guid(random.Next(), (short)random.Next(short.MaxValue), (short)random.Next(short.MaxValue), [.. Enumerable.Range(0, 8).Select(_ => (byte)random.Next(256))]),
                    from, to, Causes[random.Next(Causes.Length)]);
            }
        }
    }
}
