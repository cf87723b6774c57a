using CapabilityOps.Informatization.Capture;
using CapabilityOps.Informatization.Contracts.Events;

namespace CapabilityOps.Informatization.Tests.Capture;

public class CaptureMonthTests
{
    [Fact]
    public void A_day_reported_again_replaces_its_figures_in_the_months_totals()
    {
        var id = CaptureMonth.IdOf("ST-1", new DateOnly(2025, 3, 1));
        var month = CaptureMonth.Apply(null, id, new DataCaptureReported("ST-1", "U", new DateOnly(2025, 3, 1), 24, 20));
        month = CaptureMonth.Apply(month, id, new DataCaptureReported("ST-1", "U", new DateOnly(2025, 3, 2), 24, 24));
        month = CaptureMonth.Apply(month, id, new DataCaptureReported("ST-1", "U", new DateOnly(2025, 3, 1), 24, 23));

        id.ShouldBe("ST-1:2025-03");
        (month.Expected, month.Received).ShouldBe((48L, 47L));
        month.Days.Count.ShouldBe(2);
        month.Days[1].ShouldBe(new CaptureFigures(24, 23));
    }

    [Theory]
    [InlineData(0, 0, null)]
    [InlineData(24, 24, 100.0)]
    [InlineData(3, 2, 66.667)]
    public void The_rate_is_received_over_expected_rounded_to_three_decimals(long expected, long received, double? rate) =>
        GetCaptureRateEndpoint.RatePercent(expected, received).ShouldBe(rate is null ? null : (decimal)rate.Value);
}
