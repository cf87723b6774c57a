using System.Text.Json.Nodes;

namespace CapabilityOps.Learning.Tests.Sessions;

[Collection(ApiCollection.Name)]
public class CompetitionAndGroupApiTests(ApiFixture api)
{
    private async Task<JsonNode> UnitYear(string unit, int year)
    {
        await api.WaitForProjections();
        return await api.Client().GetJson($"/api/v1/learning/units/{unit}?year={year}");
    }

    [Fact]
    public async Task A_knowledge_competition_with_participants_and_results_meets_LRN_4()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var a = await client.Cadre(unit, name: "王芳");
        var b = await client.Cadre(unit);
        (await UnitYear(unit, 2025))["checks"]!.AsArray().Single(c => c!["rule"]!.GetValue<string>() == "LRN-4")!["met"]!.GetValue<bool>().ShouldBeFalse();

        var created = await (await client.PostJson($"/api/v1/units/{unit}/competitions", new
        {
            kind = "KnowledgeCompetition", heldOn = "2025-06-30", topic = "党的知识和生态环境业务知识竞赛",
            participants = new object[] { new { staffNo = a, award = "一等奖", score = 98.5 }, new { staffNo = b } },
        })).Json(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<Guid>();
        created["participants"]!.AsArray().Count.ShouldBe(2);

        // b's result comes later; repeating it changes nothing.
        var body = new { participants = new object[] { new { staffNo = b, award = "二等奖", score = 90 } } };
        var updated = await (await client.PostJson($"/api/v1/units/{unit}/competitions/{id}/participants", body)).Json(HttpStatusCode.OK);
        updated["participants"]!.AsArray().Single(p => p!["staffNo"]!.GetValue<string>() == b)!["award"]!.GetValue<string>().ShouldBe("二等奖");
        await (await client.PostJson($"/api/v1/units/{unit}/competitions/{id}/participants", body)).Json(HttpStatusCode.OK);

        var year = await UnitYear(unit, 2025);
        year["knowledgeCompetitions"]!.GetValue<int>().ShouldBe(1);
        year["competitionsByKind"]!["KnowledgeCompetition"]!.GetValue<int>().ShouldBe(1);
        year["checks"]!.AsArray().Single(c => c!["rule"]!.GetValue<string>() == "LRN-4")!["met"]!.GetValue<bool>().ShouldBeTrue();
        year["competitions"]![0]!["participants"]!.GetValue<int>().ShouldBe(2);

        var historyB = (await client.GetJson($"/api/v1/cadres/{b}/history")).AsArray().Select(h => h!["type"]!.GetValue<string>()).ToList();
        historyB.ShouldBe(["CadreRegistered", "CompetitionEntered", "CompetitionResultRecorded"]);
        (await api.CadreYear(a, 2025))["competitionsEntered"]!.GetValue<int>().ShouldBe(1);
        var read = await client.GetJson($"/api/v1/units/{unit}/competitions/{id}");
        read["participants"]!.AsArray().Single(p => p!["staffNo"]!.GetValue<string>() == a)!["score"].Decimal().ShouldBe(98.5m);
    }

    [Fact]
    public async Task Speech_writing_and_party_rules_contests_are_counted_by_kind_LRN_6_7()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var a = await client.Cadre(unit);
        foreach (var (kind, topic) in new[] { ("SpeechContest", "我为生态代言"), ("WritingContest", "环保征文"), ("PartyRulesContest", "七一党章党规知识竞赛") })
            await (await client.PostJson($"/api/v1/units/{unit}/competitions", new { kind, heldOn = "2025-07-01", topic, participants = new[] { new { staffNo = a } } }))
                .Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/units/{unit}/competitions", new { kind = "Quiz", heldOn = "2025-07-01", topic = "x" })).Problem(HttpStatusCode.BadRequest, "kind");
        await (await client.PostJson($"/api/v1/units/{unit}/competitions", new { kind = "SpeechContest", heldOn = "2025-07-01", topic = "x", participants = new[] { new { staffNo = "NO-SUCH" } } }))
            .Problem(HttpStatusCode.BadRequest, "participants");

