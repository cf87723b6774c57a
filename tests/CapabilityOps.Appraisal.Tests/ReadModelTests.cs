using System.Text.Json.Nodes;
using CapabilityOps.Appraisal.Compliance;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.SharedKernel;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.Appraisal.Tests;

/// <summary>
/// The compliance and appraisal read model, kept current in the background, on a database of its own with the bench's clock
/// (so that a test can move it to the next day): once caught up, every live view equals the view the compute path gives
/// (<c>?rulebook=</c>) for every cadre and unit of a generated bureau, after random writes, a new day and a new rulebook version.
/// </summary>
public class ReadModelTests : IAsyncLifetime
{
    private readonly ApiFixture _api = ApiFixture.WithSettings(new Dictionary<string, string>
    {
        ["Bench:BaselineEndpoints"] = "true", ["Compliance:TrendRefreshInterval"] = "00:00:00",
        // While the random writes arrive the worker recomputes in slices of two cadres, on one thread, as under a write load.
        ["Compliance:BatchSizeWhileWriting"] = "2",
    });

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task Once_caught_up_the_read_model_equals_the_computed_views_after_random_writes_a_new_day_and_a_new_rulebook()
    {
        var client = _api.Client();
        var random = new Random(19);
        var city = await client.Unit();
        var counties = new[] { await client.Unit("CountyBureau", city), await client.Unit("CountyBureau", city) };
        var office = await client.Unit("Department", counties[0]);
        string[] units = [city, counties[0], counties[1], office];
        string[] ranks = ["Staff", "SectionLevel", "Leader"];
        var staff = new List<string>();
        for (var i = 0; i < 14; i++)
            staff.Add(await client.Cadre(units[random.Next(units.Length)], ranks[random.Next(ranks.Length)], joinedOn: i == 13 ? "2025-11-01" : "2012-01-01",
                birthDate: $"{1968 + random.Next(25)}-03-01", education: random.Next(4) == 0 ? "HighSchool" : "Bachelor"));

        var thisYear = (await client.GetJson($"/api/v1/compliance/cadres/{staff[0]}"))["year"]!.GetValue<int>();
        int[] years = [thisYear - 1, thisYear];
        // Facts of a year the background does not keep too: its recomputation leaves their study hours unread (YearBoundEvent).
        int[] writeYears = [thisYear - 2, .. years];
        for (var write = 0; write < 60; write++)
        {
            var staffNo = staff[random.Next(staff.Count)];
            var year = writeYears[random.Next(writeYears.Length)];
            var day = new DateOnly(year, 1 + random.Next(10), 1 + random.Next(27));
            if (day > DateOnly.FromDateTime(DateTime.UtcNow)) day = new DateOnly(year, 1, 2);
            // Every kind of year-bound fact (YearBoundEvent), some spanning a new year: a year's row reads only those of its years.
            var response = random.Next(16) switch
            {
                // Facts behind an appraisal's effects, TRN-1 and SVC's other measures, which a row's stored measure keeps.
                10 => await client.PostJson($"/api/v1/cadres/{staffNo}/titles", new { kind = "PostExpert", level = "Municipal", title = "岗位能手",
                    conferredOn = day.ToString("yyyy-MM-dd") }),
                11 => await client.PostJson($"/api/v1/cadres/{staffNo}/admonitions", new { kind = "Admonition", on = day.ToString("yyyy-MM-dd"), reason = "落实不力" }),
                12 => await client.PostJson($"/api/v1/cadres/{staffNo}/sanctions", new { severity = random.Next(2) == 0 ? "Warning" : "Demerit",
                    imposedOn = day.ToString("yyyy-MM-dd"), violation = "违反工作纪律", outcome = "处分" }),
                13 => await client.PostJson($"/api/v1/cadres/{staffNo}/education", new { level = "JuniorCollege", awardedOn = day.ToString("yyyy-MM-dd") }),
                14 => await client.PostJson($"/api/v1/cadres/{staffNo}/research-articles", new { title = "调研报告", completedOn = day.ToString("yyyy-MM-dd") }),
                15 => await client.PostJson($"/api/v1/cadres/{staffNo}/assisted-enterprises", new { enterprise = $"企业{random.Next(3)}", since = day.ToString("yyyy-MM-dd") }),
                5 => await client.PostJson($"/api/v1/cadres/{staffNo}/talks", new { heldOn = day.ToString("yyyy-MM-dd"), by = "党组书记" }),
                6 => await client.PostJson($"/api/v1/cadres/{staffNo}/health-checks", new { checkedOn = day.ToString("yyyy-MM-dd") }),
                7 => await client.PostJson($"/api/v1/cadres/{staffNo}/trainings", new { title = "跨年培训", kind = "Special", level = "Municipal",
                    organiser = "市局人事科", from = $"{year - 1}-12-30", to = $"{year}-01-02", hours = 16m, externalId = $"tr-{write}" }),
                8 => await client.PostJson($"/api/v1/units/{city}/learning-sessions", new { kind = "ConcentratedTraining", heldOn = day.ToString("yyyy-MM-dd"),
                    topic = "集中学习", studyHours = 4, attendees = new[] { staffNo } }),
                0 => await client.PostJson($"/api/v1/cadres/{staffNo}/transfers",
                    new { toUnitCode = units[random.Next(units.Length)], effectiveOn = day.ToString("yyyy-MM-dd") }),
                1 => await client.PostJson($"/api/v1/cadres/{staffNo}/assessments",
                    new { year, morality = 85 + random.Next(15), ability = 85 + random.Next(15), diligence = 90, achievement = 85 + random.Next(15), integrity = 95 }),
                2 => await client.PostJson($"/api/v1/cadres/{staffNo}/grassroots-visits",
                    new { from = day.ToString("yyyy-MM-dd"), to = day.AddDays(20).ToString("yyyy-MM-dd"), kind = "Rural", place = "某村" }),
                3 => await client.PostRaw("/api/v1/imports/study-hours", // a batch across a new year
                    $"staffNo,hours,studiedOn,channel,source,topic,externalId\n{staffNo},6,{year - 1}-12-30,Online,学习强国,,rm-{write}a\n{staffNo},7,{year}-01-03,Online,学习强国,,rm-{write}b",
                    "text/csv"),
                _ => await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours",
                    new { hours = 5 + random.Next(16), studiedOn = day.ToString("yyyy-MM-dd"), channel = "Online", source = "学习强国", externalId = $"rm-{write}" }),
            };
            response.StatusCode.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.Conflict); // a random fact may be refused
        }
        foreach (var year in writeYears) // a record revoked in each year
        {
            var logged = await (await client.PostJson($"/api/v1/cadres/{staff[0]}/study-hours",
                new { hours = 9, studiedOn = $"{year}-02-02", channel = "Online", source = "学习强国", externalId = $"rv-{year}" })).Json(HttpStatusCode.Created);
            await (await client.PostJson($"/api/v1/cadres/{staff[0]}/study-hours/{logged["id"]}/revocations", new { reason = "录错" })).Json(HttpStatusCode.Created);
        }
        foreach (var year in years) // a visit across the new year, and one revoked in the next year
        {
            var across = new { from = $"{year - 1}-12-20", to = $"{year}-01-09", kind = "Rural", place = "某村" };
            await (await client.PostJson($"/api/v1/cadres/{staff[1]}/grassroots-visits", across)).Json(HttpStatusCode.Created);
            var mistaken = await (await client.PostJson($"/api/v1/cadres/{staff[1]}/grassroots-visits", across with { place = "录错的村" })).Json(HttpStatusCode.Created);
            await (await client.PostJson($"/api/v1/cadres/{staff[1]}/grassroots-visits/{mistaken["id"]}/revocations", new { reason = "录错" }))
                .Json(HttpStatusCode.Created);
        }
        await AllViewsAgree(client, staff, units, years);
        // Study hours of one year left the other years' rows as they were: their stamps were moved on, not recomputed.
        _api.Host.Services.GetRequiredService<ComplianceReadModel>().Restamped.ShouldBeGreaterThan(0);

        (await (await client.PostAsync("/bench/clock/next-day", null)).Json(HttpStatusCode.OK))["days"]!.GetValue<int>().ShouldBe(1);
        await AllViewsAgree(client, staff, units, years);

        // A version for both years: every row is judged again from its stored measure, its events not read.
        var worker = _api.Host.Services.GetRequiredService<ComplianceReadModel>();
        var rejudged = worker.Rejudged;
        await (await client.PostJson("/api/v1/admin/rulebook/versions", new
        {
            name = "30 hours, 80 to be Excellent, every target changed", effectiveFromYear = thisYear - 1,
            targets = new Dictionary<string, decimal>
            {
                ["LRN-1.hoursPerYear"] = 30, ["grade.excellentMinimum"] = 80, ["SVC-1.days"] = 20, ["SVC-1.enterprises"] = 1, ["SVC-2.days"] = 10,
                ["CARE-1.talksPerYear"] = 2, ["TRN-1.ageLimit"] = 50, ["cadre.titleBonus"] = 3, ["cadre.assessmentPoints"] = 30,
            },
        })).Json(HttpStatusCode.Created);
        await AllViewsAgree(client, staff, units, years);
        worker.Rejudged.ShouldBeGreaterThan(rejudged);

        // A version for next year leaves the version in force for both years as it was: their rows and trend points are carried over,
        // not recomputed.
        var (recomputed, carried) = (worker.Recomputed, worker.Carried);
        const string trendComputed = "select count(*), max(computed_at) from capops.compliance_trend";
        var trendBefore = await _api.Database.Rows(trendComputed);
        await (await client.PostJson("/api/v1/admin/rulebook/versions", new
        {
            name = "next year: 70 hours", effectiveFromYear = thisYear + 1, targets = new Dictionary<string, decimal> { ["LRN-1.hoursPerYear"] = 70 },
        })).Json(HttpStatusCode.Created);
        await _api.WaitForReadModel();
        await Task.Delay(TimeSpan.FromSeconds(3)); // longer than a rescan: the background has looked at the due months again
        (await TrendDue()).ShouldBe(0);
        (await _api.Database.Rows(trendComputed)).ShouldBe(trendBefore);
        worker.Recomputed.ShouldBe(recomputed);
        worker.Carried.ShouldBeGreaterThan(carried);
        await AllViewsAgree(client, staff, units, years);
    }

    [Fact]
    public async Task A_cadres_live_view_is_in_the_readers_language_served_from_the_chinese_row_or_computed_for_english()
    {
        var english = _api.Client();
        var chinese = _api.Client(language: "zh-CN");
        var city = await english.Unit();
        var year = (await english.GetJson($"/api/v1/compliance/cadres/{await english.Cadre(city)}"))["year"]!.GetValue<int>() - 1;
        var staffNo = await english.Cadre(city, joinedOn: $"{year}-07-15"); // LRN-1 pro-rated: a note in words
        await _api.WaitForReadModel();

        // The background wrote the row in Chinese, though this test's threads default to English.
        var live = _api.Host.Services.GetRequiredService<LiveCompliance>();
        await using (var connection = await live.Memo.OpenAsync(default))
        {
            var row = (await live.Memo.LookupAsync(connection, StreamKeys.Cadre(staffNo), year, new DateOnly(year, 12, 31), default)).Hit;
            row.ShouldNotBeNull();
            row.View!.ShouldContain("按比例折算");
            row.Appraisal.ShouldNotBeNull();
        }

        var url = $"/api/v1/compliance/cadres/{staffNo}?year={year}";
        foreach (var (client, words) in new[] { (english, "Pro-rated"), (chinese, "按比例折算") })
        {
            var view = await client.GetJson(url);
            var note = view["checks"]!.AsArray().Single(c => c!["rule"]!.GetValue<string>() == "LRN-1")!["note"]!.GetValue<string>();
            note.ShouldContain(words);
            var computed = await client.GetJson($"{url}&rulebook={view["rulebookVersion"]!.GetValue<int>()}");
            computed.ToJsonString().ShouldBe(view.ToJsonString());
            var appraisal = $"/api/v1/appraisals/cadres/{staffNo}?year={year}";
            var liveAppraisal = await client.GetJson(appraisal);
            (await client.GetJson($"{appraisal}&rulebook={liveAppraisal["rulebookVersion"]!.GetValue<int>()}")).ToJsonString()
                .ShouldBe(liveAppraisal.ToJsonString());
        }
    }

    [Fact]
    public async Task The_monthly_trend_is_not_computed_while_a_projection_rebuild_runs_and_is_once_it_ended()
    {
        var client = _api.Client();
        var city = await client.Unit();
        var county = await client.Unit("CountyBureau", city);
        var staff = new[] { await client.Cadre(city), await client.Cadre(county) };
        var thisYear = (await client.GetJson($"/api/v1/compliance/cadres/{staff[0]}"))["year"]!.GetValue<int>();
        int[] years = [thisYear - 1, thisYear];
        await TrendAgrees([city, county], years);

        // What a rebuild in this process, another instance or the `projections rebuild` command holds while it refills documents.
        await using var rebuilding = await _api.Host.Services.GetRequiredService<LiveCompliance>().Memo.OpenAsync(default);
        await using (await ProjectionRebuildLock.HoldAsync(rebuilding, default))
        {
            await (await client.PostJson($"/api/v1/cadres/{staff[1]}/study-hours",
                new { hours = 8, studiedOn = $"{thisYear - 1}-03-02", channel = "Offline", source = "党校" })).Json(HttpStatusCode.Created);
            await _api.WaitForReadModel();
            await Task.Delay(TimeSpan.FromSeconds(3)); // longer than a rescan: the background has looked at the due months again
            (await TrendDue()).ShouldBeGreaterThan(0);
        }
        await TrendAgrees([city, county], years);
    }

    /// <summary>The closed months whose trend points are due, as the readiness check counts them.</summary>
    private async Task<int> TrendDue() =>
        (await _api.Client(apiKey: null).GetJson("/bench/background"))["trendDue:ComplianceReadModel"]!.GetValue<int>();

    /// <summary>Every cadre's and every unit's live compliance and appraisal equal the computed ones, once the background caught up;
    /// a cadre's in Chinese too, the language the rows are written in (English is computed).</summary>
    private async Task AllViewsAgree(HttpClient english, IReadOnlyList<string> staff, IReadOnlyList<string> units, int[] years)
    {
        await _api.WaitForReadModel();
        var chinese = _api.Client(language: "zh-CN");
        foreach (var year in years)
        {
            foreach (var staffNo in staff)
            foreach (var route in new[] { "compliance", "appraisals" })
            foreach (var client in new[] { english, chinese })
            {
                var url = $"/api/v1/{route}/cadres/{staffNo}?year={year}";
                var live = await client.GetAsync(url);
                var text = await live.Content.ReadAsStringAsync();
                if (live.StatusCode != HttpStatusCode.OK)
                {
                    (await client.GetAsync($"{url}&rulebook=1")).StatusCode.ShouldBe(live.StatusCode, url);
                    continue;
                }
                var version = JsonNode.Parse(text)!["rulebookVersion"]!.GetValue<int>();
                (await client.GetJson($"{url}&rulebook={version}")).ToJsonString().ShouldBe(JsonNode.Parse(text)!.ToJsonString(), url);
            }
            foreach (var code in units)
            foreach (var route in new[] { "compliance", "appraisals" })
            foreach (var client in new[] { english, chinese })
            {
                var url = $"/api/v1/{route}/units/{code}?year={year}";
                var live = await client.GetJson(url);
                live["pending"]!.GetValue<int>().ShouldBe(0, url);
                var computed = await client.GetJson($"{url}&rulebook={live["rulebookVersion"]!.GetValue<int>()}");
                computed["computedAt"].ShouldBeNull(url);
                live.AsObject().Remove("computedAt");
                computed.AsObject().Remove("computedAt");
                computed.ToJsonString().ShouldBe(live.ToJsonString(), url);
            }
        }
        await TrendAgrees(units, years);
    }

    /// <summary>
    /// Once the background has computed the monthly trend's due points, each unit's point on each closed month's end equals the subtree evaluated
    /// on that day (the computation of <c>?onDate=</c>, which the dashboard falls back to).
    /// </summary>
    private async Task TrendAgrees(IReadOnlyList<string> units, int[] years)
    {
        var services = _api.Host.Services;
        var (live, trend, calculator) = (services.GetRequiredService<LiveCompliance>(), services.GetRequiredService<ComplianceTrend>(),
            services.GetRequiredService<ComplianceCalculator>());
        var today = ChinaTime.Today(services.GetRequiredService<TimeProvider>());
        await using var connection = await live.Memo.OpenAsync(default);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        // The readiness check's count of due months (what build/bench waits on, through /bench/background) says when the points are all there.
        while (await TrendDue() > 0)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException("The background did not fill the monthly trend within 60 s.");
            await Task.Delay(50);
        }
        await using var session = _api.Host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        foreach (var year in years)
        {
            var days = ComplianceTrend.ClosedMonthEnds(year, today);
            days.Count.ShouldBeGreaterThan(0);
            var rulebook = await live.Rulebooks.ForYearAsync(session, year, null, default);
            foreach (var code in units)
            {
                var stored = await trend.ReadAsync(connection, code, year, default);
                var (computed, _) = await calculator.EvaluateSubtreeAsync(session, code, days.Select(d => new YearView(year, d, null, d, rulebook)).ToList(), default);
                for (var i = 0; i < days.Count; i++)
                {
                    var cadres = computed!.Value.Cadres[i];
                    stored[days[i].Month].ShouldBe(TrendPoint.On(days[i], cadres.Count, cadres.Count(c => c.Compliant)), $"{code} {days[i]}");
                }
            }
        }
    }
}

