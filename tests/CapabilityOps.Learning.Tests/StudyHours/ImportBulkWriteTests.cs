using System.Text;
using CapabilityOps.Learning.StudyHours;
using Npgsql;

namespace CapabilityOps.Learning.Tests.StudyHours;

/// <summary>
/// The import writes its facts by COPY, outside Marten's append (StudyHoursWriter): what it writes must be
/// indistinguishable from what the single-record route writes — versions, metadata, the entry documents, the async
/// projection and the audit chain.
/// </summary>
[Collection(ApiCollection.Name)]
public class ImportBulkWriteTests(ApiFixture api)
{
    private const string Header = "staffNo,hours,studiedOn,channel,source,topic,externalId";

    [Fact]
    public async Task Imports_and_single_records_interleaved_on_one_cadre_keep_consecutive_versions_and_the_same_metadata()
    {
        var client = api.Client("xuexi-export");
        var unit = await client.Unit();
        var a = await client.Cadre(unit);
        var b = await client.Cadre(unit);

        await client.LoggedHours(a, 1, "2025-06-01", externalId: "ONE-1");
        await Import(client, $"{a},2,2025-06-02,Online,学习强国,第一讲,IMP-1\n{b},3,2025-06-02,Offline,党校,,IMP-2\n{a},1.5,2025-06-03,线下,党校,读书班,\n");
        await client.LoggedHours(a, 2, "2025-06-02", externalId: "ONE-2");
        await Import(client, $"{a},4,2025-06-04,Online,学习强国,,IMP-3\n");

        // An import batch is one fact per cadre (version 3 holds a's two rows of the first file); the history shows each record.
        var history = (await client.GetJson($"/api/v1/cadres/{a}/history")).AsArray();
        history.Select(h => h!["version"]!.GetValue<long>()).ShouldBe([1, 2, 3, 3, 4, 5]);
        var sequences = history.Select(h => h!["sequence"]!.GetValue<long>()).ToList();
        sequences.ShouldBe(sequences.Order().ToList());
        history.Skip(1).ShouldAllBe(h => h!["type"]!.GetValue<string>() == "StudyHoursLogged" && h["source"]!.GetValue<string>() == "xuexi-export"
                                         && h["recordedBy"]!.GetValue<string>().Length > 0 && h["correlationId"]!.GetValue<string>().Length > 0);
        history.Select(h => h!["importBatch"] is not null).ShouldBe([false, false, true, true, false, true]);
        history[2]!["importBatch"]!.GetValue<Guid>().ShouldBe(history[3]!["importBatch"]!.GetValue<Guid>());
        history[3]!["data"]!["topic"]!.GetValue<string>().ShouldBe("读书班");
        var bHistory = (await client.GetJson($"/api/v1/cadres/{b}/history")).AsArray();
        bHistory.Select(h => h!["version"]!.GetValue<long>()).ShouldBe([1, 2]);
        bHistory[1]!["importBatch"]!.GetValue<Guid>().ShouldBe(history[2]!["importBatch"]!.GetValue<Guid>());

        // Every column but the ids, the type, the business data and the times is what Marten wrote for the single record.
        var columns = await Rows($"select tenant_id, user_name, headers::text, causation_id, is_archived, bdata is null, " +
                                 $"length(correlation_id) from capops.mt_events where stream_id = 'cadre:{a}' and version > 1 order by version");
        columns.Distinct().ShouldHaveSingleItem();
        (await Rows($"select type from capops.mt_events where stream_id = 'cadre:{a}' and version > 1 order by version"))
            .ShouldBe(["study_hours_logged", "study_hours_imported", "study_hours_logged", "study_hours_imported"]);
        (await Rows($"select version::text from capops.mt_streams where id = 'cadre:{a}'")).ShouldBe(["5"]);

        // The entry documents serve the listing, the 24-hour rule and revocation as the inline projection's do.
        var records = (await client.GetJson($"/api/v1/cadres/{a}/study-hours?year=2025")).AsArray();
        records.Select(r => r!["hours"].Decimal()).ShouldBe([1m, 2m, 2m, 1.5m, 4m], ignoreOrder: true);
        records.Single(r => r!["externalId"]?.GetValue<string>() == "IMP-1")!["topic"]!.GetValue<string>().ShouldBe("第一讲");
        await (await client.LogHours(a, 20.5m, "2025-06-02")).Problem(HttpStatusCode.BadRequest, "hours");
        var imported = records.Single(r => r!["externalId"]?.GetValue<string>() == "IMP-3")!["id"]!.GetValue<Guid>();
        await (await client.PostJson($"/api/v1/cadres/{a}/study-hours/{imported}/revocations", new { reason = "重复录入" })).Json(HttpStatusCode.Created);

        var year = await api.CadreYear(a, 2025);
        year["hours"].Decimal().ShouldBe(6.5m);
        (await api.CadreYear(b, 2025))["hours"].Decimal().ShouldBe(3m);

        // The audit chain links the imported events like any other, once its subscription has caught up.
        await api.WaitForProjections();
        var report = await client.GetJson("/api/v1/audit/verify");
        report["verified"]!.GetValue<bool>().ShouldBeTrue(report.ToJsonString());
        var chained = await Rows($"select count(*)::text from capops.audit_chain where stream_id = 'cadre:{a}'");
        chained.ShouldBe(["6"]);
    }

