using System.Text.Json.Nodes;

namespace CapabilityOps.Talent.Tests.Staffing;

[Collection(ApiCollection.Name)]
public class StaffingApiTests(ApiFixture api)
{
    private static Task<HttpResponseMessage> Quota(HttpClient client, string unit, object quota) =>
        client.PutAsync($"/api/v1/units/{unit}/staffing-quota",
            new StringContent(System.Text.Json.JsonSerializer.Serialize(new { quota, effectiveOn = "2025-01-01" }), System.Text.Encoding.UTF8, "application/json"));

    private static Task<HttpResponseMessage> Campaign(HttpClient client, string unit, int posts, string kind = "OpenRecruitment") =>
        client.PostJson("/api/v1/recruitment-campaigns", new { kind, unitCode = unit, posts, opensOn = "2025-09-01" });

    [Fact]
    public async Task Vacancies_count_the_members_campaigns_cannot_open_beyond_them_and_hires_name_registered_cadres()
    {
        var client = api.Client();
        var unit = await client.Unit();
        for (var i = 0; i < 3; i++) await client.Cadre(unit);
        var left = await client.Cadre(unit);
        await (await client.PostJson($"/api/v1/cadres/{left}/departures", new { kind = "Resigned", effectiveOn = "2025-06-30" })).Json(HttpStatusCode.Created);
        await client.Cadre(await client.Unit("Department", unit)); // a unit below does not count in this unit's staffing

        (await client.GetJson($"/api/v1/units/{unit}/vacancies"))["quota"].ShouldBeNull();
        var set = await (await Quota(client, unit, 5)).Json(HttpStatusCode.OK);
        (set["quota"]!.GetValue<int>(), set["staffed"]!.GetValue<int>(), set["vacancies"]!.GetValue<int>()).ShouldBe((5, 3, 2));
        var before = await api.CountEvents();
        await (await Quota(client, unit, -1)).Problem(HttpStatusCode.BadRequest, "quota");

        await (await Campaign(client, unit, 3)).Problem(HttpStatusCode.Conflict);
        await (await Campaign(client, unit, 0)).Problem(HttpStatusCode.BadRequest, "posts");
        await (await Campaign(client, unit, 1, "Headhunting")).Problem(HttpStatusCode.BadRequest, "kind");
        (await api.CountEvents()).ShouldBe(before);

        var campaign = (await (await Campaign(client, unit, 2, "Selection")).Json(HttpStatusCode.Created))["id"]!.GetValue<string>();
        // Its two posts hold the two vacancies until hires fill them.
        (await (await Campaign(client, unit, 1)).Problem(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("2 posts held by open campaigns");

        before = await api.CountEvents();
        await (await client.PostJson($"/api/v1/recruitment-campaigns/{campaign}/hires", new { staffNo = "NO-SUCH-CADRE", degree = "Master", background = "南京大学" }))
            .Problem(HttpStatusCode.BadRequest, "staffNo");
        await (await client.PostJson($"/api/v1/recruitment-campaigns/{Guid.NewGuid()}/hires", new { staffNo = left, degree = "Master", background = "x" }))
            .Problem(HttpStatusCode.NotFound);
        (await api.CountEvents()).ShouldBe(before);

        var hired = await client.Cadre(unit, joinedOn: "2025-10-01", education: "Master");
        var hire = await (await client.PostJson($"/api/v1/recruitment-campaigns/{campaign}/hires",
            new { staffNo = hired, degree = "Master", background = "南京大学环境科学专业" })).Json(HttpStatusCode.Created);
        (hire["posts"]!.GetValue<int>(), hire["hired"]!.GetValue<int>()).ShouldBe((2, 1));
        await (await client.PostJson($"/api/v1/recruitment-campaigns/{campaign}/hires", new { staffNo = hired, degree = "Master", background = "x" }))
            .Problem(HttpStatusCode.Conflict);

        var now = await client.GetJson($"/api/v1/units/{unit}/vacancies");
        (now["staffed"]!.GetValue<int>(), now["vacancies"]!.GetValue<int>(), now["openPosts"]!.GetValue<int>()).ShouldBe((4, 1, 1));
        await (await client.PostJson($"/api/v1/recruitment-campaigns/{campaign}/hires",
            new { staffNo = await client.Cadre(unit), degree = "Doctorate", background = "x" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/recruitment-campaigns/{campaign}/hires",
            new { staffNo = await client.Cadre(unit), degree = "Bachelor", background = "x" })).Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Concurrent_campaigns_for_the_last_vacancies_open_one_and_refuse_the_others()
    {
        var client = api.Client();
        var unit = await client.Unit();
        await (await Quota(client, unit, 3)).Json(HttpStatusCode.OK);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Campaign(api.Client(), unit, 2)));
        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).ShouldBe(3);
        (await client.GetJson($"/api/v1/units/{unit}/vacancies"))["openPosts"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task A_key_outside_the_unit_can_neither_open_a_campaign_nor_hire_for_it()
    {
        var admin = api.Client();
        var city = await admin.Unit();
        var county = await admin.Unit("CountyBureau", city);
        await (await Quota(admin, city, 10)).Json(HttpStatusCode.OK);
        var campaign = (await (await Campaign(admin, city, 1)).Json(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var writer = api.Client(apiKey: await api.IssueKey("UnitWriter", county));

        var before = await api.CountEvents();
        await (await Campaign(writer, city, 1)).Problem(HttpStatusCode.Forbidden);
        await (await writer.PostJson($"/api/v1/recruitment-campaigns/{campaign}/hires", new { staffNo = await admin.Cadre(county), degree = "Master", background = "x" }))
            .Problem(HttpStatusCode.Forbidden);
        (await api.CountEvents()).ShouldBe(before + 1); // the cadre registered for the attempt
    }
}
