using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Appraisal.Contracts.Events;
using CapabilityOps.Appraisal.Reports;
using CapabilityOps.Organization.Contracts;
using JasperFx.Events;

namespace CapabilityOps.Appraisal.Tests;

[Collection(ApiCollection.Name)]
public class MonthlyReportTests(ApiFixture api)
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public async Task Reports_are_on_time_late_or_missing_and_RPT_1_counts_the_on_time_months()
    {
        var client = api.Client();
        var city = await client.Unit();
        var county = await client.Unit("CountyBureau", city);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, China).DateTime);
        var thisMonth = $"{today:yyyy-MM}";
        var lastMonth = $"{today.AddMonths(-1):yyyy-MM}";
        var twoAgo = $"{today.AddMonths(-2):yyyy-MM}";

        var submitted = await (await client.PostJson($"/api/v1/units/{county}/monthly-reports",
            new { month = thisMonth, progress = "完成集中学习", highlights = "执法大练兵一等奖" })).Json(HttpStatusCode.Created);
        submitted["status"]!.GetValue<string>().ShouldBe(today.Day <= 28 ? "OnTime" : "Late");
        await (await client.PostJson($"/api/v1/units/{county}/monthly-reports", new { month = twoAgo, progress = "补报" })).Json(HttpStatusCode.Created);

        var statuses = async (string month) => (await client.GetJson($"/api/v1/monthly-reports?month={month}&unitCode={city}")).AsArray()
            .Single(s => s!["unitCode"]!.GetValue<string>() == county)!["status"]!.GetValue<string>();
        (await statuses(twoAgo)).ShouldBe("Late");
        (await statuses(lastMonth)).ShouldBe("Missing");
        (await client.GetJson($"/api/v1/monthly-reports?month={lastMonth}&unitCode={city}&status=Missing")).AsArray()
            .Select(s => s!["unitCode"]!.GetValue<string>()).ShouldBe([county]);

        await api.WaitForReadModel();
        var view = await client.GetJson($"/api/v1/compliance/units/{county}?year={today.Year}");
        var rpt1 = view["unitChecks"]!.AsArray().Single(c => c!["rule"]!.GetValue<string>() == "RPT-1")!;
        // Due: every month whose deadline has passed, and this month since it is reported already.
        rpt1["target"]!.GetValue<decimal>().ShouldBe(today.Month);
        rpt1["actual"]!.GetValue<decimal>().ShouldBe(today.Day <= 28 ? 1 : 0);
        rpt1["met"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task The_city_bureau_does_not_report_and_bad_months_are_refused()
    {
        var client = api.Client();
        var city = await client.Unit();
        var county = await client.Unit("CountyBureau", city);
        await (await client.PostJson($"/api/v1/units/{city}/monthly-reports", new { month = "2025-03", progress = "x" })).Problem(HttpStatusCode.BadRequest, "unitCode");
        await (await client.PostJson($"/api/v1/units/{county}/monthly-reports", new { month = "2025-13", progress = "x" })).Problem(HttpStatusCode.BadRequest, "month");
        await (await client.PostJson($"/api/v1/units/{county}/monthly-reports", new { month = "2099-01", progress = "x" })).Problem(HttpStatusCode.BadRequest, "month");
        await (await client.PostJson($"/api/v1/units/{county}/monthly-reports", new { month = "2025-03" })).Problem(HttpStatusCode.BadRequest, "progress");
    }
}

/// <summary>RPT-1's deadline: "每月28日前" reads as by the 28th, China time.</summary>
public class MonthlyReportDeadlineTests
{
    private static readonly UnitRecord County = new() { Id = "unit:C", Code = "C", Name = "某县生态环境局", Kind = UnitKind.CountyBureau };
    private static readonly RulebookVersion Rules = RulebookDefaults.Version1With();

    private static MonthlyReportStatus Status(DateTimeOffset? submittedAt, DateOnly today)
    {
        var submitted = new Dictionary<(int, int), IEvent>();
        if (submittedAt is { } at)
            submitted[(2026, 3)] = new Event<MonthlyReportSubmitted>(new MonthlyReportSubmitted("C", 2026, 3, "进展", null, null)) { Timestamp = at };
        return MonthlyReportRules.StatusOf(County, 2026, 3, submitted, Rules, today);
    }

    [Fact]
    public void A_report_on_the_28th_China_time_is_on_time_and_from_the_29th_it_is_late()
    {
        var today = new DateOnly(2026, 4, 10);
        Status(new DateTimeOffset(2026, 3, 28, 23, 59, 59, TimeSpan.FromHours(8)), today).Status.ShouldBe("OnTime");
        Status(new DateTimeOffset(2026, 3, 28, 15, 59, 59, TimeSpan.Zero), today).Status.ShouldBe("OnTime");
        Status(new DateTimeOffset(2026, 3, 29, 0, 0, 0, TimeSpan.FromHours(8)), today).Status.ShouldBe("Late");
        Status(new DateTimeOffset(2026, 3, 28, 16, 0, 0, TimeSpan.Zero), today).Status.ShouldBe("Late");
        Status(null, today).Deadline.ShouldBe(new DateOnly(2026, 3, 28));
    }

    [Fact]
    public void Nothing_recorded_is_missing_only_from_the_29th()
    {
        Status(null, new DateOnly(2026, 3, 27)).Status.ShouldBe("NotDue");
        Status(null, new DateOnly(2026, 3, 28)).Status.ShouldBe("NotDue");
        Status(null, new DateOnly(2026, 3, 29)).Status.ShouldBe("Missing");
    }
}
