using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.Discipline.Tests.Confidential;

/// <summary>
/// DSC-3's confidentiality over HTTP: who may record and read the details, that each read is logged, and that the details
/// appear in no other response of any route for any role.
/// </summary>
[Collection(ApiCollection.Name)]
public class ConfidentialityTests(ApiFixture api)
{
    private const string Violation = "违规收受礼金（保密测试）";
    private const string Outcome = "党内警告处分（保密测试）";
    private const string Reason = "落实整改要求不力（保密测试）";

    private sealed record Scene(string City, string County, string OtherCounty, string StaffNo, Dictionary<string, HttpClient> Clients);

    private async Task<Scene> Arrange()
    {
        var admin = api.Client();
        var city = await admin.Unit();
        var county = await admin.Unit("CountyBureau", city);
        var other = await admin.Unit("CountyBureau", city);
        var staffNo = await admin.Cadre(county, "SectionLevel");
        var clients = new Dictionary<string, HttpClient>
        {
            ["Admin"] = admin,
            ["DisciplineOfficer"] = api.Client(apiKey: await api.IssueKey("DisciplineOfficer", county, Ids.Next("dsc-officer"))),
            ["CityDisciplineOfficer"] = api.Client(apiKey: await api.IssueKey("DisciplineOfficer", city)),
            ["OtherDisciplineOfficer"] = api.Client(apiKey: await api.IssueKey("DisciplineOfficer", other)),
            ["UnitWriter"] = api.Client(apiKey: await api.IssueKey("UnitWriter", county)),
            ["Reader"] = api.Client(apiKey: await api.IssueKey("Reader", county)),
        };
        return new Scene(city, county, other, staffNo, clients);
    }

