using CapabilityOps.Host.Operations;
using Npgsql;

namespace CapabilityOps.Learning.Tests.StudyHours;

/// <summary>
/// A revocation is a document of its own (StudyHoursRevocation), not a patch of the entry, so the projection only inserts
/// and a rebuild writes by COPY. What a rebuild writes must be what was written as the facts came in, and an entry an
/// older version marked revoked in place must stay revoked without a rebuild. The rebuild writes them outside the daemon,
/// mostly in SQL (LearningProjectionsRebuild): the same documents.
/// </summary>
[Collection(ApiCollection.Name)]
public class RevocationStorageTests(ApiFixture api)
{
    [Fact]
    public async Task Rebuilding_the_projections_writes_the_same_entries_and_revocations()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var staffNo = await client.Cadre(unit);
        var logged = await client.LoggedHours(staffNo, 8, "2025-10-01", "Offline", "cadre-academy", externalId: "RB-1");
        await client.LoggedHours(staffNo, 2, "2025-10-01", topic: "读书班");
        // An imported row too: no entry of its own, its keys are a row of the narrow table the import's COPY writes, which the rebuild refills.
        await (await client.PostRaw("/api/v1/imports/study-hours",
            $"staffNo,hours,studiedOn,channel,source,topic,externalId\n{staffNo},3,2025-10-02,Online,学习强国,,RB-IMP\n", "text/csv")).Json(HttpStatusCode.OK);
        var imported = (await client.GetJson($"/api/v1/cadres/{staffNo}/study-hours?year=2025")).AsArray()
            .Single(r => r!["externalId"]?.GetValue<string>() == "RB-IMP")!["id"]!.GetValue<Guid>();
        foreach (var (id, reason) in new[] { (logged, "重复录入"), (imported, "导入错误") })
            await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours/{id}/revocations", new { reason })).Json(HttpStatusCode.Created);
        // A session's credit: an entry of its own, built in SQL by the rebuild.
        await (await client.PostJson($"/api/v1/units/{unit}/learning-sessions",
            new { kind = "ConcentratedTraining", heldOn = "2025-10-03", topic = "专题培训", studyHours = 6, attendees = new[] { staffNo } })).Json(HttpStatusCode.Created);

        // Records of another year, with hours of different scales, and one without topic or external id.
        await client.LoggedHours(staffNo, 1.25m, "2024-03-01", "Online", "e-library", topic: "党课", externalId: "RB-2");
        await client.LoggedHours(staffNo, 2.50m, "2024-03-02", "Online", "e-library");
        await client.LoggedHours(staffNo, 0.5m, "2024-03-02", "Offline", "cadre-academy", externalId: "RB-3");

        var entriesSql = $"select id, data::text, mt_dotnet_type, data ->> 'staffNo', day_key, duplicate_key from capops.mt_doc_studyhoursentry where data ->> 'staffNo' = '{staffNo}' order by id";
        var revocationsSql = $"select id, data::text, mt_dotnet_type, staff_no from capops.mt_doc_studyhoursrevocation where staff_no = '{staffNo}' order by id";
        var importedSql = $"select day_key, record_id, hours::text, duplicate_key from capops.learning_imported_hours where day_key like '{staffNo}|%' order by record_id";
        var entries = await Rows(entriesSql);
        var revocations = await Rows(revocationsSql);
        var importedKeys = await Rows(importedSql);
        entries.Count.ShouldBe(6);
        importedKeys.Count.ShouldBe(1);
        entries.ShouldAllBe(e => !e.Contains("revoked"));
        revocations.Count.ShouldBe(2);
        var listed = (await client.GetJson($"/api/v1/cadres/{staffNo}/study-hours?year=2025")).ToJsonString();
        var versionsSql = $"select mt_version from capops.mt_doc_studyhoursentry where data ->> 'staffNo' = '{staffNo}' union all " +
                          $"select mt_version from capops.mt_doc_studyhoursrevocation where staff_no = '{staffNo}'";
        var versions = await Rows(versionsSql);

        await (await client.PostAsync("/api/v1/admin/projections/rebuild", null)).Json(HttpStatusCode.OK);

