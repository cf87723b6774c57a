using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;

/// <summary>
/// Scenario 4: hostile input driven by the OpenAPI document. Every route, every field: wrong types, missing and
/// extra fields, huge numbers, deep nesting, invalid UTF-8, very long strings, path tricks, SQL and script
/// fragments, Chinese and emoji text. Zero 5xx; a rejected request leaves every table's row count unchanged.
/// </summary>
internal static class Fuzzer
{
    private static readonly string[] Nasty =
    [
        "'; drop table capops.mt_events; --", "\" or 1=1 --", "<script>alert(1)</script>", "../../../../etc/passwd", "..\\..\\windows",
        "生态环境局干部🌏🧪", "😀😀😀", "\u0000", "\ud800", "%00", "%2e%2e%2f", "${jndi:ldap://x}", "{{7*7}}", "", " ", "\t\n",
        "null", "true", "-1", "0", "1e309", "9999-99-99", "2025-02-30", "0001-01-01", "9999-12-31", "2026-13-01T25:61:61+99:00",
        "Robert'); DELETE FROM capops.mt_streams;--", "ＡＢＣ", "\u202e\u202d", "a/b", "a?b=c", "a#b", "\\", "/", "%",
    ];

    private static readonly JsonNode?[] WrongValues =
    [
        null, JsonValue.Create(true), JsonValue.Create(-1), JsonValue.Create(0), JsonValue.Create(1.5),
        JsonValue.Create(long.MaxValue), JsonValue.Create(-long.MaxValue), JsonValue.Create(1e308), JsonValue.Create(decimal.MaxValue),
        new JsonArray(), new JsonObject(), new JsonArray(1, "a", null), new JsonObject { ["$ne"] = 1 },
    ];

    public static async Task<int> Run(string url, string key, string conn, int count)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        var doc = JsonNode.Parse(await http.GetStringAsync($"{url}/swagger/v1/swagger.json"))!;
        var routes = new List<(string Method, string Path, JsonArray Params, JsonNode? Schema, bool Csv)>();
        foreach (var (path, item) in doc["paths"]!.AsObject())
        foreach (var (method, op) in item!.AsObject())
        {
            if (method is "parameters") continue;
            var content = op!["requestBody"]?["content"];
            var schema = content?["application/json"]?["schema"];
            var csv = content?["text/csv"] is not null || content?["multipart/form-data"] is not null;
            routes.Add((method.ToUpperInvariant(), path, op["parameters"]?.AsArray() ?? [], Resolve(doc, schema), csv));
        }

        await using var db = new NpgsqlConnection(conn);
        await db.OpenAsync();
        var tables = new List<string>();
        await using (var q = new NpgsqlCommand(
            "select table_name from information_schema.tables where table_schema = 'capops' and table_type = 'BASE TABLE' " +
            // Tables the background agents write (Wolverine, daemon progress, the audit chain)
            // change without any request; the facts and the inline views are what a refused request must leave alone.
            "and table_name not like 'wolverine%' and table_name not in ('mt_event_progression', 'audit_chain') order by 1", db))
        await using (var r = await q.ExecuteReaderAsync())
            while (await r.ReadAsync()) tables.Add(r.GetString(0));
        var countSql = "select " + string.Join(" + ", tables.Select(t => $"(select count(*) from capops.\"{t}\")"));
        async Task<long> Rows() { await using var c = new NpgsqlCommand(countSql, db); return (long)(await c.ExecuteScalarAsync())!; }

