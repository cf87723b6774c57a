using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.Appraisal.Tests;

/// <summary>
/// The live compliance views are served from the memo of evaluated cadre-years (compliance_memo). These tests hold it to
/// the computed views: a write shows at the very next read, and the memo-served view is byte for byte the view the
/// compute path (<c>?rulebook=</c>) gives, for cadres and subtrees, after corrections, transfers and rank changes.
/// </summary>
[Collection(ApiCollection.Name)]
public class ComplianceMemoTests(ApiFixture api)
{
    private static decimal Actual(JsonNode view, string rule) =>
        view["checks"]!.AsArray().Single(c => c!["rule"]!.GetValue<string>() == rule)!["actual"]!.GetValue<decimal>();

    private static Task<HttpResponseMessage> LogHours(HttpClient client, string staffNo, decimal hours, string studiedOn, string externalId) =>
        client.PostJson($"/api/v1/cadres/{staffNo}/study-hours",
            new { hours, studiedOn, channel = "Online", source = "学习强国", externalId });

    /// <summary>Many hours as records of at most 20 hours on consecutive days (a day holds at most 24).</summary>
    private static async Task LogManyHours(HttpClient client, string staffNo, decimal hours, DateOnly from, string externalId)
    {
        for (var day = 0; hours > 0; day++, hours -= 20)
            await (await LogHours(client, staffNo, Math.Min(20, hours), from.AddDays(day).ToString("yyyy-MM-dd"), $"{externalId}-{day}"))
                .Json(HttpStatusCode.Created);
    }

