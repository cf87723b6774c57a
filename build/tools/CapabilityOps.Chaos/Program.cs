// Drivers for build/chaos (issue 9). Each command prints its figures and exits non-zero when a check fails.
//   setup   --url U --key K --prefix P --cadres N
//   load    --urls U1,U2 --key K --prefix P --cadres N --clients C --seconds S --out FILE [--health URL] [--max-fail-ms 10000]
//   verify  --conn CS --prefix P --acks FILE[,FILE]
//   fuzz    --url U --key K --conn CS --count N
//   snapshot --url U --key K --prefix P --cadres N [--as-of INSTANT] --out FILE
//   seqgap  --conn CS --hold-seconds S
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

var cmd = args.Length > 0 ? args[0] : "";
var opt = new Dictionary<string, string>();
for (var i = 1; i + 1 < args.Length; i += 2) opt[args[i].TrimStart('-')] = args[i + 1];
string O(string k, string? d = null) => opt.TryGetValue(k, out var v) ? v : d ?? throw new ArgumentException($"--{k} is required");

return cmd switch
{
    "setup" => await Setup(),
    "load" => await Load(),
    "verify" => await Verify(),
    "fuzz" => await Fuzz(),
    "snapshot" => await Snapshot(),
    "seqgap" => await SeqGap(),
    _ => Usage(),
};

async Task<int> Fuzz() { Program_BaseUrl.Value = O("url"); return await Fuzzer.Run(O("url"), O("key"), O("conn"), int.Parse(O("count", "10000"))); }

int Usage() { Console.Error.WriteLine("usage: setup|load|verify|fuzz|snapshot|seqgap (see Program.cs)"); return 2; }

HttpClient Client(string key, int timeoutSeconds = 30)
{
    var c = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    { Timeout = TimeSpan.FromSeconds(timeoutSeconds) };
    c.DefaultRequestHeaders.Add("X-Api-Key", key);
    return c;
}