        // Every document was written again (a new version), not left in place.
        (await Rows(versionsSql)).Intersect(versions).ShouldBeEmpty();
        (await Rows(entriesSql)).ShouldBe(entries);
        (await Rows(revocationsSql)).ShouldBe(revocations);
        (await Rows(importedSql)).ShouldBe(importedKeys);
        (await client.GetJson($"/api/v1/cadres/{staffNo}/study-hours?year=2025")).ToJsonString().ShouldBe(listed);
        (await api.CadreYear(staffNo, 2025))["hours"].Decimal().ShouldBe(8m);
        var earlier = await api.CadreYear(staffNo, 2024);
        earlier["hours"].Decimal().ShouldBe(4.25m);
        earlier["hoursBySource"]!["e-library"].Decimal().ShouldBe(3.75m);
        earlier["records"]!.GetValue<int>().ShouldBe(3);
        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The day check still leaves the revoked 8 hours out: 2 + 22 fits.
        await client.LoggedHours(staffNo, 22, "2025-10-01");
        var year = await api.CadreYear(staffNo, 2025);
        year["hours"].Decimal().ShouldBe(30m);
        year["records"]!.GetValue<int>().ShouldBe(5);
    }

    [Fact]
    public async Task The_projections_rebuild_command_takes_the_same_path()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());
        await client.LoggedHours(staffNo, 4, "2025-09-01", externalId: "CMD-1");
        var revoked = await client.LoggedHours(staffNo, 1, "2025-09-02");
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours/{revoked}/revocations", new { reason = "误录" })).Json(HttpStatusCode.Created);
        var entriesSql = $"select id, data::text, mt_dotnet_type, data ->> 'staffNo', day_key, duplicate_key, mt_version from capops.mt_doc_studyhoursentry where data ->> 'staffNo' = '{staffNo}' order by id";
        var before = await Rows(entriesSql);
        string[] args = ["projections", "rebuild", "-p", "CapabilityOps.Learning.StudyHours.StudyHoursEntryProjection"];

        RebuildProjectionsCommand.Handles(args).ShouldBeTrue();
        (await RebuildProjectionsCommand.RunAsync(api.Host, args)).ShouldBe(0);

        var after = await Rows(entriesSql);
        after.Select(WithoutVersion).ShouldBe(before.Select(WithoutVersion));
        after.Intersect(before).ShouldBeEmpty();
        (await Rows($"select count(*) from capops.mt_doc_studyhoursrevocation where staff_no = '{staffNo}'")).Single().ShouldBe("1");
        // JasperFx's own projections command keeps its other actions.
        RebuildProjectionsCommand.Handles(["projections", "list"]).ShouldBeFalse();
        RebuildProjectionsCommand.Handles(["projections", "rebuild", "--shard-timeout", "5m"]).ShouldBeFalse();
        static string WithoutVersion(string row) => row[..row.LastIndexOf('|')];
    }

    [Fact]
    public async Task An_entry_revoked_in_place_by_an_older_version_stays_revoked_without_a_rebuild()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());
        var old = await client.LoggedHours(staffNo, 8, "2025-11-03", externalId: "OLD-1");
        await client.LoggedHours(staffNo, 2, "2025-11-03");
        // What an older version left: the flag and reason patched onto the entry, and no revocation document.
        await Execute($"update capops.mt_doc_studyhoursentry set data = data || '{{\"revoked\": true, \"revokedReason\": \"旧版撤销\"}}'::jsonb where id = '{old}'");

        var record = await client.GetJson($"/api/v1/cadres/{staffNo}/study-hours/{old}");
        record["revoked"]!.GetValue<bool>().ShouldBeTrue();
        record["revokedReason"]!.GetValue<string>().ShouldBe("旧版撤销");
        var listed = (await client.GetJson($"/api/v1/cadres/{staffNo}/study-hours?year=2025")).AsArray();
        listed.Single(r => r!["id"]!.GetValue<Guid>() == old)!["revokedReason"]!.GetValue<string>().ShouldBe("旧版撤销");
        (await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours/{old}/revocations", new { reason = "again" })).Problem(HttpStatusCode.Conflict))
            ["detail"]!.GetValue<string>().ShouldContain("旧版撤销");
        await client.LoggedHours(staffNo, 22, "2025-11-03");
    }

    [Fact]
    public async Task An_entry_stored_before_its_id_took_the_events_name_is_still_read_by_its_id()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit());
        var id = await client.LoggedHours(staffNo, 3, "2025-11-04", externalId: "OLD-ID");
        // What an older version stored: the id as "id", the day key and a null session id in the JSON.
        await Execute($"update capops.mt_doc_studyhoursentry set data = data - 'recordId' || jsonb_build_object('id', id, 'dayKey', day_key, 'sessionId', null) where id = '{id}'");

        (await client.GetJson($"/api/v1/cadres/{staffNo}/study-hours/{id}"))["id"]!.GetValue<Guid>().ShouldBe(id);
        (await client.GetJson($"/api/v1/cadres/{staffNo}/study-hours?year=2025")).AsArray().Single()!["id"]!.GetValue<Guid>().ShouldBe(id);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours/{id}/revocations", new { reason = "误录" })).Json(HttpStatusCode.Created);
    }

    private async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        (await command.ExecuteNonQueryAsync()).ShouldBe(1);
    }

    private Task<List<string>> Rows(string sql) => api.Database.Rows(sql);
}
