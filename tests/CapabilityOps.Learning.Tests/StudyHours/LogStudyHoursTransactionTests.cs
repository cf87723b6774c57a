using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using System.Net.Http.Json;
using CapabilityOps.Learning.StudyHours;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.Learning.Tests.StudyHours;

/// <summary>
/// POST study-hours writes in a SQL transaction of its own ([OwnTransaction]), not through Marten's session: its rows must be
/// what Marten's append and the inline projection write, and the Idempotency-Key must behave as on every other POST.
/// </summary>
[Collection(ApiCollection.Name)]
public class LogStudyHoursTransactionTests(ApiFixture api)
{
    private static HttpRequestMessage Log(string staffNo, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cadres/{staffNo}/study-hours") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static object Body(decimal hours = 1.5m, string externalId = "K-1") =>
        new { hours, studiedOn = "2025-05-06", channel = "Online", source = "学习强国", topic = "第二讲", externalId };

    [Fact]
    public async Task The_route_writes_the_rows_Martens_append_and_the_inline_projection_write()
    {
        var client = api.Client("xuexi-platform");
        var unit = await client.Unit();
        var (viaRoute, viaMarten) = (await client.Cadre(unit), await client.Cadre(unit));
        var recordId = await client.LoggedHours(viaRoute, 1.5m, "2025-05-06", "Online", "学习强国", "第二讲", "K-1");
        var stamp = await Rows($"select user_name, correlation_id from capops.mt_events where stream_id = 'cadre:{viaRoute}' and version = 2");

        // The same fact through Marten, stamped as the host stamps a request's session.
        var store = api.Host.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.LastModifiedBy = stamp[0].Split('|')[0];
            session.CorrelationId = stamp[0].Split('|')[1];
            session.SetHeader(RecordingHeaders.Source, "xuexi-platform");
            session.Events.Append(StreamKeys.Cadre(viaMarten), 2, new StudyHoursLogged(Guid.CreateVersion7(), viaMarten, 1.5m, new DateOnly(2025, 5, 6),
                StudyChannel.Online, "学习强国", "第二讲", "K-1", StudyHoursKeys.Duplicate(viaMarten, "学习强国", "K-1")));
            await session.SaveChangesAsync();
        }

        var events = await Rows("select e.type, e.mt_dotnet_type, e.tenant_id, e.user_name, e.headers::text, e.causation_id, e.is_archived, e.bdata is null, " +
            "e.correlation_id, e.data - 'recordId' - 'staffNo' - 'duplicateKey', s.version from capops.mt_events e join capops.mt_streams s on s.id = e.stream_id " +
            $"where e.stream_id in ('cadre:{viaRoute}', 'cadre:{viaMarten}') and e.version = 2");
        events.Count.ShouldBe(2);
        events.Distinct().ShouldHaveSingleItem();
        var entries = await Rows("select mt_dotnet_type, data - 'recordId' - 'staffNo' - 'duplicateKey', replace(day_key, data ->> 'staffNo', ''), " +
            $"replace(duplicate_key, data ->> 'staffNo', '') from capops.mt_doc_studyhoursentry where data ->> 'staffNo' in ('{viaRoute}', '{viaMarten}')");
        entries.Count.ShouldBe(2);
        entries.Distinct().ShouldHaveSingleItem();
        (await client.GetJson($"/api/v1/cadres/{viaRoute}/study-hours/{recordId}"))["topic"]!.GetValue<string>().ShouldBe("第二讲");
    }

