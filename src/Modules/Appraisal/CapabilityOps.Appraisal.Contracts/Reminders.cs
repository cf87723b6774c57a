using CapabilityOps.Organization.Contracts;
using Marten;

namespace CapabilityOps.Appraisal.Contracts;

/// <summary>What a reminder is about.</summary>
public enum ReminderKind
{
    /// <summary>A unit's monthly report (RPT-1), due by the rulebook's deadline day; listed from the 21st.</summary>
    MonthlyReport,
    /// <summary>A cadre behind the pro-rated pace of study hours (LRN-1) at a quarter's end: listed in the last <see cref="ReminderWindows.PaceDaysBefore"/> days before it, due on it.</summary>
    StudyPace,
    /// <summary>A cadre behind the pro-rated pace of grassroots service (SVC) at a quarter's end: listed in the last <see cref="ReminderWindows.PaceDaysBefore"/> days before it, due on it.</summary>
    ServicePace,
    /// <summary>An asset's maintenance or calibration due within 30 days, or overdue.</summary>
    Maintenance,
    /// <summary>A reserve item with stock expiring within 30 days.</summary>
    ReserveExpiry,
    /// <summary>A degree study near the TRN-1 deadline.</summary>
    DegreeDeadline,
}

/// <summary>Something due soon, or overdue, in a unit's subtree.</summary>
/// <param name="Kind">What it is about.</param>
/// <param name="Subject">Whom or what: a unit code, a staff number, an asset number, a reserve item's code.</param>
/// <param name="DueOn">The day it is due.</param>
/// <param name="Overdue">Whether that day has passed.</param>
/// <param name="UnitCode">The unit it concerns.</param>
/// <param name="Note">What is due, in the reader's language.</param>
public sealed record Reminder(ReminderKind Kind, string Subject, DateOnly DueOn, bool Overdue, string UnitCode, Text Note);

/// <summary>The question a reminder source answers: what is due in these units as seen on this China day.</summary>
/// <param name="Units">The unit codes of the subtree asked about (the unit and every unit below it).</param>
public sealed record ReminderQuery(UnitRecord Unit, IReadOnlyList<string> Units, DateOnly On);

/// <summary>
/// A module's reminders before its deadlines (the reminders route and the daily job ask every registered source), registered
/// from the module's <c>AddXModule()</c> like its rule sets, so the reminders know no module. A source must be cheap: a few
/// indexed queries over the subtree's documents or the compliance read model, never a scan of cadres' events.
/// </summary>
public interface IReminderSource
{
    Task<IEnumerable<Reminder>> ListAsync(ReminderQuery query, IQuerySession session, CancellationToken cancellation);
}

/// <summary>The days ahead within which maintenance, calibration and expiring stock are reminded of.</summary>
public static class ReminderWindows
{
    public const int DaysAhead = 30;

    /// <summary>Monthly reports are listed from this day of the month.</summary>
    public const int MonthlyReportFromDay = 21;

    /// <summary>
    /// Pace reminders (LRN-1, SVC) are listed from this many days before a quarter's end until that day, due on it: late enough
    /// that the quarter's facts are mostly recorded, early enough to catch up before the quarter closes.
    /// </summary>
    public const int PaceDaysBefore = 14;

    /// <summary>
    /// The quarter (1–4) whose end <paramref name="on"/> is within <see cref="PaceDaysBefore"/> days of (the end itself
    /// included), with that end; null on the other days.
    /// </summary>
    public static (int Quarter, DateOnly End)? PaceQuarter(DateOnly on)
    {
        var quarter = (on.Month - 1) / 3 + 1;
        var end = new DateOnly(on.Year, quarter * 3, 1).AddMonths(1).AddDays(-1);
        return end.DayNumber - on.DayNumber <= PaceDaysBefore ? (quarter, end) : null;
    }
}
