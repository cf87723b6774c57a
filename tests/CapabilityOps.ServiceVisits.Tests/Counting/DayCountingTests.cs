using CapabilityOps.ServiceVisits.Contracts;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CapabilityOps.ServiceVisits.Tests.Counting;

public class DayCountingTests
{
    private static DateRange Range(string from, string to) => new(DateOnly.Parse(from), DateOnly.Parse(to));

    [Theory]
    [InlineData("2025-03-01", "2025-03-01", 1)]
    [InlineData("2025-03-01", "2025-03-10", 10)]
    [InlineData("2024-02-28", "2024-03-01", 3)] // leap day included
    [InlineData("2024-12-30", "2025-01-02", 4)]
    [InlineData("2024-01-01", "2024-12-31", 366)]
    public void A_visit_counts_its_calendar_days_inclusively(string from, string to, int days) => Range(from, to).Days.ShouldBe(days);

    [Fact]
    public void Overlapping_repeated_and_adjacent_visits_count_each_day_once()
    {
        DateRange[] visits =
        [
            Range("2025-03-01", "2025-03-10"),
            Range("2025-03-05", "2025-03-12"), // overlaps the first by 6 days
            Range("2025-03-01", "2025-03-10"), // the first again
            Range("2025-03-13", "2025-03-13"), // adjacent: one more day
            Range("2025-04-01", "2025-04-02"),
        ];
        DateRange.DistinctDays(visits).ShouldBe(15);
        DateRange.DistinctDays([]).ShouldBe(0);
    }

    [Fact]
    public void A_visit_across_new_year_counts_its_days_in_each_year()
    {
        DateRange[] visit = [Range("2024-12-30", "2025-01-02")];
        DateRange.DistinctDaysWithin(visit, DateRange.Year(2024)).ShouldBe(2);
        DateRange.DistinctDaysWithin(visit, DateRange.Year(2025)).ShouldBe(2);
        DateRange.DistinctDaysWithin(visit, DateRange.Year(2023)).ShouldBe(0);
    }

    private static readonly DateOnly Origin = new(2024, 11, 1);

    // Visits of 1–40 days starting anywhere in ~2 years around New Year, so clipping to a year is exercised too.
    private static readonly Gen<DateRange[]> Visits =
        (from start in Gen.Choose(0, 500)
         from length in Gen.Choose(1, 40)
         select new DateRange(Origin.AddDays(start), Origin.AddDays(start + length - 1))).ArrayOf();

    [Property(MaxTest = 500)]
    public Property Distinct_days_are_the_size_of_the_union_of_the_date_ranges() =>
        Prop.ForAll(Arb.From(Visits), visits =>
        {
            var union = visits.SelectMany(Each).ToHashSet();
            return DateRange.DistinctDays(visits) == union.Count
                   && DateRange.DistinctDaysWithin(visits, DateRange.Year(2025)) == union.Count(d => d.Year == 2025);
        });

    private static IEnumerable<DateOnly> Each(DateRange range)
    {
        for (var day = range.From; day <= range.To; day = day.AddDays(1)) yield return day;
    }
}
