using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Informatization.Outages;
using CapabilityOps.SharedKernel;

namespace CapabilityOps.Informatization.Availability;

/// <summary>A system's or station's availability in a China month or year.</summary>
/// <param name="Code">The system's or station's code.</param>
/// <param name="Year">The year.</param>
/// <param name="Month">The month (1–12), or null for the whole year.</param>
/// <param name="PeriodMinutes">The period's length in minutes (a month of its real length).</param>
/// <param name="DowntimeMinutes">Minutes within the period covered by at least one outage (overlapping outages count once).</param>
/// <param name="AvailabilityPercent">Up time over the period, in percent, rounded to 3 decimals.</param>
public sealed record AvailabilityView(string Code, int Year, int? Month, decimal PeriodMinutes, decimal DowntimeMinutes, decimal AvailabilityPercent)
{
    /// <summary>The view of <paramref name="outages"/> in the year or month asked for, or the problem with the period.</summary>
    public static (AvailabilityView? View, Problem? Problem) Of(string code, IEnumerable<OutageEntry> outages, int? year, int? month, IYearViews years)
    {
        var (y, invalid) = years.Year(year);
        if (invalid is not null) return (null, invalid);
        if (month is < 1 or > 12) return (null, Problem.Invalid("month", Msg("MonthOutOfRange")));
        var period = month is { } m ? AvailabilityCalculator.Month(y, m) : AvailabilityCalculator.Year(y);
        var figures = AvailabilityCalculator.Measure(outages.Select(o => o.Span), period);
        return (new AvailabilityView(code, y, month, figures.PeriodMinutes, figures.DowntimeMinutes, figures.Percent), null);
    }
}
