using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;

namespace CapabilityOps.Appraisal.Reports;

/// <summary>
/// Monthly reports (RPT-1) not yet submitted: the month's report of each reporting unit in the subtree is reminded of from the
/// 21st until its deadline (the rulebook's deadline day), and as overdue after it until the month ends. The units' streams of
/// the subtree are read by <see cref="MonthlyReportRules.FirstSubmissions"/> (500 a query), as the RPT-1 rule reads them.
/// </summary>
public sealed class MonthlyReportReminders(IRulebooks rulebooks) : IReminderSource
{
    public async Task<IEnumerable<Reminder>> ListAsync(ReminderQuery query, IQuerySession session, CancellationToken cancellation)
    {
        if (query.On.Day < ReminderWindows.MonthlyReportFromDay) return [];
        var units = query.Units.ToArray();
        var reporting = await session.Query<UnitRecord>().Where(u => units.Contains(u.Code) && u.Kind != UnitKind.CityBureau).ToListAsync(cancellation);
        if (reporting.Count == 0) return [];
        var rules = await rulebooks.ForYearAsync(session, query.On.Year);
        var submissions = await MonthlyReportRules.FirstSubmissions(session, reporting.Select(u => u.Code).ToArray(), null);
        var reminders = new List<Reminder>();
        foreach (var unit in reporting.OrderBy(u => u.Code, StringComparer.Ordinal))
        {
            var status = MonthlyReportRules.StatusOf(unit, query.On.Year, query.On.Month, submissions[unit.Code], rules, query.On);
            if (status.Status is not ("NotDue" or "Missing")) continue;
            reminders.Add(new Reminder(ReminderKind.MonthlyReport, unit.Code, status.Deadline, status.Status == "Missing", unit.Code,
                Msg("MonthlyReportReminder", unit.Name, status.Month, status.Deadline)));
        }
        return reminders;
    }
}
