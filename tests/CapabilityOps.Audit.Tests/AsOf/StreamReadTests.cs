using System.Text.Json;
using CapabilityOps.Appraisal.Compliance;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Cadres;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.SharedKernel;
using JasperFx.Events;
using Marten;
using Marten.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace CapabilityOps.Audit.Tests.AsOf;

/// <summary>
/// The as-of routes read a cadre's stream with <see cref="StreamEvents"/> instead of Marten's <c>FetchStreamAsync</c>: held to
/// Marten's read, event by event and answer by answer, before the first event, at each event's instant, a microsecond before
/// it, between events and after the last, over a stream with corrections (a transfer, a diploma, a rank change) and revocations.
/// </summary>
[Collection(ApiCollection.Name)]
public class StreamReadTests(ApiFixture api)
{
    private IDocumentStore Store => api.Host.Services.GetRequiredService<IDocumentStore>();

    [Fact]
    public async Task At_every_instant_the_read_gives_Marten_s_events_field_by_field()
    {
        var (key, instants) = await Story();
        var serializer = Store.Options.Serializer();
        await using var session = Store.QuerySession();
        var counts = new HashSet<int>();
        foreach (var instant in instants.Cast<DateTimeOffset?>().Append(null))
        {
            var marten = await MartenReadAsync(session, key, instant);
            var read = await session.ReadStreamAsync(key, instant);
            Describe(read, serializer).ShouldBe(Describe(marten, serializer), $"as of {instant:O}");
            counts.Add(read.Count);
            // Only some types: those of Marten's events, and the last event whatever its type.
            var some = await session.ReadStreamAsync(key, instant, [typeof(CadreTransferred), typeof(StudyHoursRevoked)]);
            Describe(some, serializer).ShouldBe(Describe(marten.Where((e, i) => e.Data is CadreTransferred or StudyHoursRevoked || i == marten.Count - 1).ToList(), serializer),
                $"some types as of {instant:O}");
        }
        counts.ShouldContain(0);
        counts.Count.ShouldBeGreaterThan(10, "the instants should cut the stream in many places");
    }

    [Fact]
    public async Task At_every_instant_the_record_and_compliance_as_of_answer_what_Marten_s_read_makes_of_it()
    {
        var (key, instants) = await Story();
        var services = api.Host.Services;
        var json = services.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;
        var calculator = services.GetRequiredService<ComplianceCalculator>();
        var years = services.GetRequiredService<IYearViews>();
        var staffNo = StreamKeys.StaffNoOf(key);
        var client = api.Client();
        await using var session = Store.QuerySession();
        foreach (var t in instants)
        {
            var query = AuditScenario.Instant(t);
            var asOf = DateTimeOffset.Parse(Uri.UnescapeDataString(query), System.Globalization.CultureInfo.InvariantCulture); // as the route parses it
            var events = await MartenReadAsync(session, key, asOf);

            var cadre = CadreRecordFold.Fold(key, events);
            (await Answer(client, $"/api/v1/cadres/{staffNo}?asOf={query}"))
                .ShouldBe(cadre is null ? "404" : JsonSerializer.Serialize(CadreView.From(cadre, events[^1].Version), json), $"record as of {t:O}");

            var (year, _) = await years.ResolveAsync(session, AuditScenario.Year, asOf);
            var compliance = calculator.Evaluate(key, events, year!);
            (await Answer(client, $"/api/v1/compliance/cadres/{staffNo}?year={AuditScenario.Year}&asOf={query}"))
                .ShouldBe(compliance is null ? "404" : JsonSerializer.Serialize(CadreComplianceView.From(compliance, asOf), json), $"compliance as of {t:O}");
        }
    }

