using System.Text.Json.Nodes;

namespace CapabilityOps.Learning.Tests.StudyHours;

/// <summary>
/// An import records a cadre's rows of a batch as one fact (StudyHoursImported): the same rows sent one POST each and
/// imported as a file must read the same everywhere — the list, the learning view, compliance, the history (one entry per
/// record, apart from the import's batch marker), as of an instant, and after a revocation of one record.
/// </summary>
[Collection(ApiCollection.Name)]
public class ImportEquivalenceTests(ApiFixture api)
{
    private const string Header = "staffNo,hours,studiedOn,channel,source,topic,externalId";

    private sealed record Row(int Cadre, decimal Hours, string StudiedOn, string Channel, string Source, string? Topic, string ExternalId);

    private static readonly Row[] File =
    [
        new(0, 2.5m, "2025-01-06", "Online", "学习强国", "第一讲", "E-1"),
        new(1, 20m, "2025-01-06", "Offline", "党校", "读书班", "E-2"),
        new(0, 1m, "2025-02-03", "Offline", "cadre-academy", null, "E-3"),
        new(1, 5m, "2025-01-06", "Online", "学习强国", null, "E-4"),          // 20 + 5 > 24 on that day: refused both ways
        new(2, 12m, "2025-03-10", "Online", "e-library", "生态文明", "E-5"),
        new(0, 3m, "2025-04-01", "Online", "学习强国", null, "E-1"),          // a duplicate of the first row
        new(2, 60m / 8, "2025-05-05", "Offline", "党校", null, "E-6"),
        new(1, 4m, "2024-12-30", "Online", "学习强国", null, "E-7"),           // last year
    ];

    [Fact]
    public async Task The_same_rows_posted_one_by_one_and_imported_read_the_same_in_every_view()
    {
        var client = api.Client("equivalence");
        var unit = await client.Unit();
        string[] posted = [await client.Cadre(unit, name: "甲"), await client.Cadre(unit, name: "乙"), await client.Cadre(unit, name: "丙")];
        string[] imported = [await client.Cadre(unit, name: "甲"), await client.Cadre(unit, name: "乙"), await client.Cadre(unit, name: "丙")];

        foreach (var r in File)
            await client.LogHours(posted[r.Cadre], r.Hours, r.StudiedOn, r.Channel, r.Source, r.Topic, r.ExternalId);
        var csv = Header + "\n" + string.Join("\n", File.Select(r =>
            $"{imported[r.Cadre]},{r.Hours.ToString(System.Globalization.CultureInfo.InvariantCulture)},{r.StudiedOn},{r.Channel},{r.Source},{r.Topic},{r.ExternalId}"));
        var result = await (await client.PostRaw("/api/v1/imports/study-hours", csv, "text/csv")).Json(HttpStatusCode.OK);
        result["accepted"]!.GetValue<int>().ShouldBe(6);
        result["duplicates"]!.GetValue<int>().ShouldBe(1);
        result["rejected"]!.AsArray().Select(r => r!["row"]!.GetValue<int>()).ShouldBe([5]);
        var afterRecording = DateTimeOffset.UtcNow;
        await Task.Delay(20);

        await CompareAsync(client, posted, imported, afterRecording);

        // Revoking a record inside a batch addresses it by its own id, as a posted record is.
        foreach (var side in new[] { posted, imported })
        {
            var records = (await client.GetJson($"/api/v1/cadres/{side[2]}/study-hours?year=2025")).AsArray();
            var id = records.Single(r => r!["externalId"]!.GetValue<string>() == "E-5")!["id"]!.GetValue<Guid>();
            await (await client.PostJson($"/api/v1/cadres/{side[2]}/study-hours/{id}/revocations", new { reason = "重复录入" })).Json(HttpStatusCode.Created);
            await (await client.PostJson($"/api/v1/cadres/{side[2]}/study-hours/{id}/revocations", new { reason = "again" })).Problem(HttpStatusCode.Conflict);
            (await client.GetJson($"/api/v1/cadres/{side[2]}/study-hours/{id}"))["revoked"]!.GetValue<bool>().ShouldBeTrue();
        }
        await CompareAsync(client, posted, imported, afterRecording);

        // The same file again records nothing, and answers as the contract says: every recorded row a duplicate.
        var events = await api.CountEvents();
        var again = await (await client.PostRaw("/api/v1/imports/study-hours", csv, "text/csv")).Json(HttpStatusCode.OK);
        again["accepted"]!.GetValue<int>().ShouldBe(0);
        again["duplicates"]!.GetValue<int>().ShouldBe(7);
        again["rejected"]!.AsArray().Select(r => r!["row"]!.GetValue<int>()).ShouldBe([5]);
        (await api.CountEvents()).ShouldBe(events);
        await CompareAsync(client, posted, imported, afterRecording);
    }

    private async Task CompareAsync(HttpClient client, string[] posted, string[] imported, DateTimeOffset asOf)
    {
        for (var i = 0; i < posted.Length; i++)
        {
            var (p, m) = (posted[i], imported[i]);
            foreach (var url in new[]
                     {
                         "/api/v1/cadres/{0}/study-hours?year=2025", "/api/v1/cadres/{0}/study-hours?year=2024",
                         "/api/v1/learning/cadres/{0}?year=2025", "/api/v1/learning/cadres/{0}?year=2024",
                         $"/api/v1/learning/cadres/{{0}}?year=2025&asOf={Learning.Iso(asOf)}",
                         "/api/v1/compliance/cadres/{0}?year=2025", $"/api/v1/compliance/cadres/{{0}}?year=2025&asOf={Learning.Iso(asOf)}",
                     })
            {
                var expected = Normal(await client.GetJson(string.Format(url, p)), p);
                var actual = Normal(await client.GetJson(string.Format(url, m)), m);
                actual.ShouldBe(expected, url);
            }

            // The history: every record an entry of its own; only the import's entries carry the batch marker.
            var (postedHistory, importedHistory) = ((await client.GetJson($"/api/v1/cadres/{p}/history")).AsArray(),
                (await client.GetJson($"/api/v1/cadres/{m}/history")).AsArray());
            postedHistory.ShouldAllBe(h => h!["importBatch"] == null);
            importedHistory.Where(h => h!["type"]!.GetValue<string>() == "StudyHoursLogged").ShouldAllBe(h => h!["importBatch"] != null);
            Normal(importedHistory, m).ShouldBe(Normal(postedHistory, p));
        }
    }

    /// <summary>Fields that differ by construction (ids, instants, positions, the batch marker), left out; the staff number as a placeholder.</summary>
    private static readonly HashSet<string> Unequal =
        ["id", "recordId", "version", "sequence", "recordedAt", "correlationId", "importBatch", "evidence", "computedAt", "asOf", "streamVersion"];

    private static string Normal(JsonNode node, string staffNo)
    {
        var copy = node.DeepClone();
        Strip(copy);
        return copy.ToJsonString().Replace(staffNo, "STAFF");
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).Where(Unequal.Contains).ToList()) o.Remove(key);
                foreach (var (_, value) in o) Strip(value);
                break;
            case JsonArray a:
                foreach (var item in a) Strip(item);
                break;
        }
    }
}