    /// <summary>The live view checks the key's scope itself, from the cadre's current unit in its look-up statement.</summary>
    [Fact]
    public async Task The_live_view_answers_only_keys_whose_units_hold_the_cadre_now()
    {
        var admin = api.Client();
        var city = await admin.Unit();
        var county = await admin.Unit("CountyBureau", city);
        var other = await admin.Unit("CountyBureau", city);
        var staffNo = await admin.Cadre(county);
        var countyReader = api.Client(apiKey: await api.IssueKey("Reader", county));
        var otherReader = api.Client(apiKey: await api.IssueKey("Reader", other));
        var url = $"/api/v1/compliance/cadres/{staffNo}?year=2025";

        (await countyReader.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await countyReader.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK); // from the memo
        await (await otherReader.GetAsync(url)).Problem(HttpStatusCode.Forbidden);
        await (await otherReader.GetAsync($"/api/v1/compliance/cadres/{staffNo}?year=1999")).Problem(HttpStatusCode.Forbidden);
        await (await countyReader.GetAsync($"/api/v1/compliance/cadres/{staffNo}?year=1999")).Problem(HttpStatusCode.BadRequest);
        await (await otherReader.GetAsync("/api/v1/compliance/cadres/NO-SUCH-CADRE")).Problem(HttpStatusCode.NotFound);

        await (await admin.PostJson($"/api/v1/cadres/{staffNo}/transfers", new { toUnitCode = other, effectiveOn = "2025-06-01" }))
            .Json(HttpStatusCode.Created);
        (await otherReader.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await countyReader.GetAsync(url)).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_write_shows_at_the_very_next_read_of_the_live_view()
    {
        var client = api.Client();
        var city = await client.Unit();
        var staffNo = await client.Cadre(city);
        await client.TalkAndCheck(staffNo); // CARE-1 and CARE-3 met, so LRN-1 decides whether the cadre is compliant
        Actual(await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2025"), "LRN-1").ShouldBe(0);
        Actual(await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2025"), "LRN-1").ShouldBe(0); // from the memo now

        var logged = await (await LogHours(client, staffNo, 7, "2025-05-06", "memo-1")).Json(HttpStatusCode.Created);
        Actual(await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2025"), "LRN-1").ShouldBe(7);
        await api.WaitForReadModel(); // the unit view follows the write in the background
        (await client.GetJson($"/api/v1/compliance/units/{city}?year=2025"))["checks"]!.AsArray()
            .Single(c => c!["rule"]!.GetValue<string>() == "LRN-1")!["met"]!.GetValue<int>().ShouldBe(0);

        await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours/{logged["id"]!.GetValue<Guid>()}/revocations",
            new { reason = "重复录入" })).Json(HttpStatusCode.Created);
        Actual(await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2025"), "LRN-1").ShouldBe(0);

        await LogManyHours(client, staffNo, 60, new DateOnly(2025, 6, 1), "memo-2");
        await api.WaitForReadModel();
        var unit = await client.GetJson($"/api/v1/compliance/units/{city}?year=2025");
        unit["checks"]!.AsArray().Single(c => c!["rule"]!.GetValue<string>() == "LRN-1")!["met"]!.GetValue<int>().ShouldBe(1);
        unit["compliantCount"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task The_memo_served_views_equal_the_computed_views_after_mixed_writes()
    {
        var client = api.Client();
        var city = await client.Unit();
        var countyA = await client.Unit("CountyBureau", city);
        var countyB = await client.Unit("CountyBureau", city);
        var office = await client.Unit("Department", countyA);
        var staff = new[]
        {
            await client.Cadre(office, birthDate: "1990-01-01", education: "HighSchool"),
            await client.Cadre(countyA, "SectionLevel", birthDate: "1980-01-01"),
            await client.Cadre(countyB, "Leader", birthDate: "1970-01-01"),
            await client.Cadre(countyB, joinedOn: "2025-03-01"),
            await client.Cadre(city, joinedOn: "2026-01-02"),
        };
        string[] units = [city, countyA, countyB, office];
        int[] years = [2024, 2025, DateTime.UtcNow.Year];

        async Task AllViewsAgree()
        {
            await api.WaitForReadModel(); // the unit views then count every write, and say so
            foreach (var year in years.Distinct())
            {
                foreach (var staffNo in staff)
                {
                    var url = $"/api/v1/compliance/cadres/{staffNo}?year={year}";
                    var live = await client.GetAsync(url);
                    var text = await live.Content.ReadAsStringAsync();
                    if (live.StatusCode != HttpStatusCode.OK)
                    {
                        var detail = JsonNode.Parse(text)!["detail"]!.GetValue<string>();
                        (await (await client.GetAsync(url)).Json(live.StatusCode))["detail"]!.GetValue<string>().ShouldBe(detail);
                        (await (await client.GetAsync($"{url}&rulebook=1")).Json(live.StatusCode))["detail"]!.GetValue<string>().ShouldBe(detail);
                        continue;
                    }
                    (await (await client.GetAsync(url)).Content.ReadAsStringAsync()).ShouldBe(text, "a second read (memo hit) differs");
                    live.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
                    var version = JsonNode.Parse(text)!["rulebookVersion"]!.GetValue<int>();
                    (await (await client.GetAsync($"{url}&rulebook={version}")).Content.ReadAsStringAsync()).ShouldBe(text, url);
                }
                foreach (var code in units)
                {
                    var url = $"/api/v1/compliance/units/{code}?year={year}";
                    var live = await client.GetJson(url);
                    (await client.GetJson(url)).ToJsonString().ShouldBe(live.ToJsonString(), "a second read (memo hit) differs");
                    live["pending"]!.GetValue<int>().ShouldBe(0, url);
                    var version = live["rulebookVersion"]!.GetValue<int>();
                    var computed = await client.GetJson($"{url}&rulebook={version}");
                    computed["computedAt"].ShouldBeNull(url);
                    live.AsObject().Remove("computedAt");
                    computed.AsObject().Remove("computedAt");
                    computed.ToJsonString().ShouldBe(live.ToJsonString(), url);
                }
            }
        }

        await AllViewsAgree();

        // Mixed writes over views already remembered: hours and their correction, a visit, transfers both ways, a rank change, a degree.
        var hours = await (await LogHours(client, staff[0], 20, "2025-04-01", "mix-1")).Json(HttpStatusCode.Created);
        await LogManyHours(client, staff[0], 61, new DateOnly(2025, 9, 1), "mix-2");
        await LogManyHours(client, staff[1], 65, new DateOnly(2024, 9, 1), "mix-3");
        await (await client.PostJson($"/api/v1/cadres/{staff[0]}/study-hours/{hours["id"]!.GetValue<Guid>()}/revocations",
            new { reason = "重复录入" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{staff[2]}/grassroots-visits",
            new { from = "2025-03-01", to = "2025-03-20", kind = "Rural", place = "某村" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{staff[1]}/transfers", new { toUnitCode = countyB, effectiveOn = "2025-07-01" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{staff[2]}/transfers", new { toUnitCode = office, effectiveOn = "2024-11-01" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{staff[3]}/rank-changes", new { rank = "SectionLevel", effectiveOn = "2025-05-01" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{staff[0]}/education", new { level = "JuniorCollege", awardedOn = "2025-06-30" })).Json(HttpStatusCode.Created);

        await AllViewsAgree();
    }

    [Fact]
    public async Task A_transfer_moves_the_cadre_between_the_units_counts_at_once()
    {
        var client = api.Client();
        var city = await client.Unit();
        var from = await client.Unit("CountyBureau", city);
        var to = await client.Unit("CountyBureau", city);
        var staffNo = await client.Cadre(from);
        async Task<int> Count(string code, int year)
        {
            await api.WaitForReadModel();
            return (await client.GetJson($"/api/v1/compliance/units/{code}?year={year}"))["cadreCount"]!.GetValue<int>();
        }
        (await Count(from, 2025), await Count(to, 2025), await Count(city, 2025)).ShouldBe((1, 0, 1));

        await (await client.PostJson($"/api/v1/cadres/{staffNo}/transfers", new { toUnitCode = to, effectiveOn = "2025-03-01" })).Json(HttpStatusCode.Created);
        (await Count(from, 2025), await Count(to, 2025), await Count(city, 2025)).ShouldBe((0, 1, 1));
        (await Count(from, 2024), await Count(to, 2024)).ShouldBe((1, 0));
        (await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2025"))["unitCode"]!.GetValue<string>().ShouldBe(to);
        (await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2024"))["unitCode"]!.GetValue<string>().ShouldBe(from);
    }

    [Fact]
    public async Task A_memo_row_is_served_only_while_the_stream_version_and_the_code_it_was_computed_from_are_current()
    {
        var client = api.Client(language: "zh-CN"); // the rows' language: a reader of another language is computed, never served a row
        var city = await client.Unit();
        var staffNo = await client.Cadre(city);
        var url = $"/api/v1/compliance/cadres/{staffNo}?year=2025";
        var computed = await (await client.GetAsync(url)).Content.ReadAsStringAsync();

        await using var connection = new Npgsql.NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        async Task Tamper(string set)
        {
            await using var command = new Npgsql.NpgsqlCommand(
                $"update capops.compliance_memo set view = '{{\"tampered\":true}}', {set} where stream_id = $1 and year = 2025", connection);
            command.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = $"cadre:{staffNo}" });
            (await command.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        await Tamper("stream_version = stream_version"); // still valid: the row is what is served
        (await (await client.GetAsync(url)).Content.ReadAsStringAsync()).ShouldBe("{\"tampered\":true}");
        await Tamper("stream_version = stream_version - 1");
        (await (await client.GetAsync(url)).Content.ReadAsStringAsync()).ShouldBe(computed);
        await Tamper("code_version = 'an older build'");
        (await (await client.GetAsync(url)).Content.ReadAsStringAsync()).ShouldBe(computed);
        await Tamper("rulebook_stream_version = rulebook_stream_version + 1");
        (await (await client.GetAsync(url)).Content.ReadAsStringAsync()).ShouldBe(computed);
        await Tamper("view_date = view_date - 1");
        (await (await client.GetAsync(url)).Content.ReadAsStringAsync()).ShouldBe(computed);
    }

    /// <summary>
    /// The worker saves what it evaluated from events read a while before, and a reader may have saved the cadre's next write meanwhile:
    /// a row computed from an earlier stream version never replaces one from a later version. (One from the same version does: a new day's
    /// or rulebook's row, which <see cref="ReadModelTests"/> waits for.)
    /// </summary>
    [Fact]
    public async Task A_row_computed_from_an_earlier_stream_version_never_replaces_a_later_one()
    {
        var client = api.Client(language: "zh-CN");
        var city = await client.Unit();
        var staffNo = await client.Cadre(city);
        await (await LogHours(client, staffNo, 3, "2025-03-01", "earlier-1")).Json(HttpStatusCode.Created);
        var url = $"/api/v1/compliance/cadres/{staffNo}?year=2025";
        var served = await (await client.GetAsync(url)).Content.ReadAsStringAsync(); // recomputed, and saved at the stream's version

        var memo = api.Host.Services.GetRequiredService<CapabilityOps.Appraisal.Compliance.LiveCompliance>().Memo;
        await using var connection = await memo.OpenAsync(default);
        await using var read = new Npgsql.NpgsqlCommand(
            "select stream_version, rulebook_stream_version, rulebook_version, view_date from capops.compliance_memo where stream_id = $1 and year = 2025",
            connection);
        read.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = $"cadre:{staffNo}" });
        async Task<(long Version, long Rulebook, int Number, DateOnly ViewDate)> Stored()
        {
            await using var reader = await read.ExecuteReaderAsync();
            (await reader.ReadAsync()).ShouldBeTrue();
            return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetFieldValue<DateOnly>(3));
        }
        var (version, rulebook, number, viewDate) = await Stored();

        // Looked at in the table: a read of the cadre would recompute a row left stale, and hide it.
        CapabilityOps.Appraisal.Compliance.MemoRow earlier = new($"cadre:{staffNo}", 2025, version - 1, rulebook, number, viewDate, Applies: true,
            staffNo, city, Compliant: false, [], [], View: "{\"tampered\":true}");
        await memo.SaveAsync(connection, [earlier], default);
        (await Stored()).Version.ShouldBe(version);
        (await (await client.GetAsync(url)).Content.ReadAsStringAsync()).ShouldBe(served);
    }

    /// <summary>
    /// The unit view serves its remembered tally while the subtree, the rulebook stream's version, the view date, the code
    /// version and every cadre stream (their number and the sum of their versions) are as it counted them; any of them
    /// changed, it counts again. In front of the row, the process keeps the tally it counted until anything is recorded.
    /// </summary>
    [Fact]
    public async Task A_unit_tally_is_served_only_while_everything_it_counted_is_current()
    {
        var client = api.Client();
        var city = await client.Unit();
        var county = await client.Unit("CountyBureau", city);
        await client.Cadre(county);
        var url = $"/api/v1/compliance/units/{county}?year=2025";
        async Task<int> Count() => (await client.GetJson(url))["cadreCount"]!.GetValue<int>();
        await api.WaitForReadModel();
        (await Count()).ShouldBe(1);

        await using var connection = new Npgsql.NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        async Task Tamper(string set)
        {
            await using var command = new Npgsql.NpgsqlCommand(
                $"update capops.compliance_unit_memo set cadre_count = 99, {set} where unit_code = $1 and year = 2025", connection);
            command.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = county });
            (await command.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        await Tamper("cadre_versions = cadre_versions"); // still valid
        (await Count()).ShouldBe(1); // this process keeps the tally it counted while nothing at all is recorded
        await client.Unit(); // something recorded that no cadre's row depends on: the process counts again, and the row holds
        (await Count()).ShouldBe(99);
        foreach (var set in new[]
                 {
                     "cadre_versions = cadre_versions - 1", "cadre_streams = cadre_streams - 1", "code_version = 'an older build'",
                     "rulebook_stream_version = rulebook_stream_version + 1", "view_date = view_date - 1", $"subtree = array['{city}']",
                 })
        {
            await Tamper(set);
            await client.Unit();
            (await Count()).ShouldBe(1, set);
        }
    }

    /// <summary>A new cadre, study hours and a transfer each reach a unit view whose tally was remembered, at the very next read.</summary>
    [Fact]
    public async Task A_remembered_unit_tally_gives_way_to_the_next_write()
    {
        var client = api.Client();
        var city = await client.Unit();
        var from = await client.Unit("CountyBureau", city);
        var to = await client.Unit("CountyBureau", city);
        var staffNo = await client.Cadre(from);
        var url = $"/api/v1/compliance/units/{from}?year=2025";
        async Task<(int Cadres, int Compliant)> View()
        {
            await api.WaitForReadModel();
            var first = await client.GetJson(url);
            (await client.GetJson(url)).ToJsonString().ShouldBe(first.ToJsonString()); // the second from the remembered tally
            return (first["cadreCount"]!.GetValue<int>(), first["compliantCount"]!.GetValue<int>());
        }
        (await View()).ShouldBe((1, 0));

        await client.Cadre(from); // a new stream
        (await View()).ShouldBe((2, 0));
        await LogManyHours(client, staffNo, 60, new DateOnly(2025, 3, 1), "tally-1"); // appends: the number of streams stays
        await api.WaitForReadModel();
        (await client.GetJson(url))["checks"]!.AsArray().Single(c => c!["rule"]!.GetValue<string>() == "LRN-1")!["met"]!.GetValue<int>().ShouldBe(1);
        await View();
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/transfers", new { toUnitCode = to, effectiveOn = "2025-06-01" })).Json(HttpStatusCode.Created);
        (await View()).Cadres.ShouldBe(1);
        await api.WaitForReadModel();
        (await client.GetJson($"/api/v1/compliance/units/{to}?year=2025"))["cadreCount"]!.GetValue<int>().ShouldBe(1);
    }
}

/// <summary>On a database of its own: publishing a rulebook for past years changes every live view there.</summary>
public class ComplianceMemoRulebookTests : IAsyncLifetime
{
    private readonly ApiFixture _api = new();

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task Publishing_a_rulebook_version_changes_the_live_views_at_once()
    {
        var client = _api.Client();
        var city = await client.Unit();
        var staffNo = await client.Cadre(city, birthDate: "1970-01-01");
        await client.TalkAndCheck(staffNo); // CARE-1 and CARE-3 met, so LRN-1 decides whether the cadre is compliant
        for (var day = 0; day < 11; day++)
            await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours",
                new { hours = 5, studiedOn = $"2025-03-{day + 1:D2}", channel = "Offline", source = "机关党委", externalId = $"rb-{day}" })).Json(HttpStatusCode.Created);
        var before = await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2025");
        before["compliant"]!.GetValue<bool>().ShouldBeFalse();
        await _api.WaitForReadModel();
        (await client.GetJson($"/api/v1/compliance/units/{city}?year=2025"))["compliantCount"]!.GetValue<int>().ShouldBe(0);

        var published = await (await client.PostJson("/api/v1/admin/rulebook/versions",
            new { name = "50 hours from 2025", effectiveFromYear = 2025, targets = new Dictionary<string, decimal> { ["LRN-1.hoursPerYear"] = 50 } }))
            .Json(HttpStatusCode.Created);
        var version = published["version"]!.GetValue<int>();

        var after = await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2025");
        after["rulebookVersion"]!.GetValue<int>().ShouldBe(version);
        after["compliant"]!.GetValue<bool>().ShouldBeTrue(); // the cadre's own view at once
        await _api.WaitForReadModel(); // the unit's once the background has recomputed the year
        var unit = await client.GetJson($"/api/v1/compliance/units/{city}?year=2025");
        unit["rulebookVersion"]!.GetValue<int>().ShouldBe(version);
        unit["compliantCount"]!.GetValue<int>().ShouldBe(1);
        (await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2024"))["rulebookVersion"]!.GetValue<int>().ShouldBe(1);
    }
}
