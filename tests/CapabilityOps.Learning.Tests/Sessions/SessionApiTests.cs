using System.Text.Json.Nodes;

namespace CapabilityOps.Learning.Tests.Sessions;

[Collection(ApiCollection.Name)]
public class SessionApiTests(ApiFixture api)
{
    private static object Session(string kind, string heldOn, string topic = "习近平生态文明思想专题学习", decimal? studyHours = null,
        string? format = null, string? festival = null, bool? ecologicalTopic = null, string[]? attendees = null) =>
        new { kind, heldOn, topic, studyHours, format, festival, ecologicalTopic, attendees };

    private static async Task<JsonNode> Recorded(HttpClient client, string unit, object body) =>
        await (await client.PostJson($"/api/v1/units/{unit}/learning-sessions", body)).Json(HttpStatusCode.Created);

    private async Task<JsonNode> UnitYear(string unit, int year)
    {
        await api.WaitForProjections();
        return await api.Client().GetJson($"/api/v1/learning/units/{unit}?year={year}");
    }

    [Fact]
    public async Task Central_group_studies_are_counted_per_quarter_LRN_2()
    {
        var client = api.Client();
        var unit = await client.Unit();
        await Recorded(client, unit, Session("CentralGroupStudy", "2025-02-10", ecologicalTopic: true));
        await Recorded(client, unit, Session("CentralGroupStudy", "2025-03-31"));
        await Recorded(client, unit, Session("CentralGroupStudy", "2025-04-01", ecologicalTopic: true));
        await Recorded(client, unit, Session("CentralGroupStudy", "2025-12-31"));

        var year = await UnitYear(unit, 2025);
        year["centralGroupStudiesByQuarter"]!.AsArray().Select(n => n!.GetValue<int>()).ShouldBe([2, 1, 0, 1]);
        year["ecologicalSessionsByKind"]!["CentralGroupStudy"]!.GetValue<int>().ShouldBe(2);
        var lrn2 = Check(year, "LRN-2");
        lrn2["actual"].Decimal().ShouldBe(3m);
        lrn2["target"].Decimal().ShouldBe(4m);
        lrn2["met"]!.GetValue<bool>().ShouldBeFalse();

        await Recorded(client, unit, Session("CentralGroupStudy", "2025-08-15"));
        Check(await UnitYear(unit, 2025), "LRN-2")["met"]!.GetValue<bool>().ShouldBeTrue();
        (await UnitYear(unit, 2024))["centralGroupStudiesByQuarter"]!.AsArray().Select(n => n!.GetValue<int>()).ShouldBe([0, 0, 0, 0]);
    }

    [Fact]
    public async Task A_concentrated_training_with_hours_credits_each_attendee_once_LRN_3()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var a = await client.Cadre(unit);
        var b = await client.Cadre(unit);
        var c = await client.Cadre(unit);
        Check(await UnitYear(unit, 2025), "LRN-3")["met"]!.GetValue<bool>().ShouldBeFalse();

        var session = await Recorded(client, unit, Session("ConcentratedTraining", "2025-06-20", "全员集中学习培训", studyHours: 6, attendees: [a, b, a]));
        session["attendees"]!.AsArray().Select(x => x!.GetValue<string>()).ShouldBe([a, b]);
        var id = session["id"]!.GetValue<Guid>();

        // Attendance recorded again (and a newcomer): a and b are not credited twice.
        var attendance = await (await client.PostJson($"/api/v1/units/{unit}/learning-sessions/{id}/attendance", new { attendees = new[] { a, b, c } }))
            .Json(HttpStatusCode.Created);
        attendance["added"]!.AsArray().Select(x => x!.GetValue<string>()).ShouldBe([c]);
        attendance["alreadyRecorded"]!.AsArray().Count.ShouldBe(2);
        var repeat = await client.PostJson($"/api/v1/units/{unit}/learning-sessions/{id}/attendance", new { attendees = new[] { a } });
        (await repeat.Json(HttpStatusCode.OK))["added"]!.AsArray().ShouldBeEmpty();

        foreach (var staffNo in new[] { a, b, c })
        {
            var year = await api.CadreYear(staffNo, 2025);
            year["hours"].Decimal().ShouldBe(6m);
            year["sessionHours"].Decimal().ShouldBe(6m);
            year["hoursByChannel"]!["Offline"].Decimal().ShouldBe(6m);
            year["hoursBySource"]!["learning-session"].Decimal().ShouldBe(6m);
            year["sessionsAttended"]!["ConcentratedTraining"]!.GetValue<int>().ShouldBe(1);
        }
        var history = (await client.GetJson($"/api/v1/cadres/{a}/history")).AsArray();
        history.Count(h => h!["type"]!.GetValue<string>() == "LearningSessionAttended").ShouldBe(1);
        history.Last()!["data"]!["creditedHours"].Decimal().ShouldBe(6m);

