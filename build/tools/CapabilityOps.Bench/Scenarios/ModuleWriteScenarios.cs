using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CapabilityOps.Bench.Generation;
using CapabilityOps.SharedKernel;

namespace CapabilityOps.Bench.Scenarios;

/// <summary>
/// The busiest write route of each module added after the write scenario, measured as the write scenario is
/// (<see cref="WriteScenario.MeasureAsync"/>: 16 connections, the same run's raw-INSERT baseline, the same targets), each its
/// own scenario. Every request is valid and new: facts about the generated cadres who never left (whose streams take facts
/// dated this year) and the generated assets in service, dated on the days of the current year so far, each with its own
/// Idempotency-Key (and, for trainings, its own external id). The station data capture of Informatization is the
/// <see cref="CaptureScenario"/>, measured the same way.
/// </summary>
public static class ModuleWriteScenarios
{
    /// <summary>The scenarios' names, in the order they run.</summary>
    public static readonly string[] Names = ["write-training", "write-talent", "write-equipment", "write-discipline"];

    public static Task<ScenarioResult> RunAsync(string name, BenchContext context, CancellationToken cancellation) => name switch
    {
        "write-training" => TrainingsAsync(context, cancellation),
        "write-talent" => TalksAsync(context, cancellation),
        "write-equipment" => MaintenanceAsync(context, cancellation),
        "write-discipline" => AdmonitionsAsync(context, cancellation),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a module write scenario"),
    };

    /// <summary>The n-th day of the current year so far, cycling: every cadre gets one fact a day before any gets a second.</summary>
    private static Func<long, DateOnly> Days(int spread)
    {
        var today = ChinaTime.Today(TimeProvider.System);
        var firstDay = new DateOnly(today.Year, 1, 1);
        var days = today.DayNumber - firstDay.DayNumber + 1;
        return n => firstDay.AddDays((int)(n / spread % days));
    }

    private static Dictionary<string, object> Size(BenchContext context, string route, int subjects) => new()
    {
        ["connections"] = WriteScenario.Connections, ["seconds"] = context.Sizes.ModuleWriteSeconds, ["route"] = route, ["subjects"] = subjects,
    };

    /// <summary>Training: <c>POST /api/v1/cadres/{staffNo}/trainings</c>, a two-hour lecture with its own external id.</summary>
    private static async Task<ScenarioResult> TrainingsAsync(BenchContext context, CancellationToken cancellation)
    {
        var staff = context.StaffNos;
        var day = Days(staff.Count);
        var run = Guid.NewGuid().ToString("N")[..8];
        var measured = await WriteScenario.MeasureAsync(context, "write-training", context.WriterKey, n =>
        {
            var on = day(n).ToString("yyyy-MM-dd");
            return WriteScenario.Post($"/api/v1/cadres/{staff[(int)(n % staff.Count)]}/trainings", new
            {
                title = "压测环保大讲堂", kind = "Lecture", level = "Bureau", organiser = "市局人事科（压测）", from = on, to = on, hours = 2m,
                externalId = $"T-{run}-{n}",
            });
        }, cancellation, seconds: context.Sizes.ModuleWriteSeconds, warmUpSeconds: context.Sizes.ModuleWarmUpSeconds);
        return WriteScenario.Result("write-training", Size(context, "POST /api/v1/cadres/{staffNo}/trainings", staff.Count), measured);
    }

    /// <summary>Talent and care: <c>POST /api/v1/cadres/{staffNo}/talks</c>.</summary>
    private static async Task<ScenarioResult> TalksAsync(BenchContext context, CancellationToken cancellation)
    {
        var staff = context.StaffNos;
        var day = Days(staff.Count);
        var measured = await WriteScenario.MeasureAsync(context, "write-talent", context.WriterKey, n =>
            WriteScenario.Post($"/api/v1/cadres/{staff[(int)(n % staff.Count)]}/talks", new { heldOn = day(n).ToString("yyyy-MM-dd"), by = "党组书记（压测）" }),
            cancellation, seconds: context.Sizes.ModuleWriteSeconds, warmUpSeconds: context.Sizes.ModuleWarmUpSeconds);
        return WriteScenario.Result("write-talent", Size(context, "POST /api/v1/cadres/{staffNo}/talks", staff.Count), measured);
    }

