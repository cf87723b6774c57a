namespace CapabilityOps.Bench.Scenarios;

/// <summary>
/// 4. The cadre compliance view at 16 connections (random cadres, the last generated year) against a raw GET of one stored
/// document by key; and the city's unit compliance view (every cadre below it), one request at a time, against one SQL
/// query listing the same cadres.
/// </summary>
public static class ReadScenario
{
    public const int Connections = 16;

    public static async Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken cancellation)
    {
        var staff = context.StaffNos;
        var year = context.Plan.LastYear;
        var random = new Random(8);
        var order = Enumerable.Range(0, 1 << 16).Select(_ => staff[random.Next(staff.Count)]).ToArray();
        var duration = TimeSpan.FromSeconds(context.Sizes.ReadSeconds);
        using var apiClient = LoadDriver.Client(context.Url, context.ReaderKey, Connections);
        using var baselineClient = LoadDriver.Client(context.Url, null, Connections);

        HttpRequestMessage Cadre(long n) => new(HttpMethod.Get, $"/api/v1/compliance/cadres/{order[n % order.Length]}?year={year}");
        HttpRequestMessage RawCadre(long n) => new(HttpMethod.Get, $"/bench/baseline/cadres/{order[n % order.Length]}");
        HttpRequestMessage City(long _) => new(HttpMethod.Get, $"/api/v1/compliance/units/CITY?year={year}");
        var long_ = TimeSpan.FromHours(1);
        // The first city view evaluates every cadre of the year and keeps the results (the compliance memo): the cold
        // figure, reported apart. Everything after it measures the steady state the memo keeps between writes.
        var cold = await LoadDriver.RunAsync(apiClient, 1, long_, City, "city view, cold (evaluates every cadre)", 1, cancellation);
        await LoadDriver.WarmUpAsync(apiClient, Connections, Cadre, "read warm-up", context.Host!.Pid, context.Sizes.WarmUpSeconds, cancellation);
        await LoadDriver.WarmUpAsync(baselineClient, Connections, RawCadre, "read warm-up (baseline)", context.Host!.Pid, context.Sizes.WarmUpSeconds, cancellation);
        var baseline = await LoadDriver.RunAsync(baselineClient, Connections, duration, RawCadre, "read baseline (document by key)", cancellation: cancellation, hostPid: context.Host!.Pid);
        var api = await LoadDriver.RunAsync(apiClient, Connections, duration, Cadre, "read cadre compliance", cancellation: cancellation, hostPid: context.Host!.Pid);

        var requests = context.Sizes.CityViewRequests;
        HttpRequestMessage RawCity(long _) => new(HttpMethod.Get, "/bench/baseline/units/CITY/cadres");
        await LoadDriver.RunAsync(apiClient, 1, long_, City, "city view warm-up", 1, cancellation);
        var city = await LoadDriver.RunAsync(apiClient, 1, long_, City, "read city compliance", requests, cancellation);
        var rawCity = await LoadDriver.RunAsync(baselineClient, 1, long_, RawCity, "read city baseline", requests, cancellation);

        var metrics = api.Metrics();
        metrics["cityP50Ms"] = Math.Round(city.P50Ms, 1);
        metrics["cityP99Ms"] = Math.Round(city.P99Ms, 1);
        metrics["cityNon2xx"] = city.Non2xx;
        metrics["cityColdMs"] = Math.Round(cold.P50Ms, 1);
        var baselineMetrics = baseline.Metrics();
        baselineMetrics["cityP50Ms"] = Math.Round(rawCity.P50Ms, 1);
        baselineMetrics["cityP99Ms"] = Math.Round(rawCity.P99Ms, 1);
        var met = api.RequestsPerSecond >= 5_000 && api.P99Ms <= 40 && city.P99Ms <= 50 && context.TargetSize && api.Non2xx == 0 && city.Non2xx == 0;
        return new ScenarioResult("read", new() { ["connections"] = Connections, ["seconds"] = context.Sizes.ReadSeconds, ["cadres"] = staff.Count, ["year"] = year, ["cityViewRequests"] = requests },
            metrics, baselineMetrics, Math.Round(api.RequestsPerSecond / baseline.RequestsPerSecond, 3),
            "cadre view ≥5,000 req/s, p99 ≤40 ms; city view of 20,000 cadres p99 ≤50 ms", met,
            context.TargetSize ? null : $"city view over {context.Plan.Cadres:N0} cadres (quick run), not the target's 20,000: not judged met");
    }
}
