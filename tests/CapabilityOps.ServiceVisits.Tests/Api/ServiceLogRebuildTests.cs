namespace CapabilityOps.ServiceVisits.Tests.Api;

/// <summary>
/// The service log is rebuilt outside the daemon (ServiceLogRebuild): one read of its events, folded per cadre. What it
/// writes must be what the inline projection wrote as the facts came in, column for column.
/// </summary>
[Collection(ApiCollection.Name)]
public class ServiceLogRebuildTests(ApiFixture api)
{
    [Fact]
    public async Task Rebuilding_writes_the_logs_the_projection_wrote()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var (leader, other) = (await client.Cadre(unit, "Leader"), await client.Cadre(unit, "SectionLevel"));
        await client.Visit(leader, "2025-04-01", "2025-04-10");
        var mistaken = (await client.Visit(leader, "2025-04-05", "2025-04-20")).Str("id");
        await (await client.PostJson($"/api/v1/cadres/{leader}/grassroots-visits/{mistaken}/revocations", new { reason = "日期填错" })).Json(HttpStatusCode.Created);
        await client.Assist(leader, "巴中某某水泥有限公司", "2025-02-01");
        await client.Article(leader, "2025-06-01");
        await client.Suggestion(other, "2025-07-01");
        await client.Visit(other, "2024-11-01", "2024-11-03", "Enterprise");

        var logsSql = $"select id, data::text, mt_version, mt_dotnet_type, staff_no from capops.mt_doc_cadreservicelog where staff_no in ('{leader}', '{other}') order by id";
        var before = await api.Database.Rows(logsSql);
        before.Count.ShouldBe(2);
        var year = (await client.Year(leader, 2025)).ToJsonString();

        await (await client.PostAsync("/api/v1/admin/projections/rebuild", null)).Json(HttpStatusCode.OK);

        (await api.Database.Rows(logsSql)).ShouldBe(before);
        (await client.Year(leader, 2025)).ToJsonString().ShouldBe(year);
        // The next fact applies to the rebuilt log.
        await client.Visit(leader, "2025-05-01", "2025-05-02");
        (await client.Year(leader, 2025)).Int("days.total").ShouldBe(12);
    }
}
