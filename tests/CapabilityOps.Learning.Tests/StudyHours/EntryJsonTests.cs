using System.Text;
using System.Text.Json.Nodes;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Learning.StudyHours;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.Learning.Tests.StudyHours;

/// <summary>
/// A logged record's entry is stored with its event's JSON: the writers store the event's, and a rebuild copies it in
/// SQL (StudyHoursWriter.CopyEntriesAsync). That holds only while the two serialise alike, field for field.
/// </summary>
[Collection(ApiCollection.Name)]
public class EntryJsonTests(ApiFixture api)
{
    [Theory]
    [InlineData("党课", "EXT-1", "E1|4:学习强国|EXT-1")]
    [InlineData(null, null, null)]
    public void A_logged_records_entry_has_its_events_json(string? topic, string? externalId, string? duplicateKey)
    {
        var serializer = api.Host.Services.GetRequiredService<IDocumentStore>().Options.Serializer();
        var logged = new StudyHoursLogged(Guid.NewGuid(), "E1", 2.50m, new DateOnly(2025, 3, 1), StudyChannel.Offline, "学习强国", topic, externalId, duplicateKey);

        var eventJson = serializer.ToJson(logged);
        JsonNode.DeepEquals(JsonNode.Parse(serializer.ToJson(StudyHoursEntryProjection.EntryOf(logged))), JsonNode.Parse(eventJson)).ShouldBeTrue();

        var entry = serializer.FromJson<StudyHoursEntry>(new MemoryStream(Encoding.UTF8.GetBytes(eventJson)));
        entry.Id.ShouldBe(logged.RecordId);
        (entry.StaffNo, entry.Hours, entry.StudiedOn, entry.Channel, entry.Source).ShouldBe(("E1", 2.50m, new DateOnly(2025, 3, 1), StudyChannel.Offline, "学习强国"));
        (entry.Topic, entry.ExternalId, entry.DuplicateKey, entry.SessionId).ShouldBe((topic, externalId, duplicateKey, null));
        entry.DayKey.ShouldBe("E1|2025-03-01");
    }
}
