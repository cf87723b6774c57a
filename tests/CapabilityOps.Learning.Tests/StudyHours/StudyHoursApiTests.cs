namespace CapabilityOps.Learning.Tests.StudyHours;

[Collection(ApiCollection.Name)]
public class StudyHoursApiTests(ApiFixture api)
{
    [Fact]
    public async Task Logged_hours_count_by_channel_and_source_and_show_in_the_cadre_history()
    {
        var client = api.Client("xuexi-platform");
        var unit = await client.Unit();
        var staffNo = await client.Cadre(unit);

        var response = await client.LogHours(staffNo, 2.5m, "2025-03-02", "Online", "学习强国", "习近平生态文明思想", "XX-1");
        var id = (await response.Json(HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/cadres/{staffNo}/study-hours/{id}");
        await client.LoggedHours(staffNo, 4, "2025-03-02", "Offline", "e-library");
        await client.LoggedHours(staffNo, 1, "2025-07-01", "Online", "学习强国", externalId: "XX-2");
        await client.LoggedHours(staffNo, 3, "2024-12-31", "Online", "学习强国", externalId: "XX-0");

        var year = await api.CadreYear(staffNo, 2025);
        year["hours"].Decimal().ShouldBe(7.5m);
        year["hoursByChannel"]!["Online"].Decimal().ShouldBe(3.5m);
        year["hoursByChannel"]!["Offline"].Decimal().ShouldBe(4m);
        year["hoursBySource"]!["学习强国"].Decimal().ShouldBe(3.5m);
        year["hoursBySource"]!["e-library"].Decimal().ShouldBe(4m);
        year["target"].Decimal().ShouldBe(60m);
        year["met"]!.GetValue<bool>().ShouldBeFalse();
        year["checks"]![0]!["rule"]!.GetValue<string>().ShouldBe("LRN-1");
        (await api.CadreYear(staffNo, 2024))["hours"].Decimal().ShouldBe(3m);

        var history = (await client.GetJson($"/api/v1/cadres/{staffNo}/history")).AsArray();
        var logged = history.Where(h => h!["type"]!.GetValue<string>() == "StudyHoursLogged").ToList();
        logged.Count.ShouldBe(4);
        logged[0]!["data"]!["studiedOn"]!.GetValue<string>().ShouldBe("2025-03-02");
        logged[0]!["data"]!["topic"]!.GetValue<string>().ShouldBe("习近平生态文明思想");
        logged[0]!["source"]!.GetValue<string>().ShouldBe("xuexi-platform");

        var record = await client.GetJson($"/api/v1/cadres/{staffNo}/study-hours/{id}");
        record["hours"].Decimal().ShouldBe(2.5m);
        record["source"]!.GetValue<string>().ShouldBe("学习强国");
        (await client.GetJson($"/api/v1/cadres/{staffNo}/study-hours?year=2025")).AsArray().Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_write_shows_in_the_cadre_view_at_once_without_waiting_for_the_daemon()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());
        for (var i = 1; i <= 3; i++)
        {
            await client.LoggedHours(staffNo, i, $"2025-08-0{i}");
            (await client.GetJson($"/api/v1/learning/cadres/{staffNo}?year=2025"))["hours"].Decimal().ShouldBe(i * (i + 1) / 2m);
        }
    }

    [Fact]
    public async Task Sixty_hours_in_a_year_meet_LRN_1()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());
        for (var day = 1; day <= 5; day++) await client.LoggedHours(staffNo, 12, $"2025-05-{day:00}", "Offline", "cadre-academy");

        var year = await api.CadreYear(staffNo, 2025);
        year["hours"].Decimal().ShouldBe(60m);
        year["met"]!.GetValue<bool>().ShouldBeTrue();
        year["checks"]![0]!["met"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task A_duplicate_source_and_external_id_is_409_and_records_nothing()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());
        await client.LoggedHours(staffNo, 2, "2025-04-01", source: "cadre-academy", externalId: "A-7");

        await (await client.LogHours(staffNo, 3, "2025-04-02", source: "cadre-academy", externalId: "A-7")).Problem(HttpStatusCode.Conflict);
        // The same external id from another source is another record.
        await client.LoggedHours(staffNo, 1, "2025-04-02", source: "学习强国", externalId: "A-7");

