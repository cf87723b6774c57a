using System.Text.Json.Nodes;

namespace CapabilityOps.Audit.Tests;

/// <summary>
/// One cadre's year told through five systems, in four phases; after each phase the test captures what the live routes
/// answered and the instant it asked — the ground truth the as-of, changes and dossier routes are held to.
/// </summary>
/// <remarks>
/// 1. HR registers a leader (高中, born 1988) in the city bureau; the visits app records 20 rural days (visit A); the
///    learning platform logs 8 online study hours.
/// 2. The talent system records a municipal post-expert title; the visits app records 10 more days (visit B); the city
///    bureau records a concentrated training the cadre attended (4 hours credited: session attendance).
/// 3. Personnel transfers the cadre to a county bureau from 1 July; visit A is revoked as a mistake (a correction).
/// 4. HR records a junior-college diploma from 1 September; the appraisal group assesses 2025; discipline records a warning.
/// </remarks>
public sealed class AuditScenario
{
    public const int Year = 2025;

    public required string City { get; init; }
    public required string County { get; init; }
    public required string StaffNo { get; init; }
    public required Guid VisitA { get; init; }

    /// <summary>The instant after each phase (index 0: phase 1).</summary>
    public List<DateTimeOffset> Instants { get; } = [];

    /// <summary>What the live routes answered right after each phase, by route.</summary>
    public List<Dictionary<string, JsonNode>> Live { get; } = [];

    public string Record => $"/api/v1/cadres/{StaffNo}";
    public string Compliance => $"/api/v1/compliance/cadres/{StaffNo}?year={Year}";
    public string Appraisal => $"/api/v1/appraisals/cadres/{StaffNo}?year={Year}";
    public string[] Routes => [Record, Compliance, Appraisal];

    public static string Instant(DateTimeOffset t) => Uri.EscapeDataString(t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz"));

    public static async Task<AuditScenario> Run(ApiFixture api)
    {
        var admin = api.Client("hr-system");
        var city = await admin.Unit(name: "市生态环境局");
        var county = await admin.Unit("CountyBureau", city, "某县生态环境局");
        var staffNo = await admin.Cadre(city, "Leader", joinedOn: "2015-01-01", birthDate: "1988-01-01", education: "HighSchool", name: "王建国");
        var visits = api.Client("visits-app");
        var visitA = await Visit(visits, staffNo, "2025-03-01", "2025-03-20");
        var learning = api.Client("learning-platform");
        await (await learning.PostJson($"/api/v1/cadres/{staffNo}/study-hours",
            new { hours = 8, studiedOn = "2025-02-10", channel = "Online", source = "学习强国", topic = "习近平生态文明思想" })).Json(HttpStatusCode.Created);
        var scenario = new AuditScenario { City = city, County = county, StaffNo = staffNo, VisitA = visitA };
        await scenario.Capture(admin);

        await (await api.Client("talent-system").PostJson($"/api/v1/cadres/{staffNo}/titles",
            new { kind = "PostExpert", level = "Municipal", title = "全市生态环境系统岗位能手", conferredOn = "2025-05-01" })).Json(HttpStatusCode.Created);
        await Visit(visits, staffNo, "2025-04-01", "2025-04-10");
        await (await learning.PostJson($"/api/v1/units/{city}/learning-sessions", new
        {
            kind = "ConcentratedTraining", heldOn = "2025-04-20", topic = "全员集中学习：新《固体废物污染环境防治法》", studyHours = 4, ecologicalTopic = true,
            attendees = new[] { staffNo },
        })).Json(HttpStatusCode.Created);
        await scenario.Capture(admin);

        await (await api.Client("personnel-desk").PostJson($"/api/v1/cadres/{staffNo}/transfers", new { toUnitCode = county, effectiveOn = "2025-07-01" }))
            .Json(HttpStatusCode.Created);
        await (await visits.PostJson($"/api/v1/cadres/{staffNo}/grassroots-visits/{visitA}/revocations", new { reason = "重复录入" })).Json(HttpStatusCode.Created);
        await scenario.Capture(admin);

        await (await admin.PostJson($"/api/v1/cadres/{staffNo}/education", new { level = "JuniorCollege", awardedOn = "2025-09-01" })).Json(HttpStatusCode.Created);
        await (await api.Client("appraisal-group").PostJson($"/api/v1/cadres/{staffNo}/assessments",
            new { year = Year, morality = 92, ability = 88, diligence = 95, achievement = 90, integrity = 96, comment = "全年工作扎实" })).Json(HttpStatusCode.Created);
        await (await api.Client("discipline-office").PostJson($"/api/v1/cadres/{staffNo}/sanctions",
            new { severity = "Warning", imposedOn = "2025-10-01", violation = "违反工作纪律（保密内容）", outcome = "警告" })).Json(HttpStatusCode.Created);
        await scenario.Capture(admin);
        return scenario;
    }

    private async Task Capture(HttpClient client)
    {
        var live = new Dictionary<string, JsonNode>();
        foreach (var route in Routes) live[route] = await client.GetJson(route);
        Live.Add(live);
        Instants.Add(DateTimeOffset.UtcNow);
        await Task.Delay(30);
    }

    private static async Task<Guid> Visit(HttpClient client, string staffNo, string from, string to) =>
        (await (await client.PostJson($"/api/v1/cadres/{staffNo}/grassroots-visits", new { from, to, kind = "Rural", place = "恩阳区柳林镇" }))
            .Json(HttpStatusCode.Created))["id"]!.GetValue<Guid>();

    /// <summary>A view without the fields that only echo the request (asOf).</summary>
    public static string Comparable(JsonNode view)
    {
        var copy = view.DeepClone().AsObject();
        copy.Remove("asOf");
        return copy.ToJsonString();
    }

    public static JsonNode Check(JsonNode compliance, string rule) =>
        compliance["checks"]!.AsArray().Single(c => c!["rule"]!.GetValue<string>() == rule)!;
}
