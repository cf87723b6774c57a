using System.Text.Json.Nodes;

namespace CapabilityOps.Host.Tests;

/// <summary>Issue 9: /health/ready reports a stopped or stalled projection, not only a live process.</summary>
[Collection(ApiCollection.Name)]
public class StalledProjectionHealthTests(ApiFixture api)
{
    [Theory]
    [InlineData("Paused", null, 0)]          // a strict projection stopped on an apply error
    [InlineData("Running", "apply error", 0)] // a pause reason recorded for the shard
    [InlineData("Running", null, 5)]          // behind and silent: its heartbeat is older than a minute
    public async Task A_stopped_or_stalled_projection_shard_makes_the_host_unready(string status, string? reason, int minutesSilent)
    {
        // The daemon's bookkeeping for a shard, as Marten's extended progression tracking writes it.
        const string shard = "ChaosProbe:All";
        await Sql("insert into capops.mt_event_progression (name, last_seq_id, agent_status, pause_reason, heartbeat) " +
                  $"values ('{shard}', 0, '{status}', {(reason is null ? "null" : $"'{reason}'")}, now() - interval '{minutesSilent} minutes')");
        try
        {
            if (minutesSilent > 0)
            {
                // Behind means: there is an event after the shard's position.
                await api.Client().PostJson("/api/v1/units", new { code = Ids.Next("U"), name = "探针", kind = "CityBureau" });
            }
            var response = await api.Client().GetAsync("/health/ready");
            response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            await Sql($"delete from capops.mt_event_progression where name = '{shard}'");
        }
        await ReadyAgain();
    }

    /// <summary>
    /// Ready again once the probe's row is gone. Not at once: readiness also waits for the other background work (the audit
    /// chain, the compliance read model) to catch up with what the other tests of the collection just wrote.
    /// </summary>
    private async Task ReadyAgain()
    {
        HttpResponseMessage response;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((response = await api.Client().GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(200);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_retired_projections_progress_left_in_the_database_does_not_make_the_host_unready()
    {
        // An upgraded database keeps the row where the retired agent left it: behind every event since, and silent.
        const string shard = "CadreLearning:All";
        await Sql($"insert into capops.mt_event_progression (name, last_seq_id, agent_status, heartbeat) values ('{shard}', 0, 'Running', now() - interval '5 minutes')");
        try
        {
            await api.Client().PostJson("/api/v1/units", new { code = Ids.Next("U"), name = "探针", kind = "CityBureau" });
            await ReadyAgain();
        }
        finally
        {
            await Sql($"delete from capops.mt_event_progression where name = '{shard}'");
        }
    }

    private async Task Sql(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