    [Fact]
    public async Task A_repeat_with_the_same_key_gets_the_first_answer_and_records_once()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());
        var key = Ids.Next("idem");

        var first = await client.SendAsync(Log(staffNo, Body(), key));
        var id = (await first.Json(HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        var again = await client.SendAsync(Log(staffNo, Body(), key));

        (await again.Json(HttpStatusCode.Created))["id"]!.GetValue<Guid>().ShouldBe(id);
        again.Headers.Location.ShouldBe(first.Headers.Location);
        again.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        (await Rows($"select count(*) from capops.mt_events where stream_id = 'cadre:{staffNo}'")).ShouldBe(["2"]);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_records_nothing()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());
        var key = Ids.Next("idem");
        await (await client.SendAsync(Log(staffNo, Body(1.5m), key))).Json(HttpStatusCode.Created);

        await (await client.SendAsync(Log(staffNo, Body(2m, "K-2"), key))).Problem(HttpStatusCode.UnprocessableEntity);
        (await Rows($"select count(*) from capops.mt_doc_studyhoursentry where data ->> 'staffNo' = '{staffNo}'")).ShouldBe(["1"]);
    }

    [Fact]
    public async Task Concurrent_repeats_record_once_and_all_get_the_first_answer()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());
        var key = Ids.Next("idem");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.SendAsync(Log(staffNo, Body(), key))));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Json(HttpStatusCode.Created))["id"]!.GetValue<Guid>()));
        ids.Distinct().ShouldHaveSingleItem();
        (await Rows($"select count(*) from capops.mt_doc_studyhoursentry where data ->> 'staffNo' = '{staffNo}'")).ShouldBe(["1"]);
    }

    [Fact]
    public async Task A_repeat_of_a_refused_record_gets_the_refusal_not_a_new_decision()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var staffNo = Ids.Next("S");
        var key = Ids.Next("idem");
        await (await client.SendAsync(Log(staffNo, Body(), key))).Problem(HttpStatusCode.NotFound);

        await (await client.PostJson("/api/v1/cadres", Bureau.NewCadre(staffNo, unit))).Json(HttpStatusCode.Created);
        var again = await client.SendAsync(Log(staffNo, Body(), key));

        await again.Problem(HttpStatusCode.NotFound);
        again.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        (await Rows($"select count(*) from capops.mt_events where stream_id = 'cadre:{staffNo}'")).ShouldBe(["1"]);
    }

    [Fact]
    public async Task The_answer_commits_in_the_group_transaction_with_the_record_so_a_retry_after_a_lost_response_gets_it()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());
        var key = Ids.Next("idem");

        var first = await client.SendAsync(Log(staffNo, Body(), key));
        var firstBody = await first.Content.ReadAsStringAsync();
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        var fact = await Rows($"select xmin::text from capops.mt_events where stream_id = 'cadre:{staffNo}' and version = 2");
        (await Claim(key)).ShouldBe([$"201|{first.Content.Headers.ContentType}|{first.Headers.Location}|{firstBody}|{fact.Single()}"]);

        var retry = await client.SendAsync(Log(staffNo, Body(), key));
        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await retry.Content.ReadAsStringAsync()).ShouldBe(firstBody);
        retry.Content.Headers.ContentType.ShouldBe(first.Content.Headers.ContentType);
        retry.Headers.Location.ShouldBe(first.Headers.Location);
    }

    [Fact]
    public async Task A_decided_refusal_commits_with_its_claim_and_a_retry_gets_the_same_bytes()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());
        await (await client.SendAsync(Log(staffNo, Body(), Ids.Next("idem")))).Json(HttpStatusCode.Created);
        var key = Ids.Next("idem");

        // The same source and external id again: a duplicate, refused by the group's decision.
        var first = await client.SendAsync(Log(staffNo, Body(), key));
        var firstBody = await first.Content.ReadAsStringAsync();
        first.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        first.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        firstBody.ShouldContain("traceId");
        (await Claim(key)).Single().ShouldStartWith($"409|{first.Content.Headers.ContentType}||{firstBody}|");

        var retry = await client.SendAsync(Log(staffNo, Body(), key));
        retry.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await retry.Content.ReadAsStringAsync()).ShouldBe(firstBody);
        retry.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
    }

    private Task<List<string>> Claim(string key) => Rows(
        "select status, content_type, coalesce(location, ''), convert_from(body, 'UTF8'), xmin::text from capops.idempotency_claims " +
        $"where id like '%' || chr(10) || '{key}'");

    [Fact]
    public async Task An_invalid_or_out_of_scope_request_leaves_its_key_unclaimed()
    {
        var admin = api.Client();
        var (mine, other) = (await admin.Unit(), await admin.Unit());
        var (inScope, outOfScope) = (await admin.Cadre(mine), await admin.Cadre(other));
        var writer = api.Client(apiKey: await api.IssueKey("UnitWriter", mine));
        var key = Ids.Next("idem");

        await (await writer.SendAsync(Log(outOfScope, Body(), key))).Problem(HttpStatusCode.Forbidden);
        await (await writer.SendAsync(Log(outOfScope, new { hours = -1 }, key))).Problem(HttpStatusCode.Forbidden);
        await (await writer.SendAsync(Log(inScope, new { hours = 30, studiedOn = "2025-05-06" }, key))).Problem(HttpStatusCode.BadRequest, "hours");

        // None of those claimed the key: a new request with it is decided afresh.
        await (await writer.SendAsync(Log(inScope, Body(), key))).Json(HttpStatusCode.Created);
        (await Rows($"select count(*) from capops.mt_events where stream_id = 'cadre:{outOfScope}'")).ShouldBe(["1"]);
    }

    private Task<List<string>> Rows(string sql) => api.Database.Rows(sql);
}
