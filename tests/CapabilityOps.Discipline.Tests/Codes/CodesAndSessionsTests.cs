using System.Text.Json.Nodes;

namespace CapabilityOps.Discipline.Tests.Codes;

/// <summary>Codes of conduct and their acknowledgement (DSC-1), discipline sessions and the DSC indicator (DSC-2) over HTTP.</summary>
[Collection(ApiCollection.Name)]
public class CodesAndSessionsTests(ApiFixture api)
{
    private static List<string> Strings(JsonNode node) => node.AsArray().Select(n => n!.GetValue<string>()).ToList();

    [Fact]
    public async Task Acknowledgements_are_listed_per_unit_and_a_version_for_section_level_cadres_cannot_be_acknowledged_by_staff()
    {
        var admin = api.Client();
        var city = await admin.Unit();
        var county = await admin.Unit("CountyBureau", city);
        var section = await admin.Unit("Department", county);
        var chief = await admin.Cadre(county, "SectionLevel", joinedOn: "2015-01-01");
        var staff = await admin.Cadre(section, "Staff", joinedOn: "2015-01-01");
        var other = await admin.Cadre(section, "Leader", joinedOn: "2015-01-01");
        var elsewhere = await admin.Cadre(city, "SectionLevel", joinedOn: "2015-01-01");
        var (work, rules) = (Ids.Next("KJGF"), Ids.Next("ZFJL"));
        (await (await admin.PostJson("/api/v1/codes-of-conduct", new { version = work, title = "科级以上干部工作规范", effectiveOn = "2020-06-01", appliesTo = "SectionLevelAndAbove" }))
            .Json(HttpStatusCode.Created))["appliesTo"]!.GetValue<string>().ShouldBe("SectionLevelAndAbove");
        await (await admin.PostJson("/api/v1/codes-of-conduct", new { version = rules, title = "作风纪律规定", effectiveOn = "2020-12-01", appliesTo = "All" }))
            .Json(HttpStatusCode.Created);
        await (await admin.PostJson("/api/v1/codes-of-conduct", new { version = rules, title = "again", effectiveOn = "2020-12-01", appliesTo = "All" }))
            .Problem(HttpStatusCode.Conflict);

        var writer = api.Client(apiKey: await api.IssueKey("UnitWriter", county));
        await (await writer.PostJson($"/api/v1/cadres/{chief}/code-acknowledgements", new { version = work, on = "2021-01-05" })).Json(HttpStatusCode.Created);
        await (await writer.PostJson($"/api/v1/cadres/{staff}/code-acknowledgements", new { version = rules, on = "2021-01-05" })).Json(HttpStatusCode.Created);

        var before = await api.CountEvents();
        await (await writer.PostJson($"/api/v1/cadres/{staff}/code-acknowledgements", new { version = work, on = "2021-01-05" }))
            .Problem(HttpStatusCode.BadRequest, "version");
        await (await writer.PostJson($"/api/v1/cadres/{staff}/code-acknowledgements", new { version = rules, on = "2021-02-05" }))
            .Problem(HttpStatusCode.Conflict);
        await (await writer.PostJson($"/api/v1/cadres/{chief}/code-acknowledgements", new { version = rules, on = "2020-11-30" }))
            .Problem(HttpStatusCode.BadRequest, "on");
        await (await writer.PostJson($"/api/v1/cadres/{chief}/code-acknowledgements", new { version = rules, on = "2999-01-01" }))
            .Problem(HttpStatusCode.BadRequest, "on");
        await (await writer.PostJson($"/api/v1/cadres/{chief}/code-acknowledgements", new { version = "NO-SUCH", on = "2021-01-05" }))
            .Problem(HttpStatusCode.BadRequest, "version");
        await (await writer.PostJson($"/api/v1/cadres/{elsewhere}/code-acknowledgements", new { version = rules, on = "2021-01-05" }))
            .Problem(HttpStatusCode.Forbidden);
        (await api.CountEvents()).ShouldBe(before);

        var reader = api.Client(apiKey: await api.IssueKey("Reader", county));
        var forWork = await reader.GetJson($"/api/v1/codes-of-conduct/{work}/acknowledgements");
        Strings(forWork["due"]!).ShouldBe(new[] { chief, other }.Order(StringComparer.Ordinal).ToList(), "the key's unit by default; staff are not due");
        Strings(forWork["acknowledged"]!).ShouldBe([chief]);
        Strings(forWork["missing"]!).ShouldBe([other]);
        var forRules = await admin.GetJson($"/api/v1/codes-of-conduct/{rules}/acknowledgements?unit={section}");
        Strings(forRules["due"]!).ShouldBe(new[] { staff, other }.Order(StringComparer.Ordinal));
        Strings(forRules["acknowledged"]!).ShouldBe([staff]);
        Strings(forRules["missing"]!).ShouldBe([other]);
        Strings((await admin.GetJson($"/api/v1/codes-of-conduct/{rules}/acknowledgements?unit={city}"))["missing"]!)
            .ShouldBe(new[] { chief, other, elsewhere }.Order(StringComparer.Ordinal));

        await (await reader.GetAsync($"/api/v1/codes-of-conduct/{rules}/acknowledgements?unit={city}")).Problem(HttpStatusCode.Forbidden);
        await (await reader.GetAsync($"/api/v1/codes-of-conduct/NO-SUCH/acknowledgements")).Problem(HttpStatusCode.NotFound);
        await (await admin.GetAsync($"/api/v1/codes-of-conduct/{rules}/acknowledgements")).Problem(HttpStatusCode.BadRequest, "unit");
        await (await admin.PostJson("/api/v1/codes-of-conduct", new { version = Ids.Next("V"), title = "x", effectiveOn = "2020-12-01", appliesTo = "Everyone" }))
            .Problem(HttpStatusCode.BadRequest, "appliesTo");
        await (await writer.PostJson("/api/v1/codes-of-conduct", new { version = Ids.Next("V"), title = "x", effectiveOn = "2020-12-01", appliesTo = "All" }))
            .Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_session_s_attendees_must_be_in_the_unit_s_subtree_and_each_gets_it_in_their_history()
    {
        var admin = api.Client();
        var city = await admin.Unit();
        var county = await admin.Unit("CountyBureau", city);
        var other = await admin.Unit("CountyBureau", city);
        var inside = await admin.Cadre(county);
        var outside = await admin.Cadre(other);
        var officer = api.Client(apiKey: await api.IssueKey("DisciplineOfficer", county));

        var before = await api.CountEvents();
        await (await officer.PostJson($"/api/v1/units/{county}/discipline-sessions", new { kind = "WarningEducation", title = "警示教育", heldOn = "2025-03-01", attendees = new[] { inside, outside } }))
            .Problem(HttpStatusCode.BadRequest, "attendees");
        await (await officer.PostJson($"/api/v1/units/{county}/discipline-sessions", new { kind = "WarningEducation", title = "警示教育", heldOn = "2025-03-01", attendees = new[] { "NO-SUCH" } }))
            .Problem(HttpStatusCode.BadRequest, "attendees");
        await (await officer.PostJson($"/api/v1/units/{county}/discipline-sessions", new { kind = "Picnic", title = "x", heldOn = "2999-03-01", attendees = new[] { inside } }))
            .Problem(HttpStatusCode.BadRequest, "kind");
        await (await officer.PostJson($"/api/v1/units/{county}/discipline-sessions", new { kind = "WarningEducation", title = "x", heldOn = "2999-03-01", attendees = new[] { inside } }))
            .Problem(HttpStatusCode.BadRequest, "heldOn");
        await (await officer.PostJson($"/api/v1/units/{other}/discipline-sessions", new { kind = "WarningEducation", title = "x", heldOn = "2025-03-01", attendees = new[] { outside } }))
            .Problem(HttpStatusCode.Forbidden);
        (await api.CountEvents()).ShouldBe(before);

        var held = await (await officer.PostJson($"/api/v1/units/{county}/discipline-sessions",
            new { kind = "WarningEducation", title = "警示教育大会", heldOn = "2025-03-01", attendees = new[] { inside, inside } })).Json(HttpStatusCode.Created);
        Strings(held["attendees"]!).ShouldBe([inside]);
        var writer = api.Client(apiKey: await api.IssueKey("UnitWriter", county));
        await (await writer.PostJson($"/api/v1/units/{county}/discipline-sessions", new { kind = "ThemeEducation", title = "主题教育", heldOn = "2025-04-01", attendees = Array.Empty<string>() }))
            .Json(HttpStatusCode.Created);
        var reader = api.Client(apiKey: await api.IssueKey("Reader", county));
        await (await reader.PostJson($"/api/v1/units/{county}/discipline-sessions", new { kind = "ThemeEducation", title = "主题教育", heldOn = "2025-04-01" }))
            .Problem(HttpStatusCode.Forbidden);

        var history = (await admin.GetJson($"/api/v1/cadres/{inside}/history?module=Discipline")).AsArray().ShouldHaveSingleItem()!;
        history["type"]!.GetValue<string>().ShouldBe("DisciplineSessionAttended");
        history["data"]!["sessionId"]!.GetValue<Guid>().ShouldBe(held["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task The_DSC_indicator_is_half_warning_education_and_half_no_sanction_and_a_small_unit_is_measured_on_warning_education_alone()
    {
        var admin = api.Client();
        var city = await admin.Unit();
        var large = await admin.Unit("CountyBureau", city);
        var small = await admin.Unit("CountyBureau", city);
        var quiet = await admin.Unit("CountyBureau", city);
        var many = new List<string>();
        for (var i = 0; i < 5; i++) many.Add(await admin.Cadre(large));
        var few = new[] { await admin.Cadre(small), await admin.Cadre(small) };
        await admin.Cadre(quiet);
        foreach (var (unit, attendee) in new[] { (large, many[0]), (small, few[0]) })
            await (await admin.PostJson($"/api/v1/units/{unit}/discipline-sessions", new { kind = "WarningEducation", title = "警示教育", heldOn = "2025-03-01", attendees = new[] { attendee } }))
                .Json(HttpStatusCode.Created);
        foreach (var cadre in new[] { many[1], few[1] })
            await (await admin.PostJson($"/api/v1/cadres/{cadre}/sanctions", new { severity = "Warning", imposedOn = "2025-05-01", violation = "保密内容" }))
                .Json(HttpStatusCode.Created);
        await api.WaitForReadModel();

        async Task<JsonNode?> Dsc(string unit) =>
            (await admin.GetJson($"/api/v1/appraisals/units/{unit}?year=2025"))["indicators"]!.AsArray().SingleOrDefault(i => i!["id"]!.GetValue<string>() == "DSC");
        (await Dsc(large))!["value"]!.GetValue<decimal>().ShouldBe(0.5m);
        var smallDsc = (await Dsc(small))!;
        smallDsc["value"]!.GetValue<decimal>().ShouldBe(1m, "fewer than 5 cadres: the sanction must not show");
        smallDsc["detail"]!.GetValue<string>().ShouldNotContain("sanction");
        (await Dsc(quiet)).ShouldBeNull("no discipline facts: left out");
        (await admin.GetJson($"/api/v1/appraisals/units/{quiet}?year=2025"))["leftOut"]!.AsArray().Select(l => l!["id"]!.GetValue<string>()).ShouldContain("DSC");
        // The city's subtree holds both sessions and both sanctions, and more than 5 cadres.
        (await Dsc(city))!["value"]!.GetValue<decimal>().ShouldBe(0.5m);
    }
}