    /// <summary>
    /// Equipment: <c>POST /api/v1/equipment/{assetNo}/maintenance</c> over the generated assets in service (each asset's stream is
    /// locked per request: consecutive requests go to different assets, as maintenance records arrive from many units).
    /// </summary>
    private static async Task<ScenarioResult> MaintenanceAsync(BenchContext context, CancellationToken cancellation)
    {
        var assets = await AssetsInServiceAsync(context, cancellation);
        var day = Days(assets.Count);
        var measured = await WriteScenario.MeasureAsync(context, "write-equipment", context.WriterKey, n =>
        {
            var (assetNo, acquiredOn) = assets[(int)(n % assets.Count)];
            var on = day(n) < acquiredOn ? acquiredOn : day(n);
            var calibration = n % 2 == 0;
            return WriteScenario.Post($"/api/v1/equipment/{assetNo}/maintenance", new
            {
                on = on.ToString("yyyy-MM-dd"), kind = calibration ? "Calibration" : "Maintenance", nextDueOn = on.AddYears(1).ToString("yyyy-MM-dd"),
            });
        }, cancellation, seconds: context.Sizes.ModuleWriteSeconds, warmUpSeconds: context.Sizes.ModuleWarmUpSeconds);
        return WriteScenario.Result("write-equipment", Size(context, "POST /api/v1/equipment/{assetNo}/maintenance", assets.Count), measured);
    }

    /// <summary>Discipline: <c>POST /api/v1/cadres/{staffNo}/admonitions</c>, critical education (no grade effect). Recorded by a
    /// DisciplineOfficer of the city: the route refuses a UnitWriter (403), as the contract says.</summary>
    private static async Task<ScenarioResult> AdmonitionsAsync(BenchContext context, CancellationToken cancellation)
    {
        var staff = context.StaffNos;
        var day = Days(staff.Count);
        if (context.DisciplineKey.Length == 0) context.DisciplineKey = await context.IssueKeyAsync(Roles.DisciplineOfficer, BureauShape.CityCode, cancellation);
        var measured = await WriteScenario.MeasureAsync(context, "write-discipline", context.DisciplineKey, n =>
            WriteScenario.Post($"/api/v1/cadres/{staff[(int)(n % staff.Count)]}/admonitions", new
            {
                kind = "CriticalEducation", on = day(n).ToString("yyyy-MM-dd"), reason = "压测：落实工作要求不够及时",
            }), cancellation, seconds: context.Sizes.ModuleWriteSeconds, warmUpSeconds: context.Sizes.ModuleWarmUpSeconds);
        return WriteScenario.Result("write-discipline", Size(context, "POST /api/v1/cadres/{staffNo}/admonitions", staff.Count), measured,
            "a DisciplineOfficer key of the city: admonitions are refused to a UnitWriter");
    }

    /// <summary>The generated assets in service, by the register's own listing of the city's subtree.</summary>
    private static async Task<List<(string AssetNo, DateOnly AcquiredOn)>> AssetsInServiceAsync(BenchContext context, CancellationToken cancellation)
    {
        using var admin = context.Admin();
        var assets = new List<(string, DateOnly)>();
        for (string? after = null; ;)
        {
            var page = (await admin.GetFromJsonAsync<JsonArray>(
                $"/api/v1/equipment?unit={BureauShape.CityCode}&limit=1000{(after is null ? "" : "&after=" + Uri.EscapeDataString(after))}", cancellation))!;
            foreach (var asset in page)
                assets.Add((asset!["assetNo"]!.GetValue<string>(), DateOnly.Parse(asset["acquiredOn"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)));
            if (page.Count < 1000) break;
            after = assets[^1].Item1;
        }
        if (assets.Count == 0) throw new InvalidOperationException("the generated bureau has no equipment in service");
        return assets;
    }
}
