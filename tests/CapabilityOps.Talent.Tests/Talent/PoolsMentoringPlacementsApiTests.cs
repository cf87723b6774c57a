using System.Text.Json.Nodes;

namespace CapabilityOps.Talent.Tests.Talent;

[Collection(ApiCollection.Name)]
public class PoolsMentoringPlacementsApiTests(ApiFixture api)
{
    private static IEnumerable<string> StaffNos(JsonNode members) => members.AsArray().Select(m => m!["staffNo"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task A_pool_s_members_on_a_day_and_as_recorded_before_an_exit()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var first = await client.Cadre(unit);
        var second = await client.Cadre(unit);
        const string pool = "/api/v1/talent-pools/FinancialManagement";

        var entered = await (await client.PostJson($"{pool}/members", new { staffNo = first, since = "2024-03-01", reason = "年度遴选" })).Json(HttpStatusCode.Created);
        entered["since"]!.GetValue<string>().ShouldBe("2024-03-01");
        await (await client.PostJson($"{pool}/members", new { staffNo = second, since = "2024-06-01", reason = "年度遴选" })).Json(HttpStatusCode.Created);
        var before = await api.CountEvents();
        await (await client.PostJson($"{pool}/members", new { staffNo = first, since = "2024-07-01", reason = "again" })).Problem(HttpStatusCode.Conflict);
        await (await client.PostJson($"{pool}/members", new { staffNo = "NO-SUCH-CADRE", since = "2024-07-01", reason = "x" })).Problem(HttpStatusCode.BadRequest, "staffNo");
        await (await client.PostJson($"{pool}/members", new { staffNo = second, since = "2009-01-01", reason = "x" })).Problem(HttpStatusCode.BadRequest, "since");
        await (await client.PostJson("/api/v1/talent-pools/Astrology/members", new { staffNo = second, since = "2024-07-01", reason = "x" })).Problem(HttpStatusCode.NotFound);
        await (await client.PostJson($"{pool}/exits", new { staffNo = first, on = "2024-02-01", reason = "x" })).Problem(HttpStatusCode.BadRequest, "on");
        (await api.CountEvents()).ShouldBe(before);

        await Task.Delay(20);
        var beforeExit = Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"));
        await Task.Delay(20);
        await (await client.PostJson($"{pool}/exits", new { staffNo = first, on = "2025-01-01", reason = "年度复核未通过" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"{pool}/exits", new { staffNo = first, on = "2025-02-01", reason = "x" })).Problem(HttpStatusCode.Conflict);

        StaffNos(await client.GetJson(pool)).ShouldContain(second);
        StaffNos(await client.GetJson(pool)).ShouldNotContain(first);
        StaffNos(await client.GetJson($"{pool}?onDate=2024-12-31")).ShouldContain(first);
        StaffNos(await client.GetJson($"{pool}?onDate=2024-04-01")).ShouldNotContain(second);
        // As recorded before the exit: still a member today.
        var asRecorded = await client.GetJson($"{pool}?asOf={beforeExit}");
        StaffNos(asRecorded).ShouldContain(first);
        asRecorded.AsArray().Single(m => m!["staffNo"]!.GetValue<string>() == first)!["reason"]!.GetValue<string>().ShouldBe("年度遴选");
        await (await client.GetAsync("/api/v1/talent-pools/Astrology")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_mentor_at_section_level_or_titled_pairs_with_new_staff_and_the_pair_ends()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var section = await client.Cadre(unit, "SectionLevel");
        var staff = await client.Cadre(unit);
        var titledStaff = await client.Cadre(unit);
        await (await client.PostJson($"/api/v1/cadres/{titledStaff}/titles",
            new { kind = "PostExpert", level = "Bureau", title = "岗位能手", conferredOn = "2025-01-10" })).Json(HttpStatusCode.Created);
        var newcomer = await client.Cadre(unit, joinedOn: "2024-09-01");
        var another = await client.Cadre(unit, joinedOn: "2025-01-01");
        var veteran = await client.Cadre(unit, joinedOn: "2020-01-01");

        var before = await api.CountEvents();
        await (await client.PostJson("/api/v1/mentorships", new { mentor = staff, mentee = newcomer, from = "2025-03-01" })).Problem(HttpStatusCode.BadRequest, "mentor");
        await (await client.PostJson("/api/v1/mentorships", new { mentor = section, mentee = veteran, from = "2025-03-01" })).Problem(HttpStatusCode.BadRequest, "mentee");
        await (await client.PostJson("/api/v1/mentorships", new { mentor = section, mentee = section, from = "2025-03-01" })).Problem(HttpStatusCode.BadRequest, "mentee");
        await (await client.PostJson("/api/v1/mentorships", new { mentor = "NO-SUCH", mentee = newcomer, from = "2025-03-01" })).Problem(HttpStatusCode.BadRequest, "mentor");
        // The title counts from the day it was conferred.
        await (await client.PostJson("/api/v1/mentorships", new { mentor = titledStaff, mentee = another, from = "2025-01-05" })).Problem(HttpStatusCode.BadRequest, "mentor");
        (await api.CountEvents()).ShouldBe(before);

        var pair = (await (await client.PostJson("/api/v1/mentorships", new { mentor = section, mentee = newcomer, from = "2025-03-01" })).Json(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await (await client.PostJson("/api/v1/mentorships", new { mentor = titledStaff, mentee = another, from = "2025-02-01" })).Json(HttpStatusCode.Created);
        await (await client.PostJson("/api/v1/mentorships", new { mentor = titledStaff, mentee = newcomer, from = "2025-03-01" })).Problem(HttpStatusCode.Conflict);

        await (await client.PostJson($"/api/v1/mentorships/{pair}/end", new { on = "2025-02-01" })).Problem(HttpStatusCode.BadRequest, "on");
        var ended = await (await client.PostJson($"/api/v1/mentorships/{pair}/end", new { on = "2026-02-28" })).Json(HttpStatusCode.OK);
        ended["endedOn"]!.GetValue<string>().ShouldBe("2026-02-28");
        await (await client.PostJson($"/api/v1/mentorships/{pair}/end", new { on = "2026-02-28" })).Problem(HttpStatusCode.Conflict);
        await (await client.PostJson($"/api/v1/mentorships/{Guid.NewGuid()}/end", new { on = "2026-02-28" })).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_placement_is_a_fact_in_the_cadre_s_history_and_the_current_one_is_marked()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());
        var past = await (await client.PostJson($"/api/v1/cadres/{staffNo}/placements",
            new { kind = "Rotation", direction = "Lateral", hostOrganisation = "规财科", from = "2023-01-01", to = "2023-12-31" })).Json(HttpStatusCode.Created);
        var current = await (await client.PostJson($"/api/v1/cadres/{staffNo}/placements",
            new { kind = "TemporaryPost", direction = "Down", hostOrganisation = "某县生态环境分局", from = "2025-03-01" })).Json(HttpStatusCode.Created);

        var before = await api.CountEvents();
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/placements",
            new { kind = "Secondment", direction = "Up", hostOrganisation = "省生态环境厅", from = "2025-03-01", to = "2025-02-01" })).Problem(HttpStatusCode.BadRequest, "to");
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/placements",
            new { kind = "Holiday", direction = "Sideways", hostOrganisation = "x", from = "2025-03-01" })).Problem(HttpStatusCode.BadRequest, "kind");
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/placements",
            new { kind = "Shadowing", direction = "Up", hostOrganisation = "x", from = "2099-03-01" })).Problem(HttpStatusCode.BadRequest, "from");
        (await api.CountEvents()).ShouldBe(before);

        var placements = (await client.GetJson($"/api/v1/cadres/{staffNo}/placements")).AsArray();
        placements.Select(p => (p!["id"]!.GetValue<string>(), p["current"]!.GetValue<bool>()))
            .ShouldBe([(current["id"]!.GetValue<string>(), true), (past["id"]!.GetValue<string>(), false)]);
        (await client.GetJson($"/api/v1/cadres/{staffNo}/history")).AsArray().Select(e => e!["type"]!.GetValue<string>()).ShouldContain("CadrePlaced");
        await (await client.GetAsync("/api/v1/cadres/NO-SUCH-CADRE/placements")).Problem(HttpStatusCode.NotFound);
    }
}
