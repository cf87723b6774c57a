using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.StudyHours;

namespace CapabilityOps.Learning.Tests.Decisions;

public class ImportRowTests
{
    private static StudyHoursRow Row(string? staffNo = "A-1", string? hours = "1.5", string? studiedOn = "2026-03-02", string? channel = "Online",
        string? source = "学习强国", string? topic = null, string? externalId = null) => new(7, staffNo, hours, studiedOn, channel, source, topic, externalId);

    [Fact]
    public void A_good_row_becomes_the_command_the_api_takes()
    {
        var (row, errors) = ImportStudyHoursEndpoint.Parse(Row(channel: "线下", studiedOn: "2026/3/2", externalId: "E-1"));
        errors.ShouldBeNull();
        row!.Row.ShouldBe(7);
        row.Command.ShouldBe(new LogStudyHours(1.5m, new(2026, 3, 2), StudyChannel.Offline, "学习强国", null, "E-1"));
        row.DuplicateKey.ShouldBe(StudyHoursKeys.Duplicate("A-1", "学习强国", "E-1"));
    }

    [Fact]
    public void A_row_without_external_id_is_keyed_by_its_content()
    {
        var first = ImportStudyHoursEndpoint.Parse(Row()).Row!;
        var same = ImportStudyHoursEndpoint.Parse(Row(hours: "1.50")).Row!;
        var other = ImportStudyHoursEndpoint.Parse(Row(topic: "另一讲")).Row!;
        first.DuplicateKey.ShouldBe(same.DuplicateKey);
        first.DuplicateKey.ShouldNotBe(other.DuplicateKey);
    }

    [Theory]
    [InlineData("staffNo", null)]
    [InlineData("staffNo", "A 1")]
    [InlineData("hours", "1,5")]
    [InlineData("hours", "0")]
    [InlineData("hours", "24.5")]
    [InlineData("studiedOn", "02.03.2026")]
    [InlineData("studiedOn", null)]
    [InlineData("channel", "Radio")]
    [InlineData("source", null)]
    public void A_bad_field_is_named_once_in_camel_case(string field, string? value)
    {
        var row = field switch
        {
            "staffNo" => Row(staffNo: value),
            "hours" => Row(hours: value),
            "studiedOn" => Row(studiedOn: value),
            "channel" => Row(channel: value),
            _ => Row(source: value),
        };
        var (parsed, errors) = ImportStudyHoursEndpoint.Parse(row);
        parsed.ShouldBeNull();
        errors!.Keys.ShouldBe([field]);
        errors[field].Length.ShouldBe(1);
    }
}
