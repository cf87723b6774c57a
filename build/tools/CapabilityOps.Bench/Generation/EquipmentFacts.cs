using CapabilityOps.Equipment.Contracts;
using CapabilityOps.Equipment.Contracts.Events;
using CapabilityOps.Organization.Contracts;

namespace CapabilityOps.Bench.Generation;

/// <summary>
/// The bureau's equipment, as the Equipment module would have recorded it (EQP-1..4): a register of a few hundred assets across
/// the direct units and county bureaus — enforcement vehicles, drones and terminals at the enforcement units, instruments and
/// video at the monitoring stations — some bought long ago and past their service life (some retired, some replaced), with
/// maintenance and calibration due or overdue; an emergency depot at the enforcement detachment and at each county's
/// enforcement brigade with items near or below their minimum; and each year's earmarks with spending that never exceeds
/// them. The same for the same seed; no date after the plan's today.
/// </summary>
public static class EquipmentFacts
{
    private sealed record Model(EquipmentKind Kind, string Name, int Life, decimal Value, MaintenanceKind? Upkeep, int UpkeepMonths);

    private static readonly Model[] Enforcement =
    [
        new(EquipmentKind.EnforcementVehicle, "执法执勤车辆", 8, 180_000m, MaintenanceKind.Maintenance, 6),
        new(EquipmentKind.Drone, "多旋翼航测无人机", 5, 65_000m, MaintenanceKind.Maintenance, 12),
        new(EquipmentKind.MobileEnforcementTerminal, "移动执法终端", 5, 6_800m, null, 0),
        new(EquipmentKind.MonitoringInstrument, "便携式VOCs检测仪", 8, 86_500m, MaintenanceKind.Calibration, 12),
        new(EquipmentKind.EmergencyEquipment, "应急监测车载电源", 10, 42_000m, MaintenanceKind.Maintenance, 12),
    ];

    private static readonly Model[] Monitoring =
    [
        new(EquipmentKind.MonitoringInstrument, "气相色谱仪", 10, 420_000m, MaintenanceKind.Calibration, 12),
        new(EquipmentKind.MonitoringInstrument, "原子吸收分光光度计", 10, 310_000m, MaintenanceKind.Calibration, 12),
        new(EquipmentKind.MonitoringInstrument, "多参数水质分析仪", 6, 58_000m, MaintenanceKind.Calibration, 6),
        new(EquipmentKind.MonitoringInstrument, "烟气分析仪", 6, 73_000m, MaintenanceKind.Calibration, 12),
        new(EquipmentKind.VideoMonitoring, "排污口视频监控", 8, 23_000m, MaintenanceKind.Maintenance, 12),
        new(EquipmentKind.Drone, "水质采样无人机", 5, 88_000m, MaintenanceKind.Maintenance, 12),
    ];

    private static readonly Model[] Office =
    [
        new(EquipmentKind.VideoMonitoring, "视频会议终端", 6, 15_000m, null, 0),
        new(EquipmentKind.Other, "执法记录仪管理工作站", 6, 12_000m, null, 0),
    ];

    private static readonly (string Sku, string Name, string Measure, decimal Minimum, int? ShelfLifeDays)[] Supplies =
    [
        ("WYL", "围油栏", "米", 500m, null), ("XYZ", "吸油毡", "千克", 300m, 1825), ("HXT", "活性炭", "吨", 5m, 1095), ("FHF", "防化服", "套", 40m, 1825),
        ("FDMJ", "防毒面具", "个", 60m, 1095), ("SJH", "应急监测试剂盒", "盒", 100m, 365), ("ZHJ", "酸碱中和剂", "吨", 3m, 730), ("FDJ", "便携式发电机", "台", 4m, null),
    ];

