using static CapabilityOps.Training.Tests.TrainingApi;

namespace CapabilityOps.Training.Tests;

[Collection(ApiCollection.Name)]
public class TrainingTests(ApiFixture api)
{
    private static object Training(decimal hours = 12m, string? externalId = "PX-1", string from = "2025-03-01", string to = "2025-03-02", string kind = "Special") =>
        new { title = "排污许可专项培训", kind, level = "Municipal", organiser = "市局人事科", from, to, hours, externalId };

    [Fact]
    public async Task A_12_hour_training_lifts_LRN_1_by_12_once_in_the_learning_view_and_compliance_and_a_re_post_is_409()
    {
        var client = api.Client();
        var city = await client.Unit();
        var staffNo = await client.Cadre(city);
        (await client.LearningHours(staffNo, 2025)).ShouldBe(0);

        var id = (await (await client.PostJson($"/api/v1/cadres/{staffNo}/trainings", Training())).Json(HttpStatusCode.Created))["id"]!.GetValue<string>();
        Guid.Parse(id);
        var before = await api.CountEvents();
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/trainings", Training(hours: 8m))).Problem(HttpStatusCode.Conflict);
        (await api.CountEvents()).ShouldBe(before);

        var learning = await client.GetJson($"/api/v1/learning/cadres/{staffNo}?year=2025");
        learning["hours"]!.GetValue<decimal>().ShouldBe(12m);
        learning["hoursBySource"]!["training"]!.GetValue<decimal>().ShouldBe(12m);
        (await client.Lrn1(staffNo, 2025)).ShouldBe(12m);
        (await client.Lrn1(staffNo, 2024)).ShouldBe(0m);
        var explained = await client.GetJson($"/api/v1/compliance/cadres/{staffNo}/explain?year=2025&rule=LRN-1");
        explained["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).ShouldBe(["TrainingAttended"]);

        // Another organiser's record with the same id, and one with no id, are trainings of their own.
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/trainings", new { title = "院士讲座", kind = "AcademicianLecture", level = "National",
            organiser = "学习强国", from = "2025-05-01", to = "2025-05-01", hours = 2m, externalId = "PX-1" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/trainings", Training(hours: 3m, externalId: null))).Json(HttpStatusCode.Created);
        (await client.LearningHours(staffNo, 2025)).ShouldBe(17m);

        await api.WaitForReadModel();
        var unit = await client.GetJson($"/api/v1/compliance/units/{city}?year=2025");
        Check(unit, "LRN-1")!["met"]!.GetValue<int>().ShouldBe(0); // 17 of 60 hours
        (await client.History(staffNo)).Count(t => t == "TrainingAttended").ShouldBe(3);
    }

    [Fact]
    public async Task Bad_trainings_are_400s_naming_the_field_and_record_nothing()
    {
        var client = api.Client();
        var city = await client.Unit();
        var staffNo = await client.Cadre(city);
        var before = await api.CountEvents();
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/trainings", Training(from: "2025-03-02", to: "2025-03-01"))).Problem(HttpStatusCode.BadRequest, "to");
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/trainings", Training(hours: 201m))).Problem(HttpStatusCode.BadRequest, "hours");
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/trainings", Training(hours: -1m))).Problem(HttpStatusCode.BadRequest, "hours");
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/trainings", Training(kind: "Picnic"))).Problem(HttpStatusCode.BadRequest, "kind");
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/trainings", Training(from: "2009-12-01", to: "2009-12-02"))).Problem(HttpStatusCode.BadRequest, "from");
        (await api.CountEvents()).ShouldBe(before);
        await (await client.PostJson("/api/v1/cadres/NO-SUCH/trainings", Training())).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_business_training_meets_TRN_5_credits_its_attendees_and_names_each_attendee_outside_the_subtree()
    {
        var client = api.Client();
        var city = await client.Unit();
        var office = await client.Unit("Department", city);
        var idle = await client.Unit("Department", city);
        var county = await client.Unit("CountyBureau", city);
        var attendee = await client.Cadre(office);
        var outsider = await client.Cadre(county);

        var refused = await (await client.PostJson($"/api/v1/units/{office}/business-trainings",
            new { title = "案卷制作培训", heldOn = "2025-05-20", hours = 6m, attendees = new[] { attendee, outsider, "NO-SUCH" } })).Problem(HttpStatusCode.BadRequest);
        refused["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["attendees[1]", "attendees[2]"], ignoreOrder: true);
        await (await client.PostJson($"/api/v1/units/{office}/business-trainings",
            new { title = "案卷制作培训", heldOn = "2025-05-20", hours = 201m, attendees = new[] { attendee } })).Problem(HttpStatusCode.BadRequest, "hours");

        await (await client.PostJson($"/api/v1/units/{office}/business-trainings",
            new { title = "案卷制作培训", heldOn = "2025-05-20", hours = 6m, attendees = new[] { attendee } })).Json(HttpStatusCode.Created);

        (await client.LearningHours(attendee, 2025)).ShouldBe(6m);
        (await client.Lrn1(attendee, 2025)).ShouldBe(6m);
        (await client.History(attendee)).ShouldContain("BusinessTrainingAttended");

        var met = Check(await client.GetJson($"/api/v1/compliance/units/{office}?year=2025"), "TRN-5", "unitChecks")!;
        met["met"]!.GetValue<bool>().ShouldBeTrue();
        met["actual"]!.GetValue<decimal>().ShouldBe(1);
        Check(await client.GetJson($"/api/v1/compliance/units/{idle}?year=2025"), "TRN-5", "unitChecks")!["met"]!.GetValue<bool>().ShouldBeFalse();
        Check(await client.GetJson($"/api/v1/compliance/units/{office}?year=2024"), "TRN-5", "unitChecks")!["met"]!.GetValue<bool>().ShouldBeFalse();
        Check(await client.GetJson($"/api/v1/compliance/units/{city}?year=2025"), "TRN-5", "unitChecks").ShouldBeNull();
    }

    [Fact]
    public async Task A_practice_event_records_each_participant_s_result_in_their_history()
    {
        var client = api.Client();
        var city = await client.Unit();
        var first = await client.Cadre(city);
        var second = await client.Cadre(city);
        var body = new
        {
            kind = "MonitoringContest", title = "全市监测大比武", heldOn = "2025-06-18", organiserUnitCode = city,
            results = new object[] { new { staffNo = first, rank = 1, score = 96.5m, award = "一等奖" }, new { staffNo = second, rank = 2 } },
        };
        await (await client.PostJson("/api/v1/practice-events", body)).Json(HttpStatusCode.Created);
        (await client.History(first)).ShouldContain("PracticeResultRecorded");
        (await client.History(second)).ShouldContain("PracticeResultRecorded");

        await (await client.PostJson("/api/v1/practice-events", new
        {
            kind = "MonitoringContest", title = "全市监测大比武", heldOn = "2025-06-18", organiserUnitCode = city,
            results = new object[] { new { staffNo = first }, new { staffNo = "NO-SUCH" } },
        })).Problem(HttpStatusCode.BadRequest, "results[1].staffNo");
        await (await client.PostJson("/api/v1/practice-events", new
        {
            kind = "Marathon", title = "x", heldOn = "2025-06-18", organiserUnitCode = city, results = new object[] { new { staffNo = first } },
        })).Problem(HttpStatusCode.BadRequest, "kind");
    }
}
