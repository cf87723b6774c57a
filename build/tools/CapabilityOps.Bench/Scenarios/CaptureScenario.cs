using System.Net.Http.Json;
using CapabilityOps.Bench.Generation;
using CapabilityOps.SharedKernel;

namespace CapabilityOps.Bench.Scenarios;

/// <summary>
/// The monitoring platform's daily post: <c>PUT …/monitoring-stations/{code}/data-capture/{date}</c> for 500 stations, one post
/// per station and day of last year in order (182,500 posts in the full run; the quick run posts for as long as the write
/// scenario), at 16 connections with a UnitWriter key, beside the same raw-INSERT route as the write scenario; then the year's
/// capture rate of the city's subtree read sequentially (p99).
/// </summary>
public static class CaptureScenario
{
    private const int Stations = 500;
    private const int RateRequests = 200;

    public static async Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken cancellation)
    {
        var year = ChinaTime.Today(TimeProvider.System).Year - 1;
        var firstDay = new DateOnly(year, 1, 1);
        var days = DateTime.IsLeapYear(year) ? 366 : 365;
        var run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var monitoring = BureauShape.Units.Where(u => u.Code == "JCZ" || u.Code.EndsWith("-JCZ", StringComparison.Ordinal)).Select(u => u.Code).ToList();
        string Station(long i) => $"B{run}-{i:000}";

        using (var admin = context.Admin())
            for (var i = 0; i < Stations; i++)
            {
                using var response = await admin.PostAsJsonAsync("/api/v1/monitoring-stations", new
                {
                    code = Station(i), name = $"压测自动站 {i}", kind = (i % 3) switch { 0 => "AirAutomatic", 1 => "WaterAutomatic", _ => "PollutionSourceOnline" },
                    unitCode = monitoring[i % monitoring.Count],
                }, cancellation);
                response.EnsureSuccessStatusCode();
            }

        // The n-th post: stations in turn, one day of the year after another from yearStart.
        HttpRequestMessage Post(DateOnly yearStart, long n) =>
            new(HttpMethod.Put, $"/api/v1/monitoring-stations/{Station(n % Stations)}/data-capture/{yearStart.AddDays((int)(n / Stations % days)):yyyy-MM-dd}")
            {
                Content = JsonContent.Create(new { expected = 24, received = 20 + (int)(n % 5) }),
            };
        var quick = !context.TargetSize;
        var posts = quick ? long.MaxValue : (long)Stations * days;
        var duration = quick ? TimeSpan.FromSeconds(context.Sizes.WriteSeconds) : TimeSpan.FromHours(1);
        // Warm-up posts go to the year before, so the measured run posts every day of the year once.
        var warmDay = firstDay.AddDays(-days);
        var measured = await WriteScenario.MeasureAsync(context, "capture", context.WriterKey, n => Post(firstDay, n), cancellation,
            warmUp: n => Post(warmDay, n), duration: duration, maxRequests: posts);
        var api = measured.Api;

        using var reader = LoadDriver.Client(context.Url, context.ReaderKey, 1);
        var rate = await LoadDriver.RunAsync(reader, 1, TimeSpan.FromMinutes(5),
            _ => new HttpRequestMessage(HttpMethod.Get, $"/api/v1/units/{BureauShape.CityCode}/capture-rate?year={year}"), "capture rate (city subtree)",
            RateRequests, cancellation, context.Host!.Pid);

        var result = WriteScenario.Result("capture", new() { ["connections"] = WriteScenario.Connections, ["stations"] = Stations, ["year"] = year, ["posts"] = api.Requests },
            measured, quick ? "quick run: posts for the write scenario's duration, not the year's 182,500" : null);
        result.Metrics["cityRateP99Ms"] = Math.Round(rate.P99Ms, 2);
        result.Metrics["cityRateNon2xx"] = rate.Non2xx;
        // Stricter than the shared write targets: a PUT of a day replaces it, so no post has a reason to be refused.
        return result with
        {
            Target = WriteScenario.Target + "; every post 2xx; city subtree's year rate p99 ≤50 ms",
            Met = measured.Met && api.Non2xx == 0 && rate.P99Ms <= 50 && rate.Non2xx == 0,
        };
    }
}
