using CapabilityOps.Informatization.Availability;

namespace CapabilityOps.Informatization.Tests.Availability;

public class AvailabilityCalculatorTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static Span At(int month, int day, int fromHour, int toMonth, int toDay, int toHour, int year = 2025) =>
        new(new DateTimeOffset(year, month, day, fromHour, 0, 0, China), new DateTimeOffset(year, toMonth, toDay, toHour, 0, 0, China));

    [Fact]
    public void Two_overlapping_outages_in_a_30_day_month_count_once()
    {
        var figures = AvailabilityCalculator.Measure([At(4, 10, 10, 4, 10, 14), At(4, 10, 12, 4, 10, 18)], AvailabilityCalculator.Month(2025, 4));

        figures.PeriodMinutes.ShouldBe(30 * 24 * 60);
        figures.DowntimeMinutes.ShouldBe(480);
        figures.Percent.ShouldBe(98.889m);
    }

    [Fact]
    public void An_outage_across_a_months_end_counts_in_each_month_for_its_part()
    {
        Span[] outage = [At(1, 31, 22, 2, 1, 2)];

        AvailabilityCalculator.Measure(outage, AvailabilityCalculator.Month(2025, 1)).DowntimeMinutes.ShouldBe(120);
        AvailabilityCalculator.Measure(outage, AvailabilityCalculator.Month(2025, 2)).DowntimeMinutes.ShouldBe(120);
        AvailabilityCalculator.Measure(outage, AvailabilityCalculator.Year(2025)).DowntimeMinutes.ShouldBe(240);
    }

    [Fact]
    public void An_outage_across_new_year_counts_in_each_year_by_china_time()
    {
        // 31 December 23:00 to 1 January 01:00 China time is 15:00–17:00 UTC on 31 December: both years, one hour each.
        var outage = new Span(new DateTimeOffset(2024, 12, 31, 15, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 12, 31, 17, 0, 0, TimeSpan.Zero));

        AvailabilityCalculator.Measure([outage], AvailabilityCalculator.Year(2024)).DowntimeMinutes.ShouldBe(60);
        AvailabilityCalculator.Measure([outage], AvailabilityCalculator.Year(2025)).DowntimeMinutes.ShouldBe(60);
        AvailabilityCalculator.Measure([outage], AvailabilityCalculator.Month(2025, 1)).DowntimeMinutes.ShouldBe(60);
    }

    [Fact]
    public void Months_and_years_have_their_real_length()
    {
        AvailabilityCalculator.Measure([], AvailabilityCalculator.Month(2024, 2)).PeriodMinutes.ShouldBe(29 * 1440);
        AvailabilityCalculator.Measure([], AvailabilityCalculator.Month(2025, 2)).PeriodMinutes.ShouldBe(28 * 1440);
        AvailabilityCalculator.Measure([], AvailabilityCalculator.Month(2025, 7)).PeriodMinutes.ShouldBe(31 * 1440);
        AvailabilityCalculator.Measure([], AvailabilityCalculator.Year(2024)).PeriodMinutes.ShouldBe(366 * 1440);
        AvailabilityCalculator.Measure([], AvailabilityCalculator.Year(2025)).Percent.ShouldBe(100m);
        AvailabilityCalculator.Month(2025, 3).From.Offset.ShouldBe(China);
    }

    [Fact]
    public void Nested_adjacent_disjoint_and_unordered_outages_make_one_union()
    {
        Span[] outages =
        [
            At(5, 2, 8, 5, 2, 9),   // disjoint: 60
            At(5, 1, 10, 5, 1, 20), // 600 …
            At(5, 1, 12, 5, 1, 13), // … nested in it
            At(5, 1, 20, 5, 1, 21), // adjacent to it: +60
            At(4, 1, 0, 4, 2, 0),   // outside the month
        ];

        AvailabilityCalculator.Downtime(outages, AvailabilityCalculator.Month(2025, 5)).TotalMinutes.ShouldBe(720);
    }

    [Fact]
    public void An_outage_longer_than_the_period_makes_it_wholly_down()
    {
        var figures = AvailabilityCalculator.Measure([At(1, 15, 0, 3, 15, 0)], AvailabilityCalculator.Month(2025, 2));

        figures.DowntimeMinutes.ShouldBe(figures.PeriodMinutes);
        figures.Percent.ShouldBe(0m);
        figures.Share.ShouldBe(0m);
    }

    [Fact]
    public void Seconds_count_as_fractions_of_a_minute_and_the_percent_is_rounded_to_three_decimals()
    {
        var start = new DateTimeOffset(2025, 6, 1, 0, 0, 0, China);
        var figures = AvailabilityCalculator.Measure([new Span(start, start.AddSeconds(90))], AvailabilityCalculator.Month(2025, 6));

        figures.DowntimeMinutes.ShouldBe(1.5m);
        figures.Percent.ShouldBe(99.997m); // 43198.5 / 43200 = 99.99653%
    }
}
