using CapabilityOps.Bench.Generation;
using CapabilityOps.Informatization.Contracts.Events;
using Shouldly;
using Xunit;

namespace CapabilityOps.Bench.Tests;

public class InformatizationFactsTests
{
    private static readonly GenerationPlan Plan = new(Cadres: 10, Years: 2, Seed: 8, LastYear: 2025, Today: new DateOnly(2025, 12, 31));

    [Fact]
    public void Systems_stations_with_a_day_of_capture_for_every_day_milestones_and_substitution_items_as_the_API_accepts_them()
    {
        var streams = InformatizationFacts.Streams(Plan, BureauShape.Units).ToList();
        streams.Count.ShouldBe(InformatizationFacts.StreamCount(BureauShape.Units));
        streams.Count(s => s.Events[0] is InformationSystemRegistered).ShouldBe(5);
        var stations = streams.Where(s => s.Events[0] is MonitoringStationRegistered).ToList();
        stations.Count.ShouldBeGreaterThan(10);
        streams.ShouldContain(s => s.Events[0] is InformatizationMilestoneSet);
        streams.ShouldContain(s => s.Events[0] is SubstitutionItemListed);

        var end = new DateTimeOffset(Plan.Today.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).AddDays(1);
        foreach (var stream in streams)
        foreach (var fact in stream.Events)
            switch (fact)
            {
                case DataCaptureReported c:
                    c.Received.ShouldBeLessThanOrEqualTo(c.Expected);
                    c.Received.ShouldBeGreaterThanOrEqualTo(0);
                    c.Day.ShouldBeInRange(Plan.WindowStart, Plan.WindowEnd);
                    break;
                case SystemOutageRecorded o:
                    o.To.ShouldBeGreaterThan(o.From);
                    o.To.ShouldBeLessThanOrEqualTo(end);
                    break;
                case StationOutageRecorded o:
                    o.To.ShouldBeGreaterThan(o.From);
                    o.To.ShouldBeLessThanOrEqualTo(end);
                    break;
            }
        stations.ShouldAllBe(s => s.Events.OfType<DataCaptureReported>().Select(c => c.Day).Distinct().Count() == Plan.WindowEnd.DayNumber - Plan.WindowStart.DayNumber + 1);
    }
}