        var year = await UnitYear(unit, 2025);
        year["competitionsByKind"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<int>())
            .ShouldBe(new Dictionary<string, int> { ["KnowledgeCompetition"] = 0, ["SpeechContest"] = 1, ["WritingContest"] = 1, ["PartyRulesContest"] = 1 });
        year["knowledgeCompetitions"]!.GetValue<int>().ShouldBe(0);
        (await api.CadreYear(a, 2025))["competitionsEntered"]!.GetValue<int>().ShouldBe(3);
        (await client.GetJson($"/api/v1/units/{unit}/competitions?year=2025")).AsArray().Count.ShouldBe(3);
    }

    [Fact]
    public async Task Interest_groups_keep_their_members_over_time_LRN_6()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var a = await client.Cadre(unit, name: "张伟");
        var b = await client.Cadre(unit);
        var c = await client.Cadre(unit);
        var group = await (await client.PostJson($"/api/v1/units/{unit}/interest-groups",
            new { name = "文学兴趣小组", kind = "Literature", formedOn = "2024-03-01", members = new[] { a, b } })).Json(HttpStatusCode.Created);
        var id = group["id"]!.GetValue<Guid>();
        group["members"]!.AsArray().Count.ShouldBe(2);

        var joined = await (await client.PostJson($"/api/v1/units/{unit}/interest-groups/{id}/members", new { members = new[] { c, a }, joinedOn = "2025-02-01" }))
            .Json(HttpStatusCode.OK);
        joined["members"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldBe([a, b, c]);
        var left = await (await client.PostJson($"/api/v1/units/{unit}/interest-groups/{id}/departures", new { staffNo = b, leftOn = "2024-12-31" }))
            .Json(HttpStatusCode.OK);
        left["members"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldBe([a, c]);
        await (await client.PostJson($"/api/v1/units/{unit}/interest-groups/{id}/departures", new { staffNo = b, leftOn = "2025-01-31" })).Problem(HttpStatusCode.Conflict);
        // Joining again changes nothing: c's membership keeps its first day.
        (await (await client.PostJson($"/api/v1/units/{unit}/interest-groups/{id}/members", new { members = new[] { c }, joinedOn = "2025-03-01" }))
            .Json(HttpStatusCode.OK))["memberships"]!.AsArray().Single(m => m!["staffNo"]!.GetValue<string>() == c)!["joinedOn"]!.GetValue<string>().ShouldBe("2025-02-01");
        await (await client.PostJson($"/api/v1/units/{unit}/interest-groups/{id}/members", new { members = new[] { "NO-SUCH" }, joinedOn = "2025-01-01" }))
            .Problem(HttpStatusCode.BadRequest, "members");
        await (await client.PostJson($"/api/v1/units/{unit}/interest-groups/{id}/members", new { members = new[] { b }, joinedOn = "2020-01-01" }))
            .Problem(HttpStatusCode.BadRequest, "joinedOn");

        var y2024 = (await UnitYear(unit, 2024))["interestGroups"]!.AsArray().Single()!;
        y2024["name"]!.GetValue<string>().ShouldBe("文学兴趣小组");
        y2024["members"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldBe([a, b]);
        (await UnitYear(unit, 2025))["interestGroups"]![0]!["members"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldBe([a, c]);
        (await UnitYear(unit, 2023))["interestGroups"]!.AsArray().ShouldBeEmpty();

        var historyB = (await client.GetJson($"/api/v1/cadres/{b}/history")).AsArray().Select(h => h!["type"]!.GetValue<string>()).ToList();
        historyB.ShouldBe(["CadreRegistered", "InterestGroupJoined", "InterestGroupLeft"]);
        (await client.GetJson($"/api/v1/units/{unit}/interest-groups")).AsArray().Count.ShouldBe(1);
    }
}