        var unitYear = await UnitYear(unit, 2025);
        unitYear["concentratedTrainings"]!.GetValue<int>().ShouldBe(1);
        Check(unitYear, "LRN-3")["met"]!.GetValue<bool>().ShouldBeTrue();
        unitYear["sessions"]![0]!["attendees"]!.GetValue<int>().ShouldBe(3);
        (await client.GetJson($"/api/v1/units/{unit}/learning-sessions/{id}"))["attendees"]!.AsArray().Count.ShouldBe(3);
    }

    [Fact]
    public async Task Concurrent_attendance_requests_credit_once()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var a = await client.Cadre(unit);
        var id = (await Recorded(client, unit, Session("ConcentratedTraining", "2025-06-21", studyHours: 3)))["id"]!.GetValue<Guid>();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            client.PostJson($"/api/v1/units/{unit}/learning-sessions/{id}/attendance", new { attendees = new[] { a } })));
        responses.ShouldAllBe(r => (int)r.StatusCode < 500);
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        (await api.CadreYear(a, 2025))["hours"].Decimal().ShouldBe(3m);
    }

    [Fact]
    public async Task A_session_credit_counts_in_the_daily_limit_and_can_be_revoked()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var busy = await client.Cadre(unit);
        await client.LoggedHours(busy, 20, "2025-07-01");
        await (await client.PostJson($"/api/v1/units/{unit}/learning-sessions", Session("ConcentratedTraining", "2025-07-01", studyHours: 6, attendees: [busy])))
            .Problem(HttpStatusCode.BadRequest, "attendees");
        (await client.GetJson($"/api/v1/units/{unit}/learning-sessions?year=2025")).AsArray().Count.ShouldBe(0);

        var id = (await Recorded(client, unit, Session("ConcentratedTraining", "2025-07-02", studyHours: 6, attendees: [busy])))["id"]!.GetValue<Guid>();
        var credit = (await client.GetJson($"/api/v1/cadres/{busy}/study-hours?year=2025")).AsArray()
            .Single(r => r!["sessionId"]?.GetValue<Guid>() == id)!;
        credit["source"]!.GetValue<string>().ShouldBe("learning-session");
        await (await client.PostJson($"/api/v1/cadres/{busy}/study-hours/{credit["id"]}/revocations", new { reason = "提前离场" })).Json(HttpStatusCode.Created);

        var year = await api.CadreYear(busy, 2025);
        year["hours"].Decimal().ShouldBe(20m);
        year["sessionsAttended"]!["ConcentratedTraining"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Law_study_three_meetings_one_lesson_corners_festivals_and_red_education_are_recorded_LRN_5_6_7()
    {
        var client = api.Client();
        var unit = await client.Unit(name: "机关党委");
        var a = await client.Cadre(unit);
        await Recorded(client, unit, Session("PreMeetingLawStudy", "2025-03-03", "《中华人民共和国环境保护法》", ecologicalTopic: true, attendees: [a]));
        await Recorded(client, unit, Session("ThreeMeetingsOneLesson", "2025-03-10", "党课：生态文明建设", ecologicalTopic: true, attendees: [a]));
        await Recorded(client, unit, Session("LearningCorner", "2025-04-01", "我要讲：排污许可", format: "Present", attendees: [a]));
        await Recorded(client, unit, Session("LearningCorner", "2025-04-08", "主动问：环评审批", format: "Ask"));
        await Recorded(client, unit, Session("LearningCorner", "2025-04-15", "共同学：新法规", format: "LearnTogether"));
        await Recorded(client, unit, Session("FestivalActivity", "2025-05-04", "五四青年节团建", festival: "YouthDay", attendees: [a]));
        await Recorded(client, unit, Session("FestivalActivity", "2025-03-08", "三八妇女节健步走", festival: "WomensDay"));
        await Recorded(client, unit, Session("RedEducation", "2025-07-01", "参观革命纪念馆", attendees: [a]));

        var year = await UnitYear(unit, 2025);
        year["sessionsByKind"]!["PreMeetingLawStudy"]!.GetValue<int>().ShouldBe(1);
        year["sessionsByKind"]!["ThreeMeetingsOneLesson"]!.GetValue<int>().ShouldBe(1);
        year["ecologicalSessionsByKind"]!["ThreeMeetingsOneLesson"]!.GetValue<int>().ShouldBe(1);
        year["learningCornerByFormat"]!.AsObject().Select(kv => kv.Value!.GetValue<int>()).ShouldBe([1, 1, 1]);
        year["festivalActivities"]!["YouthDay"]!.GetValue<int>().ShouldBe(1);
        year["festivalActivities"]!["WomensDay"]!.GetValue<int>().ShouldBe(1);
        year["sessionsByKind"]!["RedEducation"]!.GetValue<int>().ShouldBe(1);
        year["sessions"]!.AsArray().Count.ShouldBe(8);

        var cadreYear = await api.CadreYear(a, 2025);
        cadreYear["sessionsAttended"]!["PreMeetingLawStudy"]!.GetValue<int>().ShouldBe(1);
        cadreYear["sessionsAttended"]!["RedEducation"]!.GetValue<int>().ShouldBe(1);
        cadreYear["hours"].Decimal().ShouldBe(0m);
        (await client.GetJson($"/api/v1/units/{unit}/learning-sessions?year=2025&kind=LearningCorner")).AsArray().Count.ShouldBe(3);
        var history = (await client.GetJson($"/api/v1/cadres/{a}/history")).AsArray();
        history.Count(h => h!["type"]!.GetValue<string>() == "LearningSessionAttended").ShouldBe(5);
    }

    [Theory]
    [InlineData("kind", "Party")]
    [InlineData("heldOn", "2099-01-01")]
    [InlineData("topic", "")]
    [InlineData("studyHours", 0)]
    [InlineData("studyHours", 25)]
    [InlineData("format", null)]
    [InlineData("attendees", "NO-SUCH-CADRE")]
    public async Task A_bad_session_is_a_400_naming_the_field_and_records_nothing(string field, object? value)
    {
        var client = api.Client();
        var unit = await client.Unit();
        var body = new JsonObject { ["kind"] = "LearningCorner", ["heldOn"] = "2025-05-05", ["topic"] = "学习", ["format"] = "Ask" };
        body[field] = field == "attendees" ? new JsonArray(JsonValue.Create(value as string)) : value switch
        {
            null => null, int i => i, string s => s, _ => throw new ArgumentException(),
        };
        await (await client.PostJson($"/api/v1/units/{unit}/learning-sessions", body)).Problem(HttpStatusCode.BadRequest, field);
        (await client.GetJson($"/api/v1/units/{unit}/learning-sessions?year=2025")).AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Formats_and_festivals_belong_to_their_kinds_and_attendees_must_have_joined()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var late = await client.Cadre(unit, joinedOn: "2025-09-01");
        await (await client.PostJson($"/api/v1/units/{unit}/learning-sessions", Session("CentralGroupStudy", "2025-05-05", format: "Ask"))).Problem(HttpStatusCode.BadRequest, "format");
        await (await client.PostJson($"/api/v1/units/{unit}/learning-sessions", Session("FestivalActivity", "2025-05-05"))).Problem(HttpStatusCode.BadRequest, "festival");
        await (await client.PostJson($"/api/v1/units/{unit}/learning-sessions", Session("RedEducation", "2025-05-05", attendees: [late]))).Problem(HttpStatusCode.BadRequest, "attendees");
        await (await client.PostJson("/api/v1/units/NO-SUCH-UNIT/learning-sessions", Session("RedEducation", "2025-05-05"))).Problem(HttpStatusCode.NotFound);
        await (await client.PostJson($"/api/v1/units/{unit}/learning-sessions/{Guid.NewGuid()}/attendance", new { attendees = new[] { late } })).Problem(HttpStatusCode.NotFound);
        (await client.GetJson($"/api/v1/cadres/{late}/history")).AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_unit_key_records_sessions_of_its_units_with_its_own_cadres_only()
    {
        var admin = api.Client();
        var city = await admin.Unit();
        var countyA = await admin.Unit("CountyBureau", city);
        var countyB = await admin.Unit("CountyBureau", city);
        var inA = await admin.Cadre(countyA);
        var inB = await admin.Cadre(countyB);
        var key = (await (await admin.PostJson("/api/v1/admin/api-keys", new { name = Ids.Next("k"), role = "UnitWriter", unitCode = countyA }))
            .Json(HttpStatusCode.Created))["key"]!.GetValue<string>();
        var writer = api.Client(apiKey: key);

        await Recorded(writer, countyA, Session("ThreeMeetingsOneLesson", "2025-05-05", attendees: [inA]));
        await (await writer.PostJson($"/api/v1/units/{countyB}/learning-sessions", Session("ThreeMeetingsOneLesson", "2025-05-05"))).Problem(HttpStatusCode.Forbidden);
        await (await writer.PostJson($"/api/v1/units/{countyA}/learning-sessions", Session("ThreeMeetingsOneLesson", "2025-05-06", attendees: [inB]))).Problem(HttpStatusCode.Forbidden);
        (await admin.GetJson($"/api/v1/cadres/{inB}/history")).AsArray().Count.ShouldBe(1);
        await (await writer.GetAsync($"/api/v1/learning/units/{countyB}?year=2025")).Problem(HttpStatusCode.Forbidden);
    }

    private static JsonNode Check(JsonNode year, string rule) => year["checks"]!.AsArray().Single(c => c!["rule"]!.GetValue<string>() == rule)!;
}