    /// <summary>The streams: assets, then reserve items, then earmarks.</summary>
    public static IEnumerable<GeneratedStream> Streams(GenerationPlan plan, IReadOnlyList<GeneratedUnit> units)
    {
        var random = new Random(unchecked(plan.Seed * 7919 + 24));
        var assets = new List<(string No, DateOnly Acquired, Model Model, string Unit)>();
        var next = 1;
        foreach (var unit in units)
        {
            var (models, count) = unit.Code switch
            {
                "ZFZD" => (Enforcement, 60),
                "JCZ" => (Monitoring, 60),
                _ when unit.Code.EndsWith("-ZFDD", StringComparison.Ordinal) => (Enforcement, 22),
                _ when unit.Code.EndsWith("-JCZ", StringComparison.Ordinal) => (Monitoring, 18),
                _ when unit.Kind == UnitKind.DirectUnit => (Monitoring, 6),
                _ => (Office, 2),
            };
            for (var i = 0; i < count; i++)
            {
                var model = models[random.Next(models.Length)];
                // About a quarter bought long ago: past their service life by now, unless retired or replaced.
                var acquired = random.NextDouble() < 0.25
                    ? Cadres.Between(random, new DateOnly(2008, 1, 1), plan.WindowEnd.AddYears(-model.Life).AddDays(-1))
                    : Cadres.Between(random, plan.WindowEnd.AddYears(-model.Life + 1), plan.WindowEnd.AddDays(-60));
                assets.Add(($"ZC-{acquired.Year}-{next++:D4}", acquired, model, unit.Code));
            }
        }

        var replacedBy = new Dictionary<string, (string By, DateOnly On)>();
        var replaces = new Dictionary<string, (string Old, DateOnly On)>();
        foreach (var old in assets.Where(a => a.Acquired.AddYears(a.Model.Life) <= plan.WindowEnd))
        {
            if (random.NextDouble() >= 0.3) continue;
            var successor = assets.FirstOrDefault(a => a.Unit == old.Unit && a.Model == old.Model && a.Acquired > old.Acquired.AddYears(old.Model.Life - 1)
                && !replaces.ContainsKey(a.No));
            if (successor.No is null) continue;
            var on = successor.Acquired.AddDays(random.Next(0, 30));
            if (on > plan.WindowEnd) continue;
            replacedBy[old.No] = (successor.No, on);
            replaces[successor.No] = (old.No, on);
        }

        foreach (var asset in assets)
        {
            var events = new List<object>
            {
                new EquipmentRegistered(asset.No, asset.Model.Kind, asset.Model.Name, asset.Unit, asset.Acquired,
                    Math.Round(asset.Model.Value * (decimal)(0.85 + random.NextDouble() * 0.3), 2), asset.Model.Life, $"SN{random.Next(10_000_000, 99_999_999)}"),
            };
            var unit = asset.Unit;
            var endOfLife = asset.Acquired.AddYears(asset.Model.Life);
            DateOnly? retiredOn = replacedBy.TryGetValue(asset.No, out var replacement) ? replacement.On
                : endOfLife <= plan.WindowEnd && random.NextDouble() < 0.35 ? Cadres.Between(random, endOfLife, plan.WindowEnd) : null;
            var lastDay = retiredOn ?? plan.WindowEnd;
            if (random.NextDouble() < 0.05 && asset.Acquired.AddDays(60) < lastDay)
            {
                var sameKind = units.Where(u => u.Code != unit && u.Kind == units.First(x => x.Code == unit).Kind).ToList();
                if (sameKind.Count > 0)
                {
                    var to = sameKind[random.Next(sameKind.Count)].Code;
                    events.Add(new EquipmentTransferred(asset.No, unit, to, Cadres.Between(random, asset.Acquired.AddDays(30), lastDay)));
                    unit = to;
                }
            }
            if (asset.Model.Upkeep is { } upkeep)
            {
                // Regular upkeep from acquisition; a few assets fall behind (the last one skipped), so some are overdue.
                var stopEarly = random.NextDouble() < 0.12;
                var done = asset.Acquired.AddMonths(asset.Model.UpkeepMonths);
                var visits = new List<DateOnly>();
                while (done <= lastDay) { visits.Add(done.AddDays(random.Next(-10, 10))); done = done.AddMonths(asset.Model.UpkeepMonths); }
                if (stopEarly && visits.Count > 1) visits.RemoveAt(visits.Count - 1);
                foreach (var day in visits.Where(d => d >= asset.Acquired && d <= lastDay).TakeLast(6))
                    events.Add(new EquipmentMaintained(asset.No, day, upkeep, day.AddMonths(asset.Model.UpkeepMonths)));
            }
            if (replaces.TryGetValue(asset.No, out var old)) events.Add(new EquipmentReplacing(asset.No, old.Old, old.On));
            if (replacedBy.ContainsKey(asset.No)) events.Add(new EquipmentReplaced(asset.No, replacement.By, replacement.On));
            else if (retiredOn is { } retired) events.Add(new EquipmentRetired(asset.No, retired, "超过使用年限，经鉴定报废"));
            yield return new GeneratedStream(EquipmentStreamKeys.Asset(asset.No), events);
        }

        foreach (var depot in units.Where(u => u.Code == "ZFZD" || u.Code.EndsWith("-ZFDD", StringComparison.Ordinal)))
            foreach (var supply in Supplies)
            {
                var sku = $"YJ-{depot.Code}-{supply.Sku}";
                var scale = depot.Code == "ZFZD" ? 1m : 0.4m;
                var minimum = Math.Round(supply.Minimum * scale);
                var events = new List<object> { new ReserveItemRegistered(sku, supply.Name, supply.Measure, depot.Code, minimum) };
                var stock = 0m;
                var day = plan.WindowStart.AddDays(random.Next(0, 60));
                while (day <= plan.WindowEnd)
                {
                    // Replenished when it runs low; issued for incidents between; some end the period near or below the minimum.
                    if (stock < minimum * 1.2m)
                    {
                        var quantity = Math.Round(minimum * (decimal)(0.8 + random.NextDouble()));
                        events.Add(new ReserveReceived(sku, Cadres.Id(random), quantity, day,
                            supply.ShelfLifeDays is { } shelf ? day.AddDays(shelf) : null));
                        stock += quantity;
                    }
                    else
                    {
                        var issued = Math.Min(stock, Math.Round(minimum * (decimal)(0.1 + random.NextDouble() * 0.5)));
                        if (issued > 0)
                        {
                            events.Add(new ReserveIssued(sku, Cadres.Id(random), issued, day, $"TF-{day.Year}-{random.Next(1, 60):D3}"));
                            stock -= issued;
                        }
                    }
                    day = day.AddDays(random.Next(20, 120));
                }
                yield return new GeneratedStream(EquipmentStreamKeys.ReserveItem(sku), events);
            }

        var holders = new (string Unit, EarmarkCategory Category, decimal Amount)[]
        {
            ("RSK", EarmarkCategory.Training, 600_000m), ("JCZ", EarmarkCategory.MonitoringEquipment, 2_400_000m),
            ("ZFZD", EarmarkCategory.InspectionEquipment, 1_500_000m), ("ZFZD", EarmarkCategory.EmergencyEquipment, 800_000m),
        }.Concat(units.Where(u => u.Kind == UnitKind.CountyBureau).SelectMany(u => new[]
        {
            (u.Code + "-JCZ", EarmarkCategory.MonitoringEquipment, 500_000m), (u.Code + "-ZFDD", EarmarkCategory.InspectionEquipment, 300_000m),
        }));
        for (var year = Math.Max(plan.FirstYear, 2020); year <= plan.LastYear; year++)
            foreach (var (unit, category, amount) in holders)
            {
                var id = Cadres.Id(random);
                var total = Math.Round(amount * (decimal)(0.9 + random.NextDouble() * 0.2) / 1000) * 1000;
                var events = new List<object> { new EarmarkAllocated(id, year, category, unit, total) };
                var end = new DateOnly(year, 12, 31) < plan.WindowEnd ? new DateOnly(year, 12, 31) : plan.WindowEnd;
                var spent = 0m;
                var target = total * (decimal)(0.6 + random.NextDouble() * 0.38);
                for (var day = new DateOnly(year, 2, 1).AddDays(random.Next(0, 40)); day <= end && spent < target; day = day.AddDays(random.Next(15, 60)))
                {
                    var amountSpent = Math.Min(total - spent, Math.Round(total * (decimal)(0.03 + random.NextDouble() * 0.12), 2));
                    if (amountSpent <= 0) break;
                    events.Add(new EarmarkSpent(id, Cadres.Id(random), amountSpent, day, Purpose(category, random), $"CG-{year}-{random.Next(1, 9999):D4}"));
                    spent += amountSpent;
                }
                yield return new GeneratedStream(EquipmentStreamKeys.Earmark(id), events);
            }
    }

    /// <summary>How many streams <see cref="Streams"/> yields, for progress.</summary>
    public static int StreamCount(GenerationPlan plan, IReadOnlyList<GeneratedUnit> units) => Streams(plan, units).Count();

    private static string Purpose(EarmarkCategory category, Random random) => category switch
    {
        EarmarkCategory.Training => random.NextDouble() < 0.5 ? "全市生态环境系统执法业务培训班" : "监测技术骨干能力提升培训",
        EarmarkCategory.MonitoringEquipment => random.NextDouble() < 0.5 ? "采购便携式VOCs检测仪" : "实验室仪器检定校准服务",
        EarmarkCategory.InspectionEquipment => random.NextDouble() < 0.5 ? "采购移动执法终端" : "执法车辆维修保养",
        _ => random.NextDouble() < 0.5 ? "补充应急物资（围油栏、吸油毡）" : "应急监测车辆改装",
    };
}
