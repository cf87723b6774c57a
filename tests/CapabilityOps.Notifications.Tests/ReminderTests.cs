using System.Text.Json.Nodes;

namespace CapabilityOps.Notifications.Tests;

public sealed class ReminderTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>
{
    private readonly ApiFixture _api = fixture.Api;
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private async Task<JsonArray> Reminders(string unit, DateOnly? on = null, string? apiKey = ApiFixture.AdminKey) =>
        (await _api.Client(apiKey: apiKey).GetJson($"/api/v1/reminders?unit={unit}" + (on is { } d ? $"&on={d:yyyy-MM-dd}" : ""))).AsArray();

    private static string D(DateOnly day) => day.ToString("yyyy-MM-dd");

    [Fact]
    public async Task Maintenance_and_calibration_due_within_30_days_are_reminded_of_and_overdue_ones_say_so()
    {
        var client = _api.Client();
        var city = await client.Unit();
        var county = await client.Unit("CountyBureau", city, "测试县生态环境分局");
        async Task<string> Asset(DateOnly nextDue, string kind)
        {
            var assetNo = Ids.Next("A");
            await (await client.PostJson("/api/v1/equipment", new
            {
                assetNo, kind = "MonitoringInstrument", name = "便携式VOCs检测仪", unitCode = county, acquiredOn = "2024-05-20", valueYuan = 86500m, serviceLifeYears = 8,
            })).Json(HttpStatusCode.Created);
            await (await client.PostJson($"/api/v1/equipment/{assetNo}/maintenance", new { on = D(Today.AddDays(-60)), kind, nextDueOn = D(nextDue) }))
                .Json(HttpStatusCode.Created);
            return assetNo;
        }
        var soon = await Asset(Today.AddDays(10), "Maintenance");
        var calibration = await Asset(Today.AddDays(30), "Calibration");
        var overdue = await Asset(Today.AddDays(-3), "Maintenance");
        var later = await Asset(Today.AddDays(31), "Maintenance");

        var reminders = (await Reminders(city, Today)).Where(r => r!["kind"]!.GetValue<string>() == "Maintenance").ToList();

        reminders.Select(r => r!["subject"]!.GetValue<string>()).ShouldBe([overdue, soon, calibration]);
        reminders.Select(r => r!["overdue"]!.GetValue<bool>()).ShouldBe([true, false, false]);
        reminders[1]!["dueOn"]!.GetValue<string>().ShouldBe(D(Today.AddDays(10)));
        reminders[2]!["note"]!.GetValue<string>().ShouldContain("Calibration");
        reminders.ShouldNotContain(r => r!["subject"]!.GetValue<string>() == later);
        (await Reminders(county, Today)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task Reserve_stock_expiring_within_30_days_is_reminded_of()
    {
        var client = _api.Client();
        var unit = await client.Unit("CountyBureau", await client.Unit(), "测试县生态环境分局");
        async Task<string> Item(DateOnly expiresOn)
        {
            var sku = Ids.Next("R");
            await (await client.PostJson("/api/v1/reserve-items", new { sku, name = "吸附棉", measure = "千克", depotUnitCode = unit, minimumStock = 10m }))
                .Json(HttpStatusCode.Created);
            await (await client.PostJson($"/api/v1/reserve-items/{sku}/receipts", new { quantity = 50m, receivedOn = D(Today.AddDays(-100)), expiresOn = D(expiresOn) }))
                .Json(HttpStatusCode.Created);
            return sku;
        }
        var expiring = await Item(Today.AddDays(20));
        await Item(Today.AddDays(90));

        var reminders = (await Reminders(unit, Today)).Where(r => r!["kind"]!.GetValue<string>() == "ReserveExpiry").ToList();

        reminders.Select(r => r!["subject"]!.GetValue<string>()).ShouldBe([expiring]);
        reminders[0]!["dueOn"]!.GetValue<string>().ShouldBe(D(Today.AddDays(20)));
        reminders[0]!["overdue"]!.GetValue<bool>().ShouldBeFalse();
        reminders[0]!["note"]!.GetValue<string>().ShouldContain("50");
    }

    [Fact]
    public async Task A_monthly_report_not_yet_submitted_is_reminded_of_from_the_21st_and_overdue_after_the_28th()
    {
        var client = _api.Client();
        var city = await client.Unit();
        var late = await client.Unit("CountyBureau", city, "测试县甲");
        var reported = await client.Unit("CountyBureau", city, "测试县乙");
        var month = new DateOnly(Today.Year, Today.Month, 1).AddMonths(-1);
        await (await client.PostJson($"/api/v1/units/{reported}/monthly-reports", new { month = $"{month:yyyy-MM}", progress = "完成全员集中学习1次。" }))
            .Json(HttpStatusCode.Created);

        (await Reminders(city, month.AddDays(19))).ShouldNotContain(r => r!["kind"]!.GetValue<string>() == "MonthlyReport");

        var due = (await Reminders(city, month.AddDays(20))).Where(r => r!["kind"]!.GetValue<string>() == "MonthlyReport").ToList();
        due.Select(r => r!["subject"]!.GetValue<string>()).ShouldBe([late]);
        due[0]!["dueOn"]!.GetValue<string>().ShouldBe(D(month.AddDays(27)));
        due[0]!["overdue"]!.GetValue<bool>().ShouldBeFalse();

        var overdue = (await Reminders(city, month.AddDays(28))).Where(r => r!["kind"]!.GetValue<string>() == "MonthlyReport").ToList();
        overdue.Select(r => r!["subject"]!.GetValue<string>()).ShouldBe([late]);
        overdue[0]!["overdue"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task A_cadre_who_must_still_reach_the_required_education_is_reminded_of_the_TRN_1_deadline()
    {
        var client = _api.Client();
        var county = await client.Unit("CountyBureau", await client.Unit());
        var behind = await client.Cadre(county, birthDate: "1975-06-01", education: "HighSchool");
        await client.Cadre(county, birthDate: "1990-06-01", education: "Bachelor");

        var reminders = (await Reminders(county, Today)).Where(r => r!["kind"]!.GetValue<string>() == "DegreeDeadline").ToList();

        reminders.Select(r => r!["subject"]!.GetValue<string>()).ShouldBe([behind]);
        reminders[0]!["dueOn"]!.GetValue<string>().ShouldBe("2022-12-31");
        reminders[0]!["overdue"]!.GetValue<bool>().ShouldBeTrue();
        reminders[0]!["unitCode"]!.GetValue<string>().ShouldBe(county);
    }

    [Fact]
    public async Task A_key_reads_the_reminders_of_its_own_subtree_only()
    {
        var client = _api.Client();
        var city = await client.Unit();
        var one = await client.Unit("CountyBureau", city, "测试县甲");
        var other = await client.Unit("CountyBureau", city, "测试县乙");
        var reader = await _api.IssueKey("Reader", one);

        (await _api.Client(apiKey: reader).GetJson($"/api/v1/reminders?unit={one}")).AsArray().ShouldNotBeNull();
        (await _api.Client(apiKey: reader).GetJson("/api/v1/reminders")).AsArray().ShouldNotBeNull();
        await (await _api.Client(apiKey: reader).GetAsync($"/api/v1/reminders?unit={other}")).Problem(HttpStatusCode.Forbidden);
        await (await _api.Client().GetAsync("/api/v1/reminders?unit=NO-SUCH-UNIT")).Problem(HttpStatusCode.NotFound);
        await (await _api.Client().GetAsync("/api/v1/reminders")).Problem(HttpStatusCode.BadRequest, "unit");
        (await _api.Client().GetAsync($"/api/v1/reminders?unit={one}&on=not-a-date")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