    [Fact]
    public async Task A_read_for_some_years_leaves_out_only_year_bound_facts_dated_wholly_outside_them_and_keeps_the_last_event()
    {
        var (key, _) = await Story();
        var staffNo = StreamKeys.StaffNoOf(key);
        var client = api.Client("learning-platform");
        foreach (var (hours, day) in new[] { (2, "2023-05-05"), (4, "2024-06-06") })
            await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours",
                new { hours, studiedOn = day, channel = "Online", source = "学习强国", externalId = $"w-{day}" })).Json(HttpStatusCode.Created);
        const string header = "staffNo,hours,studiedOn,channel,source,topic,externalId";
        // A batch wholly in 2023, and one reaching from 2024 into 2025; the last event is a 2024 record, outside the window below.
        await (await client.PostRaw("/api/v1/imports/study-hours", $"{header}\n{staffNo},1,2023-02-02,Online,学习强国,,w-i1", "text/csv")).Json(HttpStatusCode.OK);
        await (await client.PostRaw("/api/v1/imports/study-hours",
            $"{header}\n{staffNo},1,2024-12-30,Online,学习强国,,w-i2\n{staffNo},1,2025-01-02,Online,学习强国,,w-i3", "text/csv")).Json(HttpStatusCode.OK);
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours",
            new { hours = 1, studiedOn = "2024-07-07", channel = "Online", source = "学习强国", externalId = "w-last" })).Json(HttpStatusCode.Created);

        var yearBound = api.Host.Services.GetServices<YearBoundEvent>().ToList();
        yearBound.Select(b => b.EventType).ShouldBeSubsetOf(Store.Options.Events.AllKnownEventTypes().Select(t => t.EventType));
        yearBound.Select(b => b.EventType).ShouldContain(typeof(StudyHoursImported));
        var bounds = yearBound.ToDictionary(b => b.EventType);
        var serializer = Store.Options.Serializer();
        await using var session = Store.QuerySession();
        var all = (await session.ReadStreamsAsync([key]))[key];
        var read = (await session.ReadStreamsAsync([key], new YearWindow(2025, 2025, yearBound)))[key];

        bool Outside(object data) => data switch
        {
            StudyHoursLogged l => l.StudiedOn.Year != 2025,
            StudyHoursRevoked r => r.StudiedOn.Year != 2025,
            StudyHoursImported i => i.Records.All(r => r.StudiedOn.Year != 2025),
            _ => bounds.TryGetValue(data.GetType(), out var bound) && bound.Outside(data, 2025), // the other modules' dated facts in the story
        };
        var expected = all.Where((e, i) => !Outside(e.Data) || i == all.Count - 1).ToList();
        Describe(read, serializer).ShouldBe(Describe(expected, serializer));
        read.Count.ShouldBeLessThanOrEqualTo(all.Count - 3, "the 2023 and 2024 records and the 2023 batch left out, the last event kept");
        read.Any(e => e.Data is StudyHoursImported { Records: [_, _] }).ShouldBeTrue("the batch reaching into 2025 is read");
        (await session.ReadStreamsAsync([key], new YearWindow(2023, 2025, yearBound)))[key].Count.ShouldBe(all.Count);
    }

    [Fact]
    public async Task A_read_since_a_version_gives_each_stream_exactly_its_later_events_and_leaves_out_streams_with_none()
    {
        var (first, _) = await Story();
        var (second, _) = await Story();
        var serializer = Store.Options.Serializer();
        await using var session = Store.QuerySession();
        var all = await session.ReadStreamsAsync([first, second]);
        var since = new Dictionary<string, long> { [first] = all[first][^1].Version - 3, [second] = all[second][^1].Version };

        var read = await session.ReadStreamsSinceAsync(since);

        read.ShouldHaveSingleItem().Key.ShouldBe(first, "nothing was appended to the second stream after its last version");
        Describe(read[first], serializer).ShouldBe(Describe(all[first].Skip(all[first].Count - 3).ToList(), serializer));
        read[first].Select(e => e.Version).ShouldBe(all[first].Select(e => e.Version).Where(v => v > since[first]));
    }

    [Fact]
    public async Task A_stream_holding_a_type_the_store_does_not_know_is_read_by_Marten()
    {
        // Written and read in a transaction that is rolled back: the daemon and the other tests never see the row.
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var key = StreamKeys.Cadre(Ids.Next("E"));
        await using (var insert = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new("insert into capops.mt_streams (id, version) values ($1, 1)") { Parameters = { new() { Value = key } } },
                new("insert into capops.mt_events (seq_id, id, stream_id, version, data, type, mt_dotnet_type) " +
                    "values (9000000000000000000, gen_random_uuid(), $1, 1, '{}', 'retired_fact', 'Nowhere.RetiredFact, Nowhere')") { Parameters = { new() { Value = key } } },
            },
        })
            await insert.ExecuteNonQueryAsync();
        await using var session = Store.QuerySession(SessionOptions.ForTransaction(transaction));

        var marten = await Should.ThrowAsync<Exception>(() => session.Events.FetchStreamAsync(key));
        var read = await Should.ThrowAsync<Exception>(() => session.ReadStreamAsync(key, null));
        read.GetType().ShouldBe(marten.GetType());
        await transaction.RollbackAsync();
    }

    /// <summary>The audit story (revocations, a transfer, a diploma, …), a study-hours record revoked and a rank change after it; the instants to ask at.</summary>
    private async Task<(string Key, List<DateTimeOffset> Instants)> Story()
    {
        var s = await AuditScenario.Run(api);
        var client = api.Client("learning-platform");
        var logged = await (await client.PostJson($"/api/v1/cadres/{s.StaffNo}/study-hours",
            new { hours = 3, studiedOn = "2025-03-03", channel = "Offline", source = "cadre-academy", topic = "排污许可" })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/cadres/{s.StaffNo}/study-hours/{logged["id"]}/revocations", new { reason = "录错" })).Json(HttpStatusCode.Created);

        await (await api.Client("hr-system").PostJson($"/api/v1/cadres/{s.StaffNo}/rank-changes", new { rank = "SectionLevel", effectiveOn = "2025-11-01" }))
            .Json(HttpStatusCode.Created);

        var key = StreamKeys.Cadre(s.StaffNo);
        await using var session = Store.QuerySession();
        var stamps = (await session.Events.FetchStreamAsync(key)).Select(e => e.Timestamp).ToList();
        var tick = TimeSpan.FromMicroseconds(1); // the database's resolution
        var instants = new List<DateTimeOffset> { stamps[0] - tick, stamps[^1] + TimeSpan.FromSeconds(1) };
        for (var i = 0; i < stamps.Count; i++)
        {
            instants.Add(stamps[i]);
            instants.Add(stamps[i] - tick);
            if (i + 1 < stamps.Count) instants.Add(stamps[i] + (stamps[i + 1] - stamps[i]) / 2);
        }
        return (key, instants);
    }

    private static async Task<IReadOnlyList<IEvent>> MartenReadAsync(IQuerySession session, string key, DateTimeOffset? asOf) =>
        asOf is { } t ? await session.Events.FetchStreamAsync(key, timestamp: t.ToUniversalTime()) : await session.Events.FetchStreamAsync(key);

    private static List<string> Describe(IReadOnlyList<IEvent> events, ISerializer serializer) =>
        events.Select(e => string.Join(" | ", e.Id, e.Version, e.Sequence, e.Timestamp.ToString("O"), e.UserName, e.StreamKey, e.EventType,
            e.EventTypeName, e.DotNetTypeName, e.Data.GetType(), serializer.ToJson(e.Data))).ToList();

    /// <summary>The body of a 200, or the status code of anything else.</summary>
    private static async Task<string> Answer(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : ((int)response.StatusCode).ToString();
    }
}
