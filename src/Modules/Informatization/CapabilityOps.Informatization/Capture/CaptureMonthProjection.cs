using CapabilityOps.Informatization.Contracts.Events;
using JasperFx.Events;
using Marten.Events.Projections;

namespace CapabilityOps.Informatization.Capture;

/// <summary>
/// A station's data capture in one China month: the figures of each day reported (the latest report of a day) and their
/// totals. Every capture rate is a sum of these rows, one per station and month, so a unit's year is one indexed aggregate
/// over at most twelve rows a station instead of a scan of the reports.
/// </summary>
public sealed class CaptureMonth
{
    /// <summary><c>{stationCode}:{yyyy-MM}</c>.</summary>
    public string Id { get; set; } = "";
    public string StationCode { get; set; } = "";
    public string UnitCode { get; set; } = "";
    public int Year { get; set; }
    public int Month { get; set; }
    public long Expected { get; set; }
    public long Received { get; set; }

    /// <summary>Day of the month → the figures last reported for it.</summary>
    public Dictionary<int, CaptureFigures> Days { get; set; } = [];

    public static string IdOf(string stationCode, DateOnly day) => $"{stationCode}:{day.Year:D4}-{day.Month:D2}";

    /// <summary>The month with the day's report in place of any earlier one of that day.</summary>
    public static CaptureMonth Apply(CaptureMonth? month, string id, DataCaptureReported reported)
    {
        month ??= new CaptureMonth
        {
            Id = id, StationCode = reported.StationCode, UnitCode = reported.UnitCode, Year = reported.Day.Year, Month = reported.Day.Month,
        };
        if (month.Days.TryGetValue(reported.Day.Day, out var earlier))
        {
            month.Expected -= earlier.Expected;
            month.Received -= earlier.Received;
        }
        month.Days[reported.Day.Day] = new CaptureFigures(reported.Expected, reported.Received);
        month.Expected += reported.Expected;
        month.Received += reported.Received;
        return month;
    }
}

/// <summary>A day's readings: expected and received.</summary>
public sealed record CaptureFigures(int Expected, int Received);

/// <summary>
/// Inline, in the transaction of the report: the report's route holds the station's stream lock while the month is read and
/// written, so two reports of one station queue and neither loses the other's day.
/// </summary>
public sealed partial class CaptureMonthProjection : MultiStreamProjection<CaptureMonth, string>
{
    public CaptureMonthProjection()
    {
        Identity<DataCaptureReported>(e => CaptureMonth.IdOf(e.StationCode, e.Day));
        IncludeType<DataCaptureReported>(); // says which facts it keeps (CadreFactCommits appends only facts no inline projection keeps)
    }

    public override CaptureMonth? Evolve(CaptureMonth? snapshot, string id, IEvent e) =>
        e.Data is DataCaptureReported reported ? CaptureMonth.Apply(snapshot, id, reported) : snapshot;
}