async Task<int> Setup()
{
    var url = O("url"); var prefix = O("prefix"); var n = int.Parse(O("cadres", "8"));
    using var http = Client(O("key"));
    async Task Post(string path, object body)
    {
        for (var attempt = 0; ; attempt++)
        {
            var r = await http.PostAsync(url + path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
            if (r.IsSuccessStatusCode || r.StatusCode == HttpStatusCode.Conflict) return;
            if (attempt > 20) throw new Exception($"{path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
            await Task.Delay(500);
        }
    }
    await Post("/api/v1/units", new { code = $"{prefix}-U", name = $"混沌测试单位 {prefix}", kind = "CityBureau" });
    for (var i = 0; i < n; i++)
    {
        await Post("/api/v1/cadres", new { staffNo = $"{prefix}-C{i}", name = $"测试干部{i}", unitCode = $"{prefix}-U", rank = i % 2 == 0 ? "Leader" : "SectionLevel",
            birthDate = "1980-01-01", education = "Bachelor", postCategory = "General", partyMember = true, joinedOn = "2010-01-01" });
        // The streams of the modules whose facts are not a cadre's: an asset, a reserve item and a monitoring station per client.
        await Post("/api/v1/equipment", new { assetNo = $"{prefix}-A{i}", kind = "MonitoringInstrument", name = $"测试仪器{i}", unitCode = $"{prefix}-U",
            acquiredOn = "2010-01-01", valueYuan = 1000m, serviceLifeYears = 50, serialNo = (string?)null });
        await Post("/api/v1/reserve-items", new { sku = $"{prefix}-R{i}", name = $"围油栏{i}", measure = "米", depotUnitCode = $"{prefix}-U", minimumStock = 0m });
        await Post("/api/v1/monitoring-stations", new { code = $"{prefix}-S{i}", name = $"测试空气自动站{i}", kind = "AirAutomatic", unitCode = $"{prefix}-U" });
    }
    Console.WriteLine($"setup: unit {prefix}-U and {n} cadres, assets, reserve items and stations");
    return 0;
}

async Task<int> Load()
{
    var urls = O("urls").Split(','); var key = O("key"); var prefix = O("prefix");
    var cadres = int.Parse(O("cadres", "8")); var clients = int.Parse(O("clients", "8"));
    var seconds = double.Parse(O("seconds", "30")); var maxFailMs = int.Parse(O("max-fail-ms", "10000"));
    var healthUrl = opt.GetValueOrDefault("health");
    using var http = Client(key, 30);
    var acks = new ConcurrentBag<string>();
    var statuses = new ConcurrentDictionary<string, int>();
    var kinds = new ConcurrentDictionary<string, int>();
    long sent = 0, slowFailures = 0, notProblem = 0, maxFailLatency = 0, maxOkLatency = 0;
    var clock = Stopwatch.StartNew();
    var end = TimeSpan.FromSeconds(seconds);
    var healthLog = new List<(double At, bool Healthy)>();
    using var stop = new CancellationTokenSource();

    var healthTask = Task.Run(async () =>
    {
        if (healthUrl is null) return;
        using var h = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        bool? last = null;
        while (!stop.IsCancellationRequested)
        {
            bool ok;
            try { ok = (await h.GetAsync(healthUrl)).IsSuccessStatusCode; } catch { ok = false; }
            if (ok != last) { lock (healthLog) healthLog.Add((clock.Elapsed.TotalSeconds, ok)); last = ok; }
            try { await Task.Delay(250, stop.Token); } catch { }
        }
    });

    // --until-file: the run ends when the file appears (or at --seconds); a write in flight is still retried for 15 s after.
    var untilFile = opt.GetValueOrDefault("until-file");
    bool Running()
    {
        if (untilFile is not null && clock.Elapsed < end && File.Exists(untilFile)) lock (acks) end = clock.Elapsed;
        return clock.Elapsed < end;
    }
    async Task Worker(int client)
    {
        // One client per cadre, asset, reserve item and station (client modulo --cadres), so that each write's marker is unique.
        var staffNo = $"{prefix}-C{client % cadres}";
        var url = urls[client % urls.Length];
        var failover = opt.GetValueOrDefault("failover") == "true";
        for (var n = 0; Running(); n++)
        {
            var idem = $"{prefix}-{client}-{n}";
            var write = Writes.For(prefix, client % cadres, n, idem);
            // Retry with the same key until acknowledged (a retry must never duplicate), for as long as the run lasts + 15 s.
            while (clock.Elapsed < end + TimeSpan.FromSeconds(15))
            {
                var started = clock.ElapsedMilliseconds;
                string outcome;
                try
                {
                    using var req = new HttpRequestMessage(write.Method, url + write.Path)
                    { Content = new StringContent(write.Body, Encoding.UTF8, "application/json") };
                    req.Headers.Add("Idempotency-Key", idem);
                    using var r = await http.SendAsync(req);
                    Interlocked.Increment(ref sent);
                    var ms = clock.ElapsedMilliseconds - started;
                    outcome = ((int)r.StatusCode).ToString();
                    if (r.IsSuccessStatusCode)
                    {
                        acks.Add(write.Marker);
                        kinds.AddOrUpdate(write.Kind, 1, (_, c) => c + 1);
                        InterlockedMax(ref maxOkLatency, ms);
                        statuses.AddOrUpdate(outcome, 1, (_, c) => c + 1);
                        break;
                    }
                    // The bound is for failures (5xx).
                    if ((int)r.StatusCode >= 500)
                    {
                        InterlockedMax(ref maxFailLatency, ms);
                        if (ms > maxFailMs) Interlocked.Increment(ref slowFailures);
                    }
                    if (r.Content.Headers.ContentType?.MediaType != "application/problem+json") Interlocked.Increment(ref notProblem);
                    // A retry whose first attempt committed gets that attempt's 201 (Idempotent-Replayed: true), so no 409 is expected: one fails the run.
                    if (r.StatusCode == HttpStatusCode.Conflict) { statuses.AddOrUpdate(outcome, 1, (_, c) => c + 1); break; }
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref sent);
                    var ms = clock.ElapsedMilliseconds - started;
                    outcome = e is TaskCanceledException ? "timeout" : "no-connection";
                    // Two instances: a client whose host is gone carries on against the other one, with the same key.
                    if (failover && e is HttpRequestException) url = urls[(Array.IndexOf(urls, url) + 1) % urls.Length];
                    if (e is TaskCanceledException) { InterlockedMax(ref maxFailLatency, ms); Interlocked.Increment(ref slowFailures); }
                }
                statuses.AddOrUpdate(outcome, 1, (_, c) => c + 1);
                await Task.Delay(200);
            }
        }
    }

    await Task.WhenAll(Enumerable.Range(0, clients).Select(Worker));
    if (healthUrl is not null)
    {
        // Wait (bounded) for the host to be ready again.
        while (clock.Elapsed < end + TimeSpan.FromSeconds(60) && !(healthLog.Count > 0 && healthLog[^1].Healthy)) await Task.Delay(250);
    }
    stop.Cancel();
    await healthTask;
    await File.WriteAllLinesAsync(O("out"), acks);

    var fiveHundreds = statuses.Where(s => s.Key.StartsWith('5') && s.Key != "503").Sum(s => s.Value);
    Console.WriteLine($"load: sent {sent}, acknowledged {acks.Count}, outcomes {string.Join(" ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value}"))}");
    Console.WriteLine($"load: acknowledged by kind {string.Join(" ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Key}={k.Value}"))}");
    Console.WriteLine($"load: slowest 2xx {maxOkLatency} ms, slowest failure {maxFailLatency} ms (bound {maxFailMs} ms, over bound {slowFailures}), failures without problem details {notProblem}, 5xx other than 503 {fiveHundreds}");
    var ok = slowFailures == 0 && notProblem == 0 && fiveHundreds == 0 && acks.Count > 0 && statuses.GetValueOrDefault("409") == 0;
    if (healthUrl is not null)
    {
        var log = string.Join(" ", healthLog.Select(h => $"{h.At:F1}s:{(h.Healthy ? "ready" : "unready")}"));
        Console.WriteLine($"health: {log}");
        var firstDown = healthLog.FirstOrDefault(h => !h.Healthy);
        var backUp = healthLog.LastOrDefault(h => h.Healthy);
        var wentDown = healthLog.Any(h => !h.Healthy);
        var recovered = healthLog.Count > 0 && healthLog[^1].Healthy;
        if (wentDown && recovered) Console.WriteLine($"health: unready at {firstDown.At:F1}s, ready again at {backUp.At:F1}s");
        File.WriteAllText(O("out") + ".health", $"{(wentDown ? firstDown.At : -1):F1} {(recovered ? backUp.At : -1):F1}\n");
        ok &= recovered && (opt.GetValueOrDefault("expect-unready") != "true" || wentDown);
    }
    Console.WriteLine(ok ? "load: OK" : "load: FAILED");
    return ok ? 0 : 1;
}