    [Fact]
    public async Task A_DisciplineOfficer_of_the_cadre_s_county_records_and_reads_the_details_and_every_read_is_logged()
    {
        var s = await Arrange();
        var officer = s.Clients["DisciplineOfficer"];
        await (await officer.PostJson($"/api/v1/cadres/{s.StaffNo}/sanctions", new { severity = "Warning", imposedOn = "2025-05-01", violation = Violation, outcome = Outcome }))
            .Json(HttpStatusCode.Created);
        var admonition = await (await officer.PostJson($"/api/v1/cadres/{s.StaffNo}/admonitions", new { kind = "Admonition", on = "2025-06-01", reason = Reason }))
            .Json(HttpStatusCode.Created);

        var details = await officer.GetJson($"/api/v1/cadres/{s.StaffNo}/discipline");
        details["staffNo"]!.GetValue<string>().ShouldBe(s.StaffNo);
        var sanction = details["sanctions"]!.AsArray().ShouldHaveSingleItem()!;
        (sanction["violation"]!.GetValue<string>(), sanction["outcome"]!.GetValue<string>(), sanction["severity"]!.GetValue<string>())
            .ShouldBe((Violation, Outcome, "Warning"));
        sanction["periodEnds"]!.GetValue<string>().ShouldBe("2025-11-01");
        var given = details["admonitions"]!.AsArray().ShouldHaveSingleItem()!;
        (given["id"]!.GetValue<Guid>(), given["kind"]!.GetValue<string>(), given["reason"]!.GetValue<string>())
            .ShouldBe((admonition["id"]!.GetValue<Guid>(), "Admonition", Reason));
        (await s.Clients["CityDisciplineOfficer"].GetJson($"/api/v1/cadres/{s.StaffNo}/discipline"))["sanctions"]!.AsArray().Count.ShouldBe(1, "a unit above the cadre's covers it");
        await s.Clients["Admin"].GetJson($"/api/v1/cadres/{s.StaffNo}/discipline");

        var reads = (await s.Clients["Admin"].GetJson($"/api/v1/admin/confidential-reads?staffNo={s.StaffNo}")).AsArray();
        reads.Count.ShouldBe(3);
        reads.Select(r => r!["role"]!.GetValue<string>()).ShouldBe(["Admin", "DisciplineOfficer", "DisciplineOfficer"], "newest first");
        var first = reads[^1]!;
        first["id"]!.GetValue<Guid>().ShouldBe(details["readId"]!.GetValue<Guid>());
        first["readBy"]!.GetValue<string>().ShouldStartWith("dsc-officer");
        first["keyUnitCode"]!.GetValue<string>().ShouldBe(s.County);
        first["staffNo"]!.GetValue<string>().ShouldBe(s.StaffNo);
        (DateTimeOffset.UtcNow - first["readAt"]!.GetValue<DateTimeOffset>()).ShouldBeLessThan(TimeSpan.FromMinutes(1));
        reads[0]!["keyUnitCode"].ShouldBeNull();
        (await s.Clients["Admin"].GetJson("/api/v1/admin/confidential-reads")).AsArray().Select(r => r!["staffNo"]!.GetValue<string>()).ShouldContain(s.StaffNo);
        (await s.Clients["Admin"].GetJson($"/api/v1/admin/confidential-reads?staffNo={Ids.Next("S")}")).AsArray().Count.ShouldBe(0);
        await (await officer.GetAsync("/api/v1/admin/confidential-reads")).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Readers_UnitWriters_and_DisciplineOfficers_of_another_county_get_403_and_leave_no_read_in_the_log()
    {
        var s = await Arrange();
        await (await s.Clients["Admin"].PostJson($"/api/v1/cadres/{s.StaffNo}/sanctions", new { severity = "Demerit", imposedOn = "2025-05-01", violation = Violation }))
            .Json(HttpStatusCode.Created);
        var before = await api.CountEvents();
        foreach (var role in new[] { "Reader", "UnitWriter", "OtherDisciplineOfficer" })
        {
            var client = s.Clients[role];
            await (await client.GetAsync($"/api/v1/cadres/{s.StaffNo}/discipline")).Problem(HttpStatusCode.Forbidden);
            await (await client.PostJson($"/api/v1/cadres/{s.StaffNo}/sanctions", new { severity = "Warning", imposedOn = "2025-05-01", violation = "x" }))
                .Problem(HttpStatusCode.Forbidden);
            await (await client.PostJson($"/api/v1/cadres/{s.StaffNo}/admonitions", new { kind = "Admonition", on = "2025-05-01", reason = "x" }))
                .Problem(HttpStatusCode.Forbidden);
        }
        (await api.CountEvents()).ShouldBe(before);
        (await s.Clients["Admin"].GetJson($"/api/v1/admin/confidential-reads?staffNo={s.StaffNo}")).AsArray().Count.ShouldBe(0);
        await (await s.Clients["Admin"].GetAsync($"/api/v1/cadres/{Ids.Next("S")}/discipline")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_admonitions_and_sanctions_are_400s_naming_the_fields_and_record_nothing()
    {
        var s = await Arrange();
        var officer = s.Clients["DisciplineOfficer"];
        var before = await api.CountEvents();
        await (await officer.PostJson($"/api/v1/cadres/{s.StaffNo}/admonitions", new { kind = "Reprimand", on = "2025-05-01", reason = "x" }))
            .Problem(HttpStatusCode.BadRequest, "kind");
        await (await officer.PostJson($"/api/v1/cadres/{s.StaffNo}/admonitions", new { kind = "Admonition", on = "2999-01-01", reason = "x" }))
            .Problem(HttpStatusCode.BadRequest, "on");
        await (await officer.PostJson($"/api/v1/cadres/{s.StaffNo}/admonitions", new { kind = "Admonition", on = "2025-05-01", reason = " " }))
            .Problem(HttpStatusCode.BadRequest, "reason");
        await (await officer.PostJson($"/api/v1/cadres/{s.StaffNo}/sanctions", new { severity = "Dismissed", imposedOn = "2025-05-01", violation = "x" }))
            .Problem(HttpStatusCode.BadRequest, "severity");
        await (await officer.PostJson($"/api/v1/cadres/{s.StaffNo}/sanctions", new { severity = "Warning", imposedOn = "2999-05-01", violation = "x" }))
            .Problem(HttpStatusCode.BadRequest, "imposedOn");
        (await api.CountEvents()).ShouldBe(before);
    }

    [Fact]
    public async Task The_details_appear_in_no_other_response_of_any_route_for_any_role()
    {
        var s = await Arrange();
        var admin = s.Clients["Admin"];
        await (await admin.PostJson($"/api/v1/cadres/{s.StaffNo}/sanctions", new { severity = "Warning", imposedOn = "2025-05-01", violation = Violation, outcome = Outcome }))
            .Json(HttpStatusCode.Created);
        await (await admin.PostJson($"/api/v1/cadres/{s.StaffNo}/admonitions", new { kind = "OrganisationalHandling", on = "2025-06-01", reason = Reason }))
            .Json(HttpStatusCode.Created);
        await api.WaitForReadModel();

        var routes = api.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true
                        && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => e.RoutePattern.RawText!).Distinct().ToList();
        routes.ShouldContain("/api/v1/cadres/{staffNo}/history");
        routes.ShouldContain("/api/v1/cadres/{staffNo}/dossier.xlsx");
        var searched = 0;
        foreach (var route in routes)
        {
            var path = route.Replace("{staffNo}", s.StaffNo).Replace("{code}", s.County).Replace("{unit}", s.County);
            path = System.Text.RegularExpressions.Regex.Replace(path, @"\{[^}]+\}", "1");
            path += (path.Contains('?') ? "&" : "?") + $"year=2025&unit={s.County}&unitCode={s.County}&staffNo={s.StaffNo}&month=2025-06&from=2000-01-01T00:00:00Z";
            foreach (var (role, client) in s.Clients)
            {
                var response = await client.GetAsync(path);
                var body = await Body(response);
                searched++;
                if (route == "/api/v1/cadres/{staffNo}/discipline" && response.IsSuccessStatusCode)
                {
                    body.ShouldContain(Violation);
                    continue;
                }
                foreach (var secret in new[] { Violation, Outcome, Reason })
                    body.ShouldNotContain(secret, customMessage: $"GET {path} as {role} ({(int)response.StatusCode})");
            }
        }
        searched.ShouldBeGreaterThan(100);

        // The history and dossier show a neutral entry for each, to the administrator too.
        var history = (await admin.GetJson($"/api/v1/cadres/{s.StaffNo}/history?module=Discipline")).AsArray();
        history.Select(h => h!["data"]!.ToJsonString()).ShouldBe(["""{"confidential":true}""", """{"confidential":true}"""]);
    }

    /// <summary>The text of a response; a workbook's parts unzipped, so a cell's text is searched too.</summary>
    private static async Task<string> Body(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (bytes.Length < 4 || bytes[0] != (byte)'P' || bytes[1] != (byte)'K') return Encoding.UTF8.GetString(bytes);
        using var zip = new ZipArchive(new MemoryStream(bytes));
        var text = new StringBuilder();
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            text.Append(await reader.ReadToEndAsync());
        }
        text.ToString().ShouldNotBeEmpty();
        return text.ToString();
    }
}
