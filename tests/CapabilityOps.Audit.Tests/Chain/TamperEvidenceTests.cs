using System.Text.Json.Nodes;
using Npgsql;

namespace CapabilityOps.Audit.Tests.Chain;

/// <summary>
/// The chain against the real database: it holds over what the API recorded, and an event edited or deleted directly
/// in SQL is found and named. Each tampering test puts the row back afterwards, so the shared database verifies again.
/// </summary>
[Collection(ApiCollection.Name)]
public class TamperEvidenceTests(ApiFixture api)
{
    private async Task<(string StaffNo, long Sequence)> CadreWithTransfer()
    {
        var client = api.Client("hr-system");
        var city = await client.Unit();
        var county = await client.Unit("CountyBureau", city);
        var staffNo = await client.Cadre(city);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/transfers", new { toUnitCode = county, effectiveOn = "2024-05-01" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/rank-changes", new { rank = "SectionLevel", effectiveOn = "2024-06-01" })).Json(HttpStatusCode.Created);
        await api.WaitForProjections();
        var sequence = await Scalar<long>($"select seq_id from capops.mt_events where stream_id = 'cadre:{staffNo}' and version = 2");
        return (staffNo, sequence);
    }

    private Task<JsonNode> Verify(string query = "") => api.Client().GetJson("/api/v1/audit/verify" + query);

    [Fact]
    public async Task The_chain_holds_over_everything_recorded_and_its_tip_works_as_an_anchor()
    {
        await CadreWithTransfer();
        var report = await Verify();
        report["verified"]!.GetValue<bool>().ShouldBeTrue(report.ToJsonString());
        report["eventsChecked"]!.GetValue<long>().ShouldBeGreaterThan(3);
        report["eventsChecked"]!.GetValue<long>().ShouldBe(await Scalar<long>("select count(*) from capops.audit_chain"));
        report["firstBrokenAt"].ShouldBeNull();
        var tip = report["tip"]!;
        tip["sequence"]!.GetValue<long>().ShouldBe(await Scalar<long>("select max(seq_id) from capops.audit_chain"));

        var anchored = await Verify($"?anchorSequence={tip["sequence"]}&anchorHash={tip["hash"]}");
        anchored["verified"]!.GetValue<bool>().ShouldBeTrue();
        anchored["anchor"]!["matches"]!.GetValue<bool>().ShouldBeTrue();

        var wrong = await Verify($"?anchorSequence={tip["sequence"]}&anchorHash={new string('0', 64)}");
        wrong["verified"]!.GetValue<bool>().ShouldBeFalse();
        wrong["anchor"]!["matches"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task Editing_an_event_s_json_in_SQL_is_found_and_the_event_named()
    {
        var (staffNo, sequence) = await CadreWithTransfer();
        (await Verify())["verified"]!.GetValue<bool>().ShouldBeTrue();
        var original = await Scalar<string>($"select data::text from capops.mt_events where seq_id = {sequence}");
        try
        {
            await Execute($"update capops.mt_events set data = jsonb_set(data, '{{effectiveOn}}', '\"2023-01-01\"') where seq_id = {sequence}");
            var report = await Verify();
            report["verified"]!.GetValue<bool>().ShouldBeFalse();
            report["brokenCount"]!.GetValue<long>().ShouldBe(1);
            var broken = report["firstBrokenAt"]!;
            broken["sequence"]!.GetValue<long>().ShouldBe(sequence);
            broken["streamKey"]!.GetValue<string>().ShouldBe($"cadre:{staffNo}");
            broken["version"]!.GetValue<long>().ShouldBe(2);
            broken["problem"]!.GetValue<string>().ShouldBe("Altered");
        }
        finally
        {
            await Execute($"update capops.mt_events set data = '{original.Replace("'", "''")}'::jsonb where seq_id = {sequence}");
        }
        (await Verify())["verified"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Editing_who_recorded_an_event_is_found_too()
    {
        var (_, sequence) = await CadreWithTransfer();
        var original = await Scalar<string>($"select user_name from capops.mt_events where seq_id = {sequence}");
        try
        {
            await Execute($"update capops.mt_events set user_name = 'someone-else' where seq_id = {sequence}");
            (await Verify())["firstBrokenAt"]!["sequence"]!.GetValue<long>().ShouldBe(sequence);
        }
        finally
        {
            await Execute($"update capops.mt_events set user_name = '{original}' where seq_id = {sequence}");
        }
        (await Verify())["verified"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Deleting_an_event_row_in_SQL_is_found_and_the_event_named()
    {
        var (staffNo, sequence) = await CadreWithTransfer();
        var backup = "capops.audit_test_backup_" + Guid.NewGuid().ToString("N")[..8];
        await Execute($"create table {backup} as select * from capops.mt_events where seq_id = {sequence}");
        try
        {
            await Execute($"delete from capops.mt_events where seq_id = {sequence}");
            var report = await Verify();
            report["verified"]!.GetValue<bool>().ShouldBeFalse();
            report["brokenCount"]!.GetValue<long>().ShouldBe(1);
            var broken = report["firstBrokenAt"]!;
            broken["sequence"]!.GetValue<long>().ShouldBe(sequence);
            broken["streamKey"]!.GetValue<string>().ShouldBe($"cadre:{staffNo}");
            broken["version"]!.GetValue<long>().ShouldBe(2);
            broken["problem"]!.GetValue<string>().ShouldBe("Deleted");
        }
        finally
        {
            await Execute($"insert into capops.mt_events select * from {backup}");
            await Execute($"drop table {backup}");
        }
        (await Verify())["verified"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task A_gap_left_by_a_rolled_back_append_is_linked_across_not_reported()
    {
        var (staffNo, _) = await CadreWithTransfer();
        var before = await Scalar<long>("select max(seq_id) from capops.mt_events");
        await Execute("begin; select nextval('capops.mt_events_sequence'); select nextval('capops.mt_events_sequence'); rollback;");
        await (await api.Client().PostJson($"/api/v1/cadres/{staffNo}/rank-changes", new { rank = "Leader", effectiveOn = "2025-01-01" })).Json(HttpStatusCode.Created);
        await api.WaitForProjections();
        var after = await Scalar<long>($"select seq_id from capops.mt_events where stream_id = 'cadre:{staffNo}' order by version desc limit 1");
        (after - before).ShouldBeGreaterThan(1, "the rolled-back append took sequence numbers that no event has");

        var report = await Verify();
        report["verified"]!.GetValue<bool>().ShouldBeTrue(report.ToJsonString());
        report["tip"]!["sequence"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(after);
    }

    [Fact]
    public async Task Rebuilding_every_projection_leaves_the_chain_as_it_was()
    {
        await CadreWithTransfer();
        var links = await Scalar<long>("select count(*) from capops.audit_chain");
        var tip = (await Verify())["tip"]!;
        await (await api.Client().PostAsync("/api/v1/admin/projections/rebuild", null)).Json(HttpStatusCode.OK);
        await api.WaitForProjections();
        (await Scalar<long>("select count(*) from capops.audit_chain")).ShouldBe(links);
        var anchored = await Verify($"?anchorSequence={tip["sequence"]}&anchorHash={tip["hash"]}");
        anchored["verified"]!.GetValue<bool>().ShouldBeTrue(anchored.ToJsonString());
    }

    [Fact]
    public async Task Only_an_administrator_may_verify_and_a_bad_anchor_is_a_400_naming_the_field()
    {
        var city = await api.Client().Unit();
        var reader = api.Client(apiKey: await api.IssueKey("Reader", city));
        (await reader.GetAsync("/api/v1/audit/verify")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await (await api.Client().GetAsync("/api/v1/audit/verify?anchorSequence=1&anchorHash=xyz")).Problem(HttpStatusCode.BadRequest, "anchorHash");
        await (await api.Client().GetAsync("/api/v1/audit/verify?anchorSequence=5")).Problem(HttpStatusCode.BadRequest, "anchorHash");
        await (await api.Client().GetAsync("/api/v1/audit/verify?anchorSequence=0&anchorHash=" + new string('a', 64))).Problem(HttpStatusCode.BadRequest, "anchorSequence");
    }

    private async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> Scalar<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