/// <summary>Two host instances on one database: the background recomputation is done by one of them, once.</summary>
public class ReadModelInstancesTests : IAsyncLifetime
{
    private readonly ApiFixture _api = new();
    private ApiFixture? _other;

    public async Task InitializeAsync()
    {
        await _api.InitializeAsync();
        _other = await _api.StartAnotherHost();
    }

    public async Task DisposeAsync()
    {
        if (_other is not null) await _other.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Each_recomputation_is_done_once_by_one_of_two_instances()
    {
        var workers = new[] { _api, _other! }.Select(h => h.Host.Services.GetRequiredService<ComplianceReadModel>()).ToList();
        var live = _api.Host.Services.GetRequiredService<LiveCompliance>();
        var client = _api.Client();
        var other = _other!.Client();
        var city = await client.Unit();
        for (var i = 0; i < 5; i++) await client.Cadre(city);
        await _api.WaitForReadModel();
        var start = workers.Select(w => w.Recomputed).ToArray();
        workers.Count(w => w.Leading).ShouldBe(1);

        // Writes through both instances: each changed cadre-year is recomputed once, by the instance that leads.
        var staffNo = await other.Cadre(city);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours",
            new { hours = 8, studiedOn = "2025-04-01", channel = "Online", source = "学习强国", externalId = "twice-1" })).Json(HttpStatusCode.Created);
        await _api.WaitForReadModel();
        await Task.Delay(500); // time enough for a second instance, were it working too, to recompute as well
        var done = workers.Select((w, i) => w.Recomputed - start[i]).ToArray();
        done.Sum().ShouldBeInRange(live.BackgroundYears().Count, 2 * live.BackgroundYears().Count); // the new cadre's years, once or after its second fact
        done.Count(d => d > 0).ShouldBe(1);
        (await client.GetJson($"/api/v1/compliance/units/{city}?year=2025"))["cadreCount"]!.GetValue<int>().ShouldBe(6);
    }
}

