namespace CapabilityOps.ServiceVisits.Contracts;

/// <summary>Calendar days from <see cref="From"/> to <see cref="To"/>, both included.</summary>
public readonly record struct DateRange(DateOnly From, DateOnly To)
{
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>1 January to 31 December of a (China Standard Time) calendar year.</summary>
    public static DateRange Year(int year) => new(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));

    /// <summary>The days both ranges hold; null when they share none.</summary>
    public DateRange? Intersect(DateRange other)
    {
        var from = From > other.From ? From : other.From;
        var to = To < other.To ? To : other.To;
        return from <= to ? new DateRange(from, to) : null;
    }

    /// <summary>
    /// How many distinct calendar days the ranges cover together (the size of their union): a day that
    /// several ranges hold counts once. Sorts and merges, so a long visit costs no more than a short one.
    /// </summary>
    public static int DistinctDays(IEnumerable<DateRange> ranges)
    {
        var total = 0;
        DateRange? open = null;
        foreach (var range in ranges.OrderBy(r => r.From))
        {
            if (open is { } current && range.From.DayNumber <= current.To.DayNumber + 1)
            {
                if (range.To > current.To) open = current with { To = range.To };
                continue;
            }
            if (open is { } done) total += done.Days;
            open = range;
        }
        return open is { } last ? total + last.Days : total;
    }

    /// <summary>The distinct days of <paramref name="ranges"/> that fall within <paramref name="window"/>.</summary>
    public static int DistinctDaysWithin(IEnumerable<DateRange> ranges, DateRange window) =>
        DistinctDays(ranges.Select(r => r.Intersect(window)).OfType<DateRange>());
}
