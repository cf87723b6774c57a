using System.Text.Json.Nodes;

namespace CapabilityOps.Notifications.Tests;

/// <summary>Hosts stopped and started on one database, no other host running on it.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task A_fact_recorded_just_before_the_host_stops_is_delivered_by_the_next_host()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var receiver = new Receiver();
        var name = Ids.Next("hook");
        string unit;

        var first = ApiFixture.OnDatabase(database, Webhooks.Settings);
        await first.InitializeAsync();
        try
        {
            await (await first.Client().Register(name, receiver.Url(), ["UnitRegistered"])).Json(HttpStatusCode.Created);
            unit = await first.Client().Unit();
        }
        finally
        {
            // Stopped at once: the fact is recorded; whether its delivery was planned, or sent, is up to the timing.
            await first.DisposeAsync();
        }

        var second = ApiFixture.OnDatabase(database, Webhooks.Settings);
        await second.InitializeAsync();
        try
        {
            var request = (await receiver.WaitFor(1)).First();
            request.Body.ShouldContain(unit);
            var delivery = await second.Client().WaitForDelivery(name, d => d["status"]!.GetValue<string>() == "Delivered");
            delivery["type"]!.GetValue<string>().ShouldBe("UnitRegistered");
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_delivery_owed_when_the_host_stops_is_retried_by_the_next_host()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var receiver = new Receiver { Answer = n => n == 1 ? 500 : 200 };
        var name = Ids.Next("hook");

        var first = ApiFixture.OnDatabase(database, new Dictionary<string, string>(Webhooks.Settings)
        {
            // The next attempt is due long after this host stops.
            ["Webhooks:Retry:FirstDelay"] = "00:00:02", ["Webhooks:Retry:MaxDelay"] = "00:00:02",
        });
        await first.InitializeAsync();
        try
        {
            await (await first.Client().Register(name, receiver.Url(), ["UnitRegistered"])).Json(HttpStatusCode.Created);
            await first.Client().Unit();
            await first.Client().WaitForDelivery(name, d => d["attempts"]!.GetValue<int>() == 1);
        }
        finally
        {
            await first.DisposeAsync();
        }
        receiver.Requests.Count.ShouldBe(1);

        var second = ApiFixture.OnDatabase(database, Webhooks.Settings);
        await second.InitializeAsync();
        try
        {
            var delivery = await second.Client().WaitForDelivery(name, d => d["status"]!.GetValue<string>() == "Delivered");
            delivery["attempts"]!.GetValue<int>().ShouldBe(2);
            var bodies = (await receiver.WaitFor(2)).Select(r => r.Body).Distinct().ToList();
            bodies.Count.ShouldBe(1);
            JsonNode.Parse(bodies[0])!["type"]!.GetValue<string>().ShouldBe("UnitRegistered");
        }
        finally
        {
            await second.DisposeAsync();
        }
    }
}