        var random = new Random(9);
        var statuses = new SortedDictionary<int, int>();
        int sent = 0, fiveXx = 0, changedOnRejection = 0, transport = 0, closedEarly = 0;
        var examples = new List<string>();
        var perRoute = new Dictionary<string, int>();
        var reached = new Dictionary<string, int>();
        var fiveXxRoutes = new SortedSet<string>();
        var baseline = await Rows();
        var clock = Stopwatch.StartNew();
        while (sent < count && clock.Elapsed < TimeSpan.FromMinutes(4))
        {
            foreach (var route in routes)
            {
                if (sent >= count) break;
                var id = $"{route.Method} {route.Path}";
                if (route.Path.Contains("rebuild") && perRoute.GetValueOrDefault(id) >= 3) continue;
                perRoute[id] = perRoute.GetValueOrDefault(id) + 1;
                var (request, what) = Build(route, random);
                // One connection per request: a server that refuses a body without reading it closes the connection,
                // and a pooled connection reused after that would end the next response "prematurely" (a client artefact).
                request.Headers.ConnectionClose = true;
                var hasBody = request.Content is not null;
                int status;
                try
                {
                    using var response = await http.SendAsync(request);
                    status = (int)response.StatusCode;
                }
                catch (HttpRequestException e) when (hasBody && e.Message.StartsWith("Error while copying content", StringComparison.Ordinal))
                {
                    // The failure came while sending the body ("Error while copying content to a stream"): the server refused it before reading it all (413, 415, 400 on the route or media type) and closed the
                    // connection while the client was still sending: the client sees a broken pipe instead of the answer. The host is
                    // still live (checked) and the row counts are compared below as for any refusal.
                    if (await Live(http, url)) { closedEarly++; status = 499; }
                    else { transport++; status = 0; examples.Add($"{id} [{what}] → the host stopped answering"); }
                }
                catch (Exception e)
                {
                    transport++; status = 0;
                    if (examples.Count < 10) examples.Add($"{id} [{what}] → {e.GetType().Name}: {e.Message} {e.InnerException?.Message}");
                }
                sent++;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status is >= 200 and < 300) reached[id] = reached.GetValueOrDefault(id) + 1;
                if (status >= 500)
                {
                    fiveXx++;
                    fiveXxRoutes.Add(id);
                    if (examples.Count < 10) examples.Add($"{id} [{what}] → {status}");
                }
                var rows = await Rows();
                if (status >= 400 || status == 0)
                {
                    if (rows != baseline)
                    {
                        changedOnRejection++;
                        if (examples.Count < 10) examples.Add($"{id} [{what}] → {status} but rows {baseline} → {rows}");
                    }
                }
                baseline = rows;
            }
        }
        Console.WriteLine($"fuzz: {sent} requests over {routes.Count} routes in {clock.Elapsed.TotalSeconds:F0} s; statuses {string.Join(" ", statuses.Select(s => $"{s.Key}={s.Value}"))}");
        Console.WriteLine($"fuzz: 5xx {fiveXx}, rejected requests that changed a row count {changedOnRejection}, transport errors {transport}, large bodies cut off by an early refusal {closedEarly} (counted as 499)");
        // Every route of the document is sent hostile requests: a route the loop never reached would pass unseen.
        var unsent = routes.Select(r => $"{r.Method} {r.Path}").Where(id => perRoute.GetValueOrDefault(id) == 0).ToList();
        var writes = routes.Where(r => r.Method is "POST" or "PUT" or "PATCH" or "DELETE").Select(r => $"{r.Method} {r.Path}").ToList();
        Console.WriteLine($"fuzz: requests per route {perRoute.Values.DefaultIfEmpty(0).Min()}–{perRoute.Values.DefaultIfEmpty(0).Max()}; routes never sent {unsent.Count} {string.Join(", ", unsent.Take(5))}; " +
            $"write routes {writes.Count}, of which {writes.Count(reached.ContainsKey)} also accepted a request (2xx)");
        if (fiveXxRoutes.Count > 0) Console.WriteLine($"fuzz: routes that answered 5xx: {string.Join(", ", fiveXxRoutes)}");
        foreach (var e in examples) Console.WriteLine($"  {e}");
        var ok = sent >= count && fiveXx == 0 && changedOnRejection == 0 && transport == 0 && unsent.Count == 0;
        Console.WriteLine(ok ? "fuzz: OK" : "fuzz: FAILED");
        return ok ? 0 : 1;
    }

    private static async Task<bool> Live(HttpClient http, string url)
    {
        try { return (await http.GetAsync($"{url}/health/live")).IsSuccessStatusCode; } catch { return false; }
    }

    private static JsonNode? Resolve(JsonNode doc, JsonNode? schema, int depth = 0)
    {
        if (schema is null || depth > 6) return schema;
        if (schema["$ref"]?.GetValue<string>() is { } reference)
            return Resolve(doc, doc["components"]!["schemas"]![reference.Split('/')[^1]], depth + 1);
        return schema;
    }

    private static JsonNode? Sample(JsonNode? schema, Random random)
    {
        var type = schema?["type"]?.ToString();
        if (schema?["enum"] is JsonArray e && e.Count > 0) return e[random.Next(e.Count)]?.DeepClone();
        var format = schema?["format"]?.ToString();
        return type switch
        {
            "integer" => JsonValue.Create(random.Next(0, 3) == 0 ? 1 : 2025),
            "number" => JsonValue.Create(1.5),
            "boolean" => JsonValue.Create(true),
            "array" => new JsonArray(),
            "object" when schema?["properties"] is JsonObject props => new JsonObject(props.Select(p => KeyValuePair.Create(p.Key, Sample(p.Value, random)))),
            _ when format == "date" => JsonValue.Create("2025-03-01"),
            _ when format == "date-time" => JsonValue.Create("2025-03-01T08:00:00+08:00"),
            _ => JsonValue.Create(Known(random)),
        };
    }

    /// <summary>
    /// Identifiers of what build/chaos set up (prefix FZ: the unit, cadres, assets, reserve items, stations), so that routes reach
    /// real records too.
    /// </summary>
    private static string Known(Random random) => random.Next(6) switch
    {
        0 => "FZ-U", 1 or 2 => "FZ-C" + random.Next(8), 3 => "FZ-A" + random.Next(8), 4 => "FZ-R" + random.Next(8), _ => random.Next(2) == 0 ? "FZ-S" + random.Next(8) : "FZ-" + random.Next(100),
    };

    private static string Nastiest(Random random) => random.Next(8) switch
    {
        0 => new string('a', random.Next(2) == 0 ? 10_000 : 1_000_000),
        1 => string.Concat(Enumerable.Repeat("生态🌏", 5_000)),
        _ => Nasty[random.Next(Nasty.Length)],
    };

    private static (HttpRequestMessage, string) Build((string Method, string Path, JsonArray Params, JsonNode? Schema, bool Csv) route, Random random)
    {
        var what = new List<string>();
        var path = route.Path;
        foreach (var p in route.Params.Where(p => p?["in"]?.ToString() == "path"))
        {
            var name = p!["name"]!.ToString();
            var value = random.Next(3) == 0 ? Nastiest(random) : Known(random);
            if (value.Length > 5000) value = value[..5000];
            path = path.Replace("{" + name + "}", Uri.EscapeDataString(value).Replace("%2F", random.Next(2) == 0 ? "/" : "%2F"));
            what.Add($"path {name}");
        }
        var query = new List<string>();
        foreach (var p in route.Params.Where(p => p?["in"]?.ToString() == "query"))
        {
            if (random.Next(2) == 0) continue;
            var value = random.Next(2) == 0 ? Nastiest(random) : random.Next(2) == 0 ? "2025" : "-99999999999999999999";
            if (value.Length > 3000) value = value[..3000];
            query.Add($"{p!["name"]}={Uri.EscapeDataString(value)}");
            what.Add($"query {p["name"]}");
        }
        var requestUri = path + (query.Count > 0 ? "?" + string.Join("&", query) : "");
        var request = new HttpRequestMessage(new HttpMethod(route.Method), requestUri.StartsWith("http") ? requestUri : null);
        request.RequestUri = new Uri(Program_BaseUrl.Value + requestUri, UriKind.Absolute);
        if (route.Method is "GET" or "DELETE" or "HEAD") return (request, string.Join(", ", what));

        HttpContent content;
        var kind = random.Next(20);
        if (route.Schema is null && !route.Csv) kind = 19;
        switch (kind)
        {
            case 0: content = new ByteArrayContent([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]); what.Add("invalid UTF-8"); break;
            case 1: content = new StringContent(new string('[', 5000) + new string(']', 5000)); what.Add("deep nesting"); break;
            case 2: content = new StringContent(string.Concat(Enumerable.Repeat("{\"a\":", 2000)) + "1" + new string('}', 2000)); what.Add("deep object"); break;
            case 3: content = new StringContent("not json at all 生态"); what.Add("not JSON"); break;
            case 4: content = new StringContent(""); what.Add("empty body"); break;
            case 5: content = new StringContent("{\"x\":1}", Encoding.UTF8, "text/plain"); what.Add("wrong media type"); break;
            case 6: content = new StringContent("staffNo,hours\n" + Nastiest(random) + ",99999999\n,,,,\n\"unterminated", Encoding.UTF8, "text/csv"); what.Add("hostile CSV"); break;
            case 7: content = new StringContent(new string('x', 3_000_000)); what.Add("3 MB body"); break;
            default:
            {
                var body = Sample(route.Schema, random) as JsonObject ?? new JsonObject();
                var keys = body.Select(p => p.Key).ToList();
                var mutations = 1 + random.Next(3);
                for (var m = 0; m < mutations && keys.Count > 0; m++)
                {
                    var field = keys[random.Next(keys.Count)];
                    switch (random.Next(5))
                    {
                        case 0: body.Remove(field); what.Add($"missing {field}"); break;
                        case 1: body[field] = WrongValues[random.Next(WrongValues.Length)]?.DeepClone(); what.Add($"wrong type {field}"); break;
                        case 2: body[field] = Nastiest(random); what.Add($"hostile text {field}"); break;
                        case 3: body["extra" + random.Next(9)] = "多余"; what.Add("extra field"); break;
                        default: body[field] = JsonNode.Parse("99999999999999999999999999999999999999"); what.Add($"huge number {field}"); break;
                    }
                }
                if (keys.Count == 0) { body["unexpected"] = Nastiest(random); what.Add("unexpected field"); }
                content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
                break;
            }
        }
        if (kind <= 4 && content.Headers.ContentType?.MediaType != "application/json")
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Content = content;
        if (random.Next(10) == 0) { request.Headers.TryAddWithoutValidation("Idempotency-Key", random.Next(2) == 0 ? "bad key with spaces" : new string('k', 300)); what.Add("bad Idempotency-Key"); }
        return (request, string.Join(", ", what));
    }
}

internal static class Program_BaseUrl
{
    public static string Value = "";
}
