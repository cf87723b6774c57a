using System.Text.Json.Nodes;
using CapabilityOps.Notifications.Reminders;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace CapabilityOps.Notifications.Tests;

public sealed class DailyReminderTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>
{
    private readonly ApiFixture _api = fixture.Api;
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    [Fact]
    public async Task Two_instances_computing_one_day_send_each_reminder_once_and_a_webhook_gets_it_once()
    {
        await using var receiver = new Receiver();
        var name = Ids.Next("hook");
        await (await _api.Client().Register(name, receiver.Url(), ["ReminderDue"])).Json(HttpStatusCode.Created);
        var client = _api.Client();
        var unit = await client.Unit();
        var assetNo = Ids.Next("A");
        await (await client.PostJson("/api/v1/equipment", new
        {
            assetNo, kind = "Drone", name = "巡查无人机", unitCode = unit, acquiredOn = "2024-05-20", valueYuan = 12000m, serviceLifeYears = 6,
        })).Json(HttpStatusCode.Created);
        var due = Today.AddDays(5);
        await (await client.PostJson($"/api/v1/equipment/{assetNo}/maintenance", new { on = Today.AddDays(-30).ToString("yyyy-MM-dd"), kind = "Maintenance", nextDueOn = due.ToString("yyyy-MM-dd") }))
            .Json(HttpStatusCode.Created);

        var other = await _api.StartAnotherHost(Webhooks.Settings);
        try
        {
            var day = new ComputeDailyReminders(Today);
            static async Task Compute(ApiFixture host, ComputeDailyReminders day)
            {
                await using var scope = host.Host.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(day);
            }
            await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Compute(i % 2 == 0 ? _api : other, day)));
            await Compute(_api, day);

            var key = $"Maintenance:{assetNo}:{due:yyyy-MM-dd}";
            (await _api.Database.Rows($"select key from capops.{RemindersSent.TableName} where key = '{key}'")).Count.ShouldBe(1);

            var request = (await receiver.WaitFor(1)).Single();
            var body = JsonNode.Parse(request.Body)!;
            body["type"]!.GetValue<string>().ShouldBe("ReminderDue");
            body["data"]!["subject"]!.GetValue<string>().ShouldBe(assetNo);
            body["data"]!["kind"]!.GetValue<string>().ShouldBe("Maintenance");
            body["data"]!["dueOn"]!.GetValue<string>().ShouldBe(due.ToString("yyyy-MM-dd"));
            await Task.Delay(1000);
            receiver.Requests.Count(r => r.Body.Contains(assetNo)).ShouldBe(1);
            (await _api.Client().WaitForDelivery(name, d => d["status"]!.GetValue<string>() == "Delivered"))["type"]!.GetValue<string>().ShouldBe("ReminderDue");
        }
        finally
        {
            await other.DisposeAsync();
        }
    }
}
