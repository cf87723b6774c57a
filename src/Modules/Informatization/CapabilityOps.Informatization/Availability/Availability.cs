using CapabilityOps.SharedKernel;

namespace CapabilityOps.Informatization.Availability;

/// <summary>A span of time, from (inclusive) to (exclusive).</summary>
public readonly record struct Span(DateTimeOffset From, DateTimeOffset To)
{
    public TimeSpan Length => To > From ? To - From : TimeSpan.Zero;
}

/// <summary>A period's availability: its length, the time down in it and the share up, in minutes and percent.</summary>
/// <param name="Percent">Rounded to 3 decimals, as the route answers.</param>
/// <param name="Share">Up time over the period, unrounded (0–1), for means across systems.</param>
public sealed record AvailabilityFigures(decimal PeriodMinutes, decimal DowntimeMinutes, decimal Percent, decimal Share);

/// <summary>
/// Availability from outages (INF-2, INF-3), pure: the downtime of a period is the length of the union of its outages
/// clipped to it, so two overlapping outages count once and an outage across a month's or a year's end counts in each for its
/// part. Periods are China calendar months and years (UTC+8 all year), of their real length.
/// </summary>
public static class AvailabilityCalculator
{
    /// <summary>A China calendar month: from its first instant to the next month's.</summary>
    public static Span Month(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        return new Span(ChinaTime.StartOf(first), ChinaTime.StartOf(first.AddMonths(1)));
    }

    /// <summary>A China calendar year.</summary>
    public static Span Year(int year) => new(ChinaTime.StartOf(new DateOnly(year, 1, 1)), ChinaTime.StartOf(new DateOnly(year + 1, 1, 1)));

    /// <summary>The length of the union of <paramref name="outages"/> within <paramref name="period"/>.</summary>
    public static TimeSpan Downtime(IEnumerable<Span> outages, Span period)
    {
        var clipped = outages
            .Select(o => new Span(o.From > period.From ? o.From : period.From, o.To < period.To ? o.To : period.To))
            .Where(o => o.To > o.From)
            .OrderBy(o => o.From)
            .ToList();
        var total = TimeSpan.Zero;
        DateTimeOffset? start = null, end = null;
        foreach (var outage in clipped)
        {
            if (end is { } e && outage.From <= e)
            {
                if (outage.To > e) end = outage.To;
                continue;
            }
            if (start is { } s) total += end!.Value - s;
            (start, end) = (outage.From, outage.To);
        }
        if (start is { } last) total += end!.Value - last;
        return total;
    }

    /// <summary>The period's length, its downtime and the availability, with decimal arithmetic.</summary>
    public static AvailabilityFigures Measure(IEnumerable<Span> outages, Span period)
    {
        var periodMinutes = Minutes(period.Length);
        var downtimeMinutes = Minutes(Downtime(outages, period));
        var share = periodMinutes == 0 ? 1m : (periodMinutes - downtimeMinutes) / periodMinutes;
        var percent = periodMinutes == 0 ? 100m : Math.Round((periodMinutes - downtimeMinutes) * 100m / periodMinutes, 3, MidpointRounding.AwayFromZero);
        return new AvailabilityFigures(periodMinutes, downtimeMinutes, percent, share);
    }

    private static decimal Minutes(TimeSpan span) => (decimal)span.Ticks / TimeSpan.TicksPerMinute;
}