        (await api.CadreYear(staffNo, 2025))["hours"].Decimal().ShouldBe(3m);
        (await client.GetJson($"/api/v1/cadres/{staffNo}/history")).AsArray().Count.ShouldBe(3);
    }

    [Fact]
    public async Task Concurrent_duplicates_record_exactly_one()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            client.LogHours(staffNo, 1, "2025-06-01", source: "cadre-academy", externalId: "SAME")));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created || r.StatusCode == HttpStatusCode.Conflict);
        (await api.CadreYear(staffNo, 2025))["hours"].Decimal().ShouldBe(1m);
    }

    [Fact]
    public async Task At_most_24_hours_a_day_also_under_concurrent_requests()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());
        await client.LoggedHours(staffNo, 20, "2025-06-01");
        await (await client.LogHours(staffNo, 4.5m, "2025-06-01")).Problem(HttpStatusCode.BadRequest, "hours");
        await client.LoggedHours(staffNo, 4, "2025-06-01");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.LogHours(staffNo, 13, "2025-06-02")));
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.ShouldAllBe(r => (int)r.StatusCode < 500);

        var year = await api.CadreYear(staffNo, 2025);
        year["hours"].Decimal().ShouldBeLessThanOrEqualTo(24m + 13m);
        var records = (await client.GetJson($"/api/v1/cadres/{staffNo}/study-hours?year=2025")).AsArray();
        records.Where(r => r!["studiedOn"]!.GetValue<string>() == "2025-06-02").Sum(r => r!["hours"].Decimal()).ShouldBeLessThanOrEqualTo(24m);
    }

    [Theory]
    [InlineData("hours", 0)]
    [InlineData("hours", -1)]
    [InlineData("hours", 24.5)]
    [InlineData("studiedOn", "2099-01-01")]
    [InlineData("studiedOn", "2009-12-31")]
    [InlineData("studiedOn", "2025-02-30")]
    [InlineData("channel", "Radio")]
    [InlineData("source", "")]
    [InlineData("source", null)]
    [InlineData("hours", null)]
    [InlineData("hours", "three")]
    public async Task A_bad_field_is_a_400_naming_it_and_records_nothing(string field, object? value)
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit(), joinedOn: "2010-01-01");
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["hours"] = 2, ["studiedOn"] = "2025-01-05", ["channel"] = "Online", ["source"] = "学习强国",
        };
        body[field] = value switch { null => null, int i => i, double d => d, string s => s, _ => throw new ArgumentException() };

        await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours", body)).Problem(HttpStatusCode.BadRequest, field);
        (await client.GetJson($"/api/v1/cadres/{staffNo}/history")).AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Hours_for_an_unknown_cadre_are_404()
    {
        await (await api.Client().LogHours("NO-SUCH-CADRE", 1, "2025-01-01")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_revoked_record_leaves_every_total_and_stays_in_the_history()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());
        var wrong = await client.LoggedHours(staffNo, 8, "2025-09-01", "Offline", "cadre-academy", externalId: "CA-1");
        await client.LoggedHours(staffNo, 2, "2025-09-01", "Online", "学习强国");
        (await api.CadreYear(staffNo, 2025))["hours"].Decimal().ShouldBe(10m);

        var revoked = await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours/{wrong}/revocations", new { reason = "重复录入" }))
            .Json(HttpStatusCode.Created);
        revoked["hours"].Decimal().ShouldBe(8m);

        var year = await api.CadreYear(staffNo, 2025);
        year["hours"].Decimal().ShouldBe(2m);
        year["hoursByChannel"]!["Offline"].Decimal().ShouldBe(0m);
        year["hoursBySource"]!.AsObject().ContainsKey("cadre-academy").ShouldBeFalse();
        year["revokedRecords"]!.GetValue<int>().ShouldBe(1);
        year["revokedHours"].Decimal().ShouldBe(8m);

        var types = (await client.GetJson($"/api/v1/cadres/{staffNo}/history")).AsArray().Select(h => h!["type"]!.GetValue<string>()).ToList();
        types.ShouldBe(["CadreRegistered", "StudyHoursLogged", "StudyHoursLogged", "StudyHoursRevoked"]);
        var record = await client.GetJson($"/api/v1/cadres/{staffNo}/study-hours/{wrong}");
        record["revoked"]!.GetValue<bool>().ShouldBeTrue();
        record["revokedReason"]!.GetValue<string>().ShouldBe("重复录入");
        record["hours"].Decimal().ShouldBe(8m);
        var listed = (await client.GetJson($"/api/v1/cadres/{staffNo}/study-hours?year=2025")).AsArray();
        listed.Count.ShouldBe(2);
        listed.Single(r => r!["id"]!.GetValue<Guid>() == wrong)!["revokedReason"]!.GetValue<string>().ShouldBe("重复录入");
        listed.Where(r => r!["id"]!.GetValue<Guid>() != wrong).ShouldAllBe(r => !r!["revoked"]!.GetValue<bool>() && r["revokedReason"] == null);

        // Revoked hours free the day (8 + 2 + 22 would be over 24); revoking twice is a conflict naming the first reason;
        // the key stays taken.
        await client.LoggedHours(staffNo, 22, "2025-09-01");
        (await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours/{wrong}/revocations", new { reason = "again" })).Problem(HttpStatusCode.Conflict))
            ["detail"]!.GetValue<string>().ShouldContain("重复录入");
        (await client.GetJson($"/api/v1/cadres/{staffNo}/study-hours/{wrong}"))["revokedReason"]!.GetValue<string>().ShouldBe("重复录入");
        await (await client.LogHours(staffNo, 8, "2025-09-02", "Offline", "cadre-academy", externalId: "CA-1")).Problem(HttpStatusCode.Conflict);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours/{Guid.NewGuid()}/revocations", new { reason = "x" })).Problem(HttpStatusCode.NotFound);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours/{wrong}/revocations", new { reason = " " })).Problem(HttpStatusCode.BadRequest, "reason");
    }

    [Fact]
    public async Task The_view_as_of_an_instant_counts_what_was_known_then()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());
        await client.LoggedHours(staffNo, 5, "2025-02-01");
        await Task.Delay(20);
        var between = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        var id = await client.LoggedHours(staffNo, 7, "2025-02-02");
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours/{id}/revocations", new { reason = "录错" })).Json(HttpStatusCode.Created);
        var afterRevocation = DateTimeOffset.UtcNow;

        var then = await client.GetJson($"/api/v1/learning/cadres/{staffNo}?year=2025&asOf={Learning.Iso(between)}");
        then["hours"].Decimal().ShouldBe(5m);
        then["asOf"].ShouldNotBeNull();
        (await client.GetJson($"/api/v1/learning/cadres/{staffNo}?year=2025&asOf={Learning.Iso(afterRevocation)}"))["hours"].Decimal().ShouldBe(5m);
        await (await client.GetAsync($"/api/v1/learning/cadres/{staffNo}?year=2025&asOf={Learning.Iso(DateTimeOffset.UtcNow.AddYears(-30))}"))
            .Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_cadre_who_joined_mid_year_has_a_pro_rated_target_and_the_view_says_so()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit(), joinedOn: "2025-03-15");
        await client.LoggedHours(staffNo, 20, "2025-04-01");
        await client.LoggedHours(staffNo, 20, "2025-04-02");
        await client.LoggedHours(staffNo, 5, "2025-04-03");

        var year = await api.CadreYear(staffNo, 2025);
        year["target"].Decimal().ShouldBe(45m);
        year["annualTarget"].Decimal().ShouldBe(60m);
        year["targetProrated"]!.GetValue<bool>().ShouldBeTrue();
        year["monthsOfMembership"]!.GetValue<int>().ShouldBe(9);
        year["targetBasis"]!.GetValue<string>().ShouldContain("Pro-rated");
        year["met"]!.GetValue<bool>().ShouldBeTrue();

        var before = await api.CadreYear(staffNo, 2024);
        before["applies"]!.GetValue<bool>().ShouldBeFalse();
        before["checks"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Views_of_unknown_cadres_are_404_and_a_bad_year_400()
    {
        var client = api.Client();
        await (await client.GetAsync("/api/v1/learning/cadres/NO-SUCH?year=2025")).Problem(HttpStatusCode.NotFound);
        await (await client.GetAsync("/api/v1/cadres/NO-SUCH/study-hours?year=2025")).Problem(HttpStatusCode.NotFound);
        var staffNo = await client.Cadre(await client.Unit());
        await (await client.GetAsync($"/api/v1/learning/cadres/{staffNo}?year=20250")).Problem(HttpStatusCode.BadRequest, "year");
        (await client.GetJson($"/api/v1/learning/cadres/{staffNo}"))["year"]!.GetValue<int>().ShouldBeGreaterThan(2025);
    }

    [Fact]
    public async Task A_unit_key_may_not_log_hours_for_a_cadre_of_another_unit()
    {
        var admin = api.Client();
        var city = await admin.Unit();
        var countyA = await admin.Unit("CountyBureau", city);
        var countyB = await admin.Unit("CountyBureau", city);
        var inB = await admin.Cadre(countyB);
        var keyName = Ids.Next("k");
        var key = (await (await admin.PostJson("/api/v1/admin/api-keys", new { name = keyName, role = "UnitWriter", unitCode = countyA }))
            .Json(HttpStatusCode.Created))["key"]!.GetValue<string>();

        await (await api.Client(apiKey: key).LogHours(inB, 1, "2025-01-02")).Problem(HttpStatusCode.Forbidden);
        (await admin.GetJson($"/api/v1/cadres/{inB}/history")).AsArray().Count.ShouldBe(1);
    }
}