/// <summary>
/// The background's listing from a pass's horizon (<see cref="ComplianceMemo.StaleAsync"/>'s <c>changedSince</c>), on a host without
/// the worker, so that the rows stay as the test leaves them: of the stale rows, exactly those of the cadre streams changed by a
/// transaction from the horizon on, including one that was running when the horizon was taken and committed after it.
/// </summary>
public class StaleListingTests : IAsyncLifetime
{
    private readonly ApiFixture _api = ApiFixture.WithSettings(new Dictionary<string, string> { ["Compliance:Background"] = "false" });

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task From_a_horizon_only_the_cadres_changed_since_are_listed_and_every_one_of_them()
    {
        var live = _api.Host.Services.GetRequiredService<LiveCompliance>();
        var client = _api.Client();
        var city = await client.Unit();
        var (quiet, written, late) = (await client.Cadre(city), await client.Cadre(city), await client.Cadre(city));
        await using var connection = await live.Memo.OpenAsync(default);
        var years = live.BackgroundYears();
        var rulebook = await live.Memo.RulebookStreamVersionAsync(connection, default);
        async Task<string[]> Listed(long? since) =>
            [.. (await live.Memo.StaleAsync(connection, years, rulebook, 1000, default, since)).Select(s => s.StreamKey).Distinct().Order()];
        // A horizon past every commit so far: a transaction running anywhere on the cluster (the other test projects') holds the
        // horizon back while it runs, and the listing then rightly takes in more.
        async Task<long> HorizonPastAll()
        {
            await using var command = new Npgsql.NpgsqlCommand("select pg_current_xact_id()::text::bigint", connection);
            var last = (long)(await command.ExecuteScalarAsync())!;
            for (var waited = System.Diagnostics.Stopwatch.StartNew(); ; await Task.Delay(10))
            {
                var horizon = await live.Memo.HorizonAsync(connection, default);
                if (horizon > last) return horizon;
                if (waited.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("No horizon past the last commit within 30 s.");
            }
        }

        // No row was computed: every cadre is stale, and the full listing has each with every background year.
        (await live.Memo.StaleAsync(connection, years, rulebook, 1000, default)).Count.ShouldBe(3 * years.Count);
        var before = await HorizonPastAll();
        (await Listed(before)).ShouldBeEmpty(); // stale, but unchanged since the horizon

        // A transaction holding an id when the next horizon is taken changes a stream only after it, and commits later still.
        await using var running = await live.Memo.OpenAsync(default);
        await using var transaction = await running.BeginTransactionAsync();
        await using (var id = new Npgsql.NpgsqlCommand("select pg_current_xact_id()", running, transaction)) await id.ExecuteScalarAsync();
        var horizon = await live.Memo.HorizonAsync(connection, default);
        await (await client.PostJson($"/api/v1/cadres/{written}/study-hours",
            new { hours = 2, studiedOn = "2025-03-01", channel = "Online", source = "学习强国", externalId = "since-1" })).Json(HttpStatusCode.Created);
        await using (var touch = new Npgsql.NpgsqlCommand("update capops.mt_streams set timestamp = now() where id = $1", running, transaction))
        {
            touch.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = StreamKeys.Cadre(late) });
            (await touch.ExecuteNonQueryAsync()).ShouldBe(1);
        }
        (await Listed(horizon)).ShouldBe([StreamKeys.Cadre(written)]); // the running one's change is not yet visible
        await transaction.CommitAsync();

        (await Listed(horizon)).ShouldBe(new[] { StreamKeys.Cadre(late), StreamKeys.Cadre(written) }.Order().ToArray());
        (await Listed(before)).ShouldBe(new[] { StreamKeys.Cadre(late), StreamKeys.Cadre(written) }.Order().ToArray());
        (await Listed(await HorizonPastAll())).ShouldBeEmpty();
        (await Listed(null)).ShouldBe(new[] { quiet, written, late }.Select(StreamKeys.Cadre).Order().ToArray());
    }
}
