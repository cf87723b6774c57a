using System.Diagnostics;
using System.Net;

namespace CapabilityOps.Bench.Scenarios;

/// <summary>What a load run saw: throughput, latency percentiles (from the sorted latencies of every request) and status counts.</summary>
public sealed record LoadResult(long Requests, double Seconds, double P50Ms, double P99Ms, long Non2xx, long Status5xx, long Status409, long Failed,
    CpuReading? Cpu = null, WalReading? Wal = null)
{
    public double RequestsPerSecond => Requests / Seconds;

    public Dictionary<string, object> Metrics()
    {
        var metrics = new Dictionary<string, object>
        {
            ["requestsPerSecond"] = Math.Round(RequestsPerSecond, 1), ["p50Ms"] = Math.Round(P50Ms, 2), ["p99Ms"] = Math.Round(P99Ms, 2),
            ["non2xx"] = Non2xx, ["status5xx"] = Status5xx, ["status409"] = Status409, ["requests"] = Requests,
        };
        if (Cpu is { } cpu && Requests > 0)
        {
            // CPU per request during the run (host, PostgreSQL, the bench's own client): what a faster path must cut.
            metrics["hostCpuMsPerRequest"] = Math.Round(cpu.HostMs / Requests, 3);
            metrics["databaseCpuMsPerRequest"] = Math.Round(cpu.DatabaseMs / Requests, 3);
            metrics["clientCpuMsPerRequest"] = Math.Round(cpu.DriverMs / Requests, 3);
        }
        Wal?.AddTo(metrics, Requests);
        return metrics;
    }
}

/// <summary>
/// Closed-loop HTTP load: <c>workers</c> tasks, each sending its next request when the previous one is answered, over
/// as many pooled connections. Every request's latency is kept; percentiles come from the sorted array.
/// </summary>
public static class LoadDriver
{
    public static HttpClient Client(string baseUrl, string? apiKey, int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false })
        {
            BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(30),
            DefaultRequestHeaders = { { "X-Api-Key", apiKey ?? "" }, { "X-Source-System", "bench" } },
        };

    /// <summary>Runs <paramref name="makeRequest"/> (given a global request number) for <paramref name="duration"/>, or <paramref name="maxRequests"/> requests.</summary>
    public static async Task<LoadResult> RunAsync(HttpClient client, int workers, TimeSpan duration, Func<long, HttpRequestMessage> makeRequest,
        string label, long maxRequests = long.MaxValue, CancellationToken cancellation = default, int? hostPid = null)
    {
        var cpuBefore = hostPid is { } pid ? CpuReading.Take(pid) : (CpuReading?)null;
        var latencies = new List<double>[workers];
        long next = -1, non2xx = 0, status5xx = 0, status409 = 0, failed = 0;
        var clock = Stopwatch.StartNew();
        var counted = maxRequests != long.MaxValue;
        var progress = counted ? new Progress(label, maxRequests, "requests") : new Progress(label, (long)duration.TotalSeconds, "s");
        async Task Worker(int w)
        {
            var mine = latencies[w] = new List<double>(1 << 14);
            while (clock.Elapsed < duration && !cancellation.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref next);
                if (n >= maxRequests) break;
                using var request = makeRequest(n);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.SendAsync(request, cancellation);
                    await response.Content.LoadIntoBufferAsync(cancellation);
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    var status = (int)response.StatusCode;
                    if (status is < 200 or > 299) Interlocked.Increment(ref non2xx);
                    if (status >= 500) Interlocked.Increment(ref status5xx);
                    if (response.StatusCode == HttpStatusCode.Conflict) Interlocked.Increment(ref status409);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.Increment(ref non2xx);
                }
                if (w == 0) progress.Report(counted ? n + 1 : (long)clock.Elapsed.TotalSeconds, counted ? null : $" — {n + 1:N0} requests");
            }
        }
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => Worker(w), cancellation)));
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = cpuBefore is { } before ? CpuReading.Take(hostPid!.Value) - before : (CpuReading?)null;
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new LoadResult(all.Length, seconds, Percentile(all, 0.50), Percentile(all, 0.99), non2xx, status5xx, status409, failed, cpu);
    }

    /// <summary>
    /// Load before a measured run, until the host's JIT has settled: tiering goes on recompiling hot methods for tens of
    /// seconds after a start (longer when the machine is busy), and a run measured meanwhile measures the JIT. Runs slices
    /// of <see cref="WarmUpSlice"/>, at least two, until one where the JIT's thread used under 3% of the host's CPU, or
    /// until <paramref name="maxSeconds"/> passed. <paramref name="makeRequest"/> gets numbers that never repeat across slices.
    /// </summary>
    public static async Task WarmUpAsync(HttpClient client, int workers, Func<long, HttpRequestMessage> makeRequest, string label, int hostPid,
        int maxSeconds, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        for (long slice = 0; clock.Elapsed.TotalSeconds < maxSeconds; slice++)
        {
            var offset = slice * 100_000_000;
            var result = await RunAsync(client, workers, WarmUpSlice, n => makeRequest(offset + n), $"{label} {slice + 1}", cancellation: cancellation, hostPid: hostPid);
            var cpu = result.Cpu!.Value;
            Console.WriteLine($"  {label} {slice + 1}: {result.RequestsPerSecond:0} req/s, host CPU {cpu.HostMs / Math.Max(1, result.Requests):0.000} ms per request, " +
                $"{cpu.HostJitMs / Math.Max(1, cpu.HostMs):P0} of it JIT");
            if (slice >= 1 && cpu.HostJitMs <= 0.03 * cpu.HostMs) return;
        }
    }

    public static readonly TimeSpan WarmUpSlice = TimeSpan.FromSeconds(4);

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
