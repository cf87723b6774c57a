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

    /// <summary>The n-th day of <paramref name="today"/>'s year so far, cycling: each of <paramref name="spread"/> subjects gets one fact a day before any gets a second.</summary>
    private static Func<long, DateOnly> Days(int spread, DateOnly today)
    {
        var firstDay = new DateOnly(today.Year, 1, 1);
        var days = today.DayNumber - firstDay.DayNumber + 1;
        return n => firstDay.AddDays((int)(n / spread % days));
    }

    /// <summary>The n-th training: a two-hour lecture for the cadres in turn, each with its own external id.</summary>
    public static Func<long, (string Path, object Body)> Trainings(IReadOnlyList<string> staff, DateOnly today, string run)
    {
        var day = Days(staff.Count, today);
        return n =>
        {
            var on = day(n).ToString("yyyy-MM-dd");
            return ($"/api/v1/cadres/{staff[(int)(n % staff.Count)]}/trainings", new
            {
                title = "压测环保大讲堂", kind = "Lecture", level = "Bureau", organiser = "市局人事科（压测）", from = on, to = on, hours = 2m,
                externalId = $"T-{run}-{n}",
            });
        };
    }

    /// <summary>The n-th talk, with the cadres in turn.</summary>
    public static Func<long, (string Path, object Body)> Talks(IReadOnlyList<string> staff, DateOnly today)
    {
        var day = Days(staff.Count, today);
        return n => ($"/api/v1/cadres/{staff[(int)(n % staff.Count)]}/talks", new { heldOn = day(n).ToString("yyyy-MM-dd"), by = "党组书记（压测）" });
    }

    /// <summary>The n-th maintenance or calibration, on the assets in turn, never before an asset was acquired.</summary>
    public static Func<long, (string Path, object Body)> Maintenance(IReadOnlyList<(string AssetNo, DateOnly AcquiredOn)> assets, DateOnly today)
    {
        var day = Days(assets.Count, today);
        return n =>
        {
            var (assetNo, acquiredOn) = assets[(int)(n % assets.Count)];
            var on = day(n) < acquiredOn ? acquiredOn : day(n);
            return ($"/api/v1/equipment/{assetNo}/maintenance", new
            {
                on = on.ToString("yyyy-MM-dd"), kind = n % 2 == 0 ? "Calibration" : "Maintenance", nextDueOn = on.AddYears(1).ToString("yyyy-MM-dd"),
            });
        };
    }

    /// <summary>The n-th critical education (no grade effect), with the cadres in turn.</summary>
    public static Func<long, (string Path, object Body)> Admonitions(IReadOnlyList<string> staff, DateOnly today)
    {
        var day = Days(staff.Count, today);
        return n => ($"/api/v1/cadres/{staff[(int)(n % staff.Count)]}/admonitions", new
        {
            kind = "CriticalEducation", on = day(n).ToString("yyyy-MM-dd"), reason = "压测：落实工作要求不够及时",
        });
    }

    private static async Task<ScenarioResult> MeasureAsync(BenchContext context, string name, string route, int subjects, string key,
        Func<long, (string Path, object Body)> request, CancellationToken cancellation, string? note = null)
    {
        var measured = await WriteScenario.MeasureAsync(context, name, key, n =>
            {
                var (path, body) = request(n);
                return WriteScenario.Post(path, body);
            },
            cancellation, seconds: context.Sizes.ModuleWriteSeconds, warmUpSeconds: context.Sizes.ModuleWarmUpSeconds);
        return WriteScenario.Result(name, new()
        {
            ["connections"] = WriteScenario.Connections, ["seconds"] = context.Sizes.ModuleWriteSeconds, ["route"] = route, ["subjects"] = subjects,
        }, measured, note);
    }

    private static DateOnly Today => ChinaTime.Today(TimeProvider.System);

    /// <summary>Training: <c>POST /api/v1/cadres/{staffNo}/trainings</c>.</summary>
    private static Task<ScenarioResult> TrainingsAsync(BenchContext context, CancellationToken cancellation) =>
        MeasureAsync(context, "write-training", "POST /api/v1/cadres/{staffNo}/trainings", context.StaffNos.Count, context.WriterKey,
            Trainings(context.StaffNos, Today, Guid.NewGuid().ToString("N")[..8]), cancellation);

    /// <summary>Talent and care: <c>POST /api/v1/cadres/{staffNo}/talks</c>.</summary>
    private static Task<ScenarioResult> TalksAsync(BenchContext context, CancellationToken cancellation) =>
        MeasureAsync(context, "write-talent", "POST /api/v1/cadres/{staffNo}/talks", context.StaffNos.Count, context.WriterKey,
            Talks(context.StaffNos, Today), cancellation);

    /// <summary>
    /// Equipment: <c>POST /api/v1/equipment/{assetNo}/maintenance</c> over the generated assets in service (each asset's stream is
    /// locked per request: consecutive requests go to different assets, as maintenance records arrive from many units).
    /// </summary>
    private static async Task<ScenarioResult> MaintenanceAsync(BenchContext context, CancellationToken cancellation)
    {
        var assets = await AssetsInServiceAsync(context, cancellation);
        return await MeasureAsync(context, "write-equipment", "POST /api/v1/equipment/{assetNo}/maintenance", assets.Count, context.WriterKey,
            Maintenance(assets, Today), cancellation);
    }

    /// <summary>Discipline: <c>POST /api/v1/cadres/{staffNo}/admonitions</c>, recorded by a DisciplineOfficer of the city: the route
    /// refuses a UnitWriter (403), as the contract says.</summary>
    private static async Task<ScenarioResult> AdmonitionsAsync(BenchContext context, CancellationToken cancellation)
    {
        if (context.DisciplineKey.Length == 0) context.DisciplineKey = await context.IssueKeyAsync(Roles.DisciplineOfficer, BureauShape.CityCode, cancellation);
        return await MeasureAsync(context, "write-discipline", "POST /api/v1/cadres/{staffNo}/admonitions", context.StaffNos.Count, context.DisciplineKey,
            Admonitions(context.StaffNos, Today), cancellation, "a DisciplineOfficer key of the city: admonitions are refused to a UnitWriter");
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