    [Fact]
    public async Task Sending_an_imported_file_again_writes_no_event_and_no_entry()
    {
        var client = api.Client();
        var a = await client.Cadre(await client.Unit());
        var csv = string.Concat(Enumerable.Range(1, 30).Select(d => $"{a},1,2025-07-{d:D2},Online,学习强国,,\n"));
        (await Import(client, csv))["accepted"]!.GetValue<int>().ShouldBe(30);
        var events = await api.CountEvents();
        var entries = await Rows($"select count(*)::text from capops.mt_doc_studyhoursentry where data ->> 'staffNo' = '{a}'");
        var keys = await Rows($"select count(*)::text from capops.learning_imported_hours where day_key like '{a}|%'");
        keys.ShouldBe(["30"]);

        var again = await Import(client, csv);
        again["accepted"]!.GetValue<int>().ShouldBe(0);
        again["duplicates"]!.GetValue<int>().ShouldBe(30);
        (await api.CountEvents()).ShouldBe(events);
        (await Rows($"select count(*)::text from capops.mt_doc_studyhoursentry where data ->> 'staffNo' = '{a}'")).ShouldBe(entries);
        (await Rows($"select count(*)::text from capops.learning_imported_hours where day_key like '{a}|%'")).ShouldBe(keys);
    }

    [Fact]
    public async Task Single_records_sent_while_a_large_import_runs_queue_behind_its_batches_and_keep_every_rule()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var cadres = new List<string>();
        for (var i = 0; i < 4; i++) cadres.Add(await client.Cadre(unit));
        var csv = new StringBuilder(Header).Append('\n');
        // 4 cadres × 26,000 rows: two batches; 8.7 hours a day from the file, so single records compete for the rest.
        const int perCadre = 26_000;
        ImportStudyHoursEndpoint.BatchSize.ShouldBeLessThan(perCadre * 4);
        for (var d = 0; d < perCadre; d++)
            foreach (var c in cadres) csv.Append($"{c},0.1,{new DateOnly(2024, 1, 1).AddDays(d % 300):yyyy-MM-dd},Online,学习强国,,{c}-{d}\n");

        var import = client.PostRaw("/api/v1/imports/study-hours", csv.ToString(), "text/csv");
        var singles = Enumerable.Range(0, 40).Select(i => client.LogHours(cadres[i % 4], 9, new DateOnly(2024, 1, 1).AddDays(i % 10).ToString("yyyy-MM-dd")));
        var responses = await Task.WhenAll(singles);
        // Whichever comes first on a day takes its hours; the rest is refused by the 24-hour rule, never lost or doubled.
        var result = await (await import).Json(HttpStatusCode.OK);
        (result["accepted"]!.GetValue<int>() + result["rejectedCount"]!.GetValue<int>()).ShouldBe(perCadre * 4);
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created || r.StatusCode == HttpStatusCode.BadRequest);

        foreach (var c in cadres)
        {
            // Versions in sequence order are 1, 2, 3, … with no gap or repeat, and the stream ends at the last one.
            var versions = await Rows($"select version::text from capops.mt_events where stream_id = 'cadre:{c}' order by seq_id");
            versions.ShouldBe(Enumerable.Range(1, versions.Count).Select(v => v.ToString()));
            (await Rows($"select version::text from capops.mt_streams where id = 'cadre:{c}'")).ShouldBe([versions.Count.ToString()]);
            var records = (await client.GetJson($"/api/v1/cadres/{c}/study-hours?year=2024")).AsArray();
            // Every record is a fact: a single record's, or one of an import batch's.
            var facts = await Rows($"select sum(case when type = 'study_hours_imported' then jsonb_array_length(data -> 'records') else 1 end)::text " +
                                   $"from capops.mt_events where stream_id = 'cadre:{c}' and version > 1");
            records.Count.ToString().ShouldBe(facts.Single());
            records.GroupBy(r => r!["studiedOn"]!.GetValue<string>()).ShouldAllBe(day => day.Sum(r => r!["hours"].Decimal()) <= 24m);
            (await api.CadreYear(c, 2024))["hours"].Decimal().ShouldBe(records.Sum(r => r!["hours"].Decimal()));
        }
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> Import(HttpClient client, string rows) =>
        await (await client.PostRaw("/api/v1/imports/study-hours", Header + "\n" + rows, "text/csv")).Json(HttpStatusCode.OK);

    private Task<List<string>> Rows(string sql) => api.Database.Rows(sql);
}