static void InterlockedMax(ref long target, long value)
{
    long seen;
    while ((seen = Interlocked.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
}

async Task<int> Verify()
{
    var acked = O("acks").Split(',').SelectMany(f => File.ReadAllLines(f)).Where(l => l.Length > 0).ToList();
    await using var db = new NpgsqlConnection(O("conn"));
    await db.OpenAsync();
    var present = new Dictionary<string, long>();
    await using (var q = new NpgsqlCommand(Writes.MarkersSql, db))
    {
        q.Parameters.AddWithValue("p", O("prefix") + "-%");
        await using var r = await q.ExecuteReaderAsync();
        while (await r.ReadAsync()) present[r.GetString(0)] = r.GetInt64(1);
    }
    var lost = acked.Count(a => !present.ContainsKey(a));
    // A PUT replaces (care flags, a day's data capture): a retried PUT may append the same fact again, which counts once by
    // design (the Idempotency-Key is a POST's). A POST's marker present twice is a duplicate.
    var duplicated = present.Count(p => p.Value > 1 && !Writes.IsReplacing(p.Key));
    var reapplied = present.Count(p => p.Value > 1 && Writes.IsReplacing(p.Key));
    var unacknowledgedButRecorded = present.Keys.Except(acked).Count();
    Console.WriteLine($"verify: acknowledged {acked.Count}, present {acked.Count - lost}, lost {lost}, duplicated {duplicated}, recorded without an acknowledgement {unacknowledgedButRecorded} (in flight at the crash or answered 409 on retry), PUTs applied again by a retry {reapplied}");
    foreach (var kind in acked.Concat(present.Keys).Select(Writes.KindOf).Distinct().Order())
    {
        var a = acked.Where(m => Writes.KindOf(m) == kind).ToList();
        Console.WriteLine($"verify:   {kind}: acknowledged {a.Count}, lost {a.Count(m => !present.ContainsKey(m))}, duplicated {present.Count(p => Writes.KindOf(p.Key) == kind && p.Value > 1 && !Writes.IsReplacing(p.Key))}");
    }
    // Each station's month rows count each reported day once, however often it was reported.
    long expectedTotal, counted;
    await using (var q = new NpgsqlCommand(Writes.CaptureTotalsSql, db))
    {
        q.Parameters.AddWithValue("p", O("prefix") + "-%");
        await using var r = await q.ExecuteReaderAsync();
        await r.ReadAsync();
        (expectedTotal, counted) = (r.GetInt64(0), r.GetInt64(1));
    }
    Console.WriteLine($"verify: data capture: readings expected in the month rows {counted}, by the distinct days reported {expectedTotal}");
    var ok = lost == 0 && duplicated == 0 && acked.Count == acked.Distinct().Count() && counted == expectedTotal;
    Console.WriteLine(ok ? "verify: OK" : "verify: FAILED");
    return ok ? 0 : 1;
}

async Task<int> Snapshot()
{
    var url = O("url"); var prefix = O("prefix"); var n = int.Parse(O("cadres", "8"));
    var asOf = opt.GetValueOrDefault("as-of");
    var maxVersion = opt.GetValueOrDefault("history-of");
    using var http = Client(O("key"));
    var result = new JsonObject();
    for (var i = 0; i < n; i++)
    {
        var staff = $"{prefix}-C{i}";
        var history = JsonNode.Parse(await http.GetStringAsync($"{url}/api/v1/cadres/{staff}/history"))!.AsArray();
        // Only the versions the other side knows (the dumped point), when given.
        var versions = new JsonArray();
        foreach (var e in history) versions.Add(JsonNode.Parse(e!.ToJsonString()));
        result[$"history:{staff}"] = versions;
        var q = asOf is null ? "" : $"&asOf={Uri.EscapeDataString(asOf)}";
        var compliance = await http.GetAsync($"{url}/api/v1/compliance/cadres/{staff}?year=2025{q}");
        result[$"compliance:{staff}"] = JsonNode.Parse(await compliance.Content.ReadAsStringAsync());
    }
    var audit = await http.GetAsync($"{url}/api/v1/audit/verify");
    // Only the verdict: the verify answer also carries timings and how far the chain has caught up, which vary run to run.
    var verdict = audit.IsSuccessStatusCode ? JsonNode.Parse(await audit.Content.ReadAsStringAsync()) : null;
    result["audit"] = verdict is null
        ? $"{(int)audit.StatusCode}"
        : new JsonObject { ["verified"] = verdict["verified"]?.DeepClone(), ["firstBrokenAt"] = verdict["firstBrokenAt"]?.DeepClone() };
    await File.WriteAllTextAsync(O("out"), result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"snapshot: {n} cadres → {O("out")}");
    return 0;
}

async Task<int> SeqGap()
{
    // Scenario 3 (docs/RELIABILITY.md): hold a sequence value in an open transaction while others commit, and
    // watch Marten's high-water mark: it must not pass the held value while the transaction could still commit.
    var conn = O("conn"); var hold = int.Parse(O("hold-seconds", "4"));
    await using var holder = new NpgsqlConnection(conn);
    await holder.OpenAsync();
    await using var tx = await holder.BeginTransactionAsync();
    long held;
    await using (var c = new NpgsqlCommand("select nextval('capops.mt_events_sequence')", holder, tx)) held = (long)(await c.ExecuteScalarAsync())!;
    Console.WriteLine($"seqgap: holding sequence {held} for {hold} s");
    await File.WriteAllTextAsync(O("out"), held.ToString());
    await using var watch = new NpgsqlConnection(conn);
    await watch.OpenAsync();
    async Task<long> Hwm()
    {
        await using var c = new NpgsqlCommand("select coalesce((select last_seq_id from capops.mt_event_progression where name = 'HighWaterMark'), 0)", watch);
        return (long)(await c.ExecuteScalarAsync())!;
    }
    var sw = Stopwatch.StartNew(); long maxSeenWhileHeld = 0; double? passedAt = null;
    while (sw.Elapsed < TimeSpan.FromSeconds(hold))
    {
        var h = await Hwm();
        maxSeenWhileHeld = Math.Max(maxSeenWhileHeld, h);
        if (h >= held && passedAt is null) passedAt = sw.Elapsed.TotalSeconds;
        await Task.Delay(100);
    }
    await tx.RollbackAsync();
    Console.WriteLine($"seqgap: high-water mark while held: max {maxSeenWhileHeld}{(passedAt is null ? " (never passed the held value)" : $" (passed the held value after {passedAt:F1} s: Marten's stale-sequence threshold declared the gap permanent)")}");
    await File.WriteAllTextAsync(O("out"), $"{held} {maxSeenWhileHeld} {(passedAt ?? -1):F1}");
    return 0;
}
