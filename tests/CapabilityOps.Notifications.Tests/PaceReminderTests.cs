using System.Text.Json.Nodes;
using CapabilityOps.Notifications.Reminders;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace CapabilityOps.Notifications.Tests;

/// <summary>
/// Cadres behind the pace of LRN-1 and SVC as a quarter ends. The facts are dated in last year's first half, so every date is in
/// the past whenever the test runs, and the reminders are asked for as seen on days of that year.
/// </summary>
public sealed class PaceReminderTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>
{
    private readonly ApiFixture _api = fixture.Api;
    private static readonly int Year = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).Year - 1;
    private static DateOnly Day(int month, int day) => new(Year, month, day);
    private static string D(DateOnly day) => day.ToString("yyyy-MM-dd");

    private async Task<List<JsonNode>> Reminders(string unit, DateOnly on, string kind, string? apiKey = ApiFixture.AdminKey) =>
        (await _api.Client(apiKey: apiKey).GetJson($"/api/v1/reminders?unit={unit}&on={D(on)}")).AsArray()
        .Where(r => r!["kind"]!.GetValue<string>() == kind).Select(r => r!).ToList();

    private static async Task Study(HttpClient client, string staffNo, decimal hours, DateOnly on) =>
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours",
            new { hours, studiedOn = D(on), channel = "Online", source = "学习强国", topic = "生态文明", externalId = Ids.Next("X") })).Json(HttpStatusCode.Created);

    [Fact]
    public async Task A_cadre_behind_the_study_pace_is_listed_in_the_last_two_weeks_of_the_quarter_with_the_shortfall()
    {
        var client = _api.Client();
        var city = await client.Unit();
        var county = await client.Unit("CountyBureau", city, "测试县甲");
        var other = await client.Unit("CountyBureau", city, "测试县乙");
        var behind = await client.Cadre(county, name: "李娜");
        var onPace = await client.Cadre(county);
        var elsewhere = await client.Cadre(other);
        var trained = await client.Cadre(county);
        var imported = await client.Cadre(county);
        await Study(client, behind, 6m, Day(2, 10));
        await Study(client, behind, 4m, Day(3, 2));
        var revoked = (await (await client.PostJson($"/api/v1/cadres/{behind}/study-hours",
            new { hours = 8m, studiedOn = D(Day(3, 3)), channel = "Offline", source = "集中学习", topic = "生态文明", externalId = Ids.Next("X") }))
            .Json(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await (await client.PostJson($"/api/v1/cadres/{behind}/study-hours/{revoked}/revocations", new { reason = "录错" })).Json(HttpStatusCode.Created);
        await Study(client, onPace, 15m, Day(1, 20));
        await Study(client, onPace, 9m, Day(4, 20)); // the next quarter's hours do not count for the first
        // Hours another module credits count as LRN-1 counts them: 5 studied and a 12-hour training attended are on pace.
        await Study(client, trained, 5m, Day(1, 8));
        await (await client.PostJson($"/api/v1/cadres/{trained}/trainings", new { title = "生态环境执法培训", kind = "AcademicianLecture", level = "National",
            organiser = "省生态环境厅", from = D(Day(3, 9)), to = D(Day(3, 10)), hours = 12m, externalId = Ids.Next("PX") })).Json(HttpStatusCode.Created);

        // Imported hours count as posted ones: 15 imported in two rows are on pace.
        var csv = $"staffNo,hours,studiedOn,channel,source,topic,externalId\n{imported},9,{D(Day(1, 12))},Online,学习强国,,{Ids.Next("I")}\n" +
                  $"{imported},6,{D(Day(2, 12))},Offline,党校,,{Ids.Next("I")}";
        (await (await client.PostRaw("/api/v1/imports/study-hours", csv, "text/csv")).Json(HttpStatusCode.OK))["accepted"]!.GetValue<int>().ShouldBe(2);

        // 60 hours a year: 15 are due by 31 March; 10 studied (the revoked 8 do not count).
        var listed = await Reminders(county, Day(3, 17), "StudyPace");
        listed.Select(r => r["subject"]!.GetValue<string>()).ShouldBe([behind]);
        listed[0]["dueOn"]!.GetValue<string>().ShouldBe(D(Day(3, 31)));
        listed[0]["overdue"]!.GetValue<bool>().ShouldBeFalse();
        listed[0]["unitCode"]!.GetValue<string>().ShouldBe(county);
        listed[0]["note"]!.GetValue<string>().ShouldBe(
            $"李娜 ({behind}) is behind the study pace (LRN-1): 15 h are due by the end of quarter 1 ({Year}-03-31), 10 h studied, 5 h short.");
        (await Reminders(county, Day(3, 31), "StudyPace")).Count.ShouldBe(1);

        // Not before the last 14 days of the quarter, nor after its end.
        (await Reminders(county, Day(3, 16), "StudyPace")).ShouldBeEmpty();
        (await Reminders(county, Day(4, 1), "StudyPace")).ShouldBeEmpty();

        // By the end of June 30 hours are due: the one on pace in March (24) is behind too.
        (await Reminders(county, Day(6, 20), "StudyPace")).Select(r => r["subject"]!.GetValue<string>()).Order()
            .ShouldBe(new[] { behind, onPace, trained, imported }.Order());

        // The city sees its counties' cadres; a county's key sees its own.
        (await Reminders(city, Day(3, 20), "StudyPace")).Select(r => r["subject"]!.GetValue<string>()).Order()
            .ShouldBe(new[] { behind, elsewhere }.Order());
        var reader = await _api.IssueKey("Reader", other);
        (await Reminders(other, Day(3, 20), "StudyPace", reader)).Select(r => r["subject"]!.GetValue<string>()).ShouldBe([elsewhere]);
        await (await _api.Client(apiKey: reader).GetAsync($"/api/v1/reminders?unit={county}&on={D(Day(3, 20))}")).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_study_pace_reminder_is_in_Chinese_by_default()
    {
        var client = _api.Client();
        var county = await client.Unit("CountyBureau", await client.Unit());
        var staffNo = await client.Cadre(county, name: "王芳");
        await Study(client, staffNo, 2.5m, Day(7, 1));

        var chinese = _api.Client(language: null);
        var listed = (await chinese.GetJson($"/api/v1/reminders?unit={county}&on={D(Day(9, 30))}")).AsArray()
            .Single(r => r!["kind"]!.GetValue<string>() == "StudyPace")!;
        listed["note"]!.GetValue<string>().ShouldBe(
            $"王芳（{staffNo}）学习进度落后（LRN-1）：至第 3 季度末（{Year}-09-30）应累计学习 45 学时，现有 2.5 学时，尚差 42.5 学时。");
    }

    [Fact]
    public async Task A_cadre_behind_the_service_pace_is_listed_with_the_measures_behind_and_one_on_pace_is_not()
    {
        var client = _api.Client();
        var city = await client.Unit();
        var county = await client.Unit("CountyBureau", city, "测试县丙");
        var behind = await client.Cadre(county, rank: "Leader", name: "赵强");
        var onPace = await client.Cadre(county, rank: "Leader");
        var staff = await client.Cadre(county, rank: "Staff");
        await (await client.PostJson($"/api/v1/cadres/{behind}/grassroots-visits",
            new { from = D(Day(3, 1)), to = D(Day(3, 10)), kind = "Rural", place = "恩阳区柳林镇" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{onPace}/grassroots-visits",
            new { from = D(Day(1, 5)), to = D(Day(2, 3)), kind = "Rural", place = "恩阳区柳林镇" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{onPace}/assisted-enterprises",
            new { enterprise = "巴中某某水泥有限公司", since = D(Day(1, 15)) })).Json(HttpStatusCode.Created);

        // SVC-1 by the end of June: 60 days × 6/12 = 30 days, 2 enterprises × 2/4 = 1; the article (1 × 2/4, rounded down) is not due yet.
        var listed = await Reminders(county, Day(6, 25), "ServicePace");
        listed.Select(r => r["subject"]!.GetValue<string>()).ShouldBe([behind]);
        listed[0]["dueOn"]!.GetValue<string>().ShouldBe(D(Day(6, 30)));
        listed[0]["note"]!.GetValue<string>().ShouldBe(
            $"赵强 ({behind}) is behind the service pace (SVC-1) by the end of quarter 2 ({Year}-06-30): grassrootsDays 30 due, 10 done, 20 short, assistedEnterprises 1 due, 0 done, 1 short.");
        listed.ShouldNotContain(r => r["subject"]!.GetValue<string>() == staff);

        // By the end of March 15 days are due and no enterprise yet: 10 days are behind, 30 are not.
        var march = await Reminders(county, Day(3, 31), "ServicePace");
        march.Select(r => r["subject"]!.GetValue<string>()).ShouldBe([behind]);
        march[0]["note"]!.GetValue<string>().ShouldContain("grassrootsDays 15 due, 10 done, 5 short.");
        (await Reminders(county, Day(5, 1), "ServicePace")).ShouldBeEmpty();
        var reader = await _api.IssueKey("Reader", await client.Unit("CountyBureau", city, "测试县丁"));
        await (await _api.Client(apiKey: reader).GetAsync($"/api/v1/reminders?unit={county}&on={D(Day(6, 25))}")).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_daily_job_sends_each_pace_reminder_once_for_its_quarter()
    {
        await using var receiver = new Receiver();
        var name = Ids.Next("hook");
        await (await _api.Client().Register(name, receiver.Url(), ["ReminderDue"])).Json(HttpStatusCode.Created);
        var client = _api.Client();
        var county = await client.Unit("CountyBureau", await client.Unit());
        var staffNo = await client.Cadre(county, rank: "SectionLevel");
        await Study(client, staffNo, 1m, Day(12, 1));
        // Listed once first: the route creates every module's tables on this database, which two hosts must not race to do.
        (await Reminders(county, Day(12, 17), "StudyPace")).Count.ShouldBe(1);

        var other = await _api.StartAnotherHost(Webhooks.Settings);
        try
        {
            static async Task Compute(ApiFixture host, DateOnly day)
            {
                await using var scope = host.Host.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new ComputeDailyReminders(day));
            }
            // Two instances on the first day of the window, and the next day: one reminder of each kind for the quarter.
            await Task.WhenAll(Compute(_api, Day(12, 17)), Compute(other, Day(12, 17)));
            await Compute(_api, Day(12, 18));

            foreach (var kind in new[] { "StudyPace", "ServicePace" })
                (await _api.Database.Rows($"select key from capops.{RemindersSent.TableName} where key = '{kind}:{staffNo}:{Year}-12-31'")).Count.ShouldBe(1);
            List<JsonNode> Mine() => receiver.Requests.Select(r => JsonNode.Parse(r.Body)!["data"]!)
                .Where(d => d["subject"]!.GetValue<string>() == staffNo).ToList();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (Mine().Count < 2 && clock.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50);
            await Task.Delay(1000);
            var mine = Mine();
            mine.Select(d => d["kind"]!.GetValue<string>()).Order().ShouldBe(["ServicePace", "StudyPace"]);
            mine.ShouldAllBe(d => d["dueOn"]!.GetValue<string>() == $"{Year}-12-31");
            mine.Single(d => d["kind"]!.GetValue<string>() == "StudyPace")["note"]!.GetValue<string>().ShouldContain("尚差 59 学时");
        }
        finally
        {
            await other.DisposeAsync();
        }
    }
}
