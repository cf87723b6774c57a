using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using Marten;

namespace CapabilityOps.Training.DegreeStudies;

/// <summary>
/// Cadres of the subtree who must still reach the required education (TRN-1) and whose deadline, the end of the deadline year,
/// is within a year of the day asked about (or has passed): the same risks as <c>GET /api/v1/training/degree-risk</c>, from the
/// cadre records of the subtree, under the rulebook version of that day's year.
/// </summary>
public sealed class DegreeReminders(IRulebooks rulebooks) : IReminderSource
{
    public const int DaysAhead = 365;

    public async Task<IEnumerable<Reminder>> ListAsync(ReminderQuery query, IQuerySession session, CancellationToken cancellation)
    {
        var codes = query.Units.ToHashSet(StringComparer.Ordinal);
        var units = query.Units.ToArray();
        var candidates = await session.Query<CadreRecord>().Where(c => c.UnitsHeld.Any(u => units.Contains(u))).ToListAsync(cancellation);
        var rules = await rulebooks.ForYearAsync(session, query.On.Year, cancellation: cancellation);
        var byStaffNo = candidates.ToDictionary(c => c.StaffNo, StringComparer.Ordinal);
        var reminders = new List<Reminder>();
        foreach (var risk in GetDegreeRiskEndpoint.Risks(candidates.Where(c => codes.Contains(c.UnitCode)), rules, query.On))
        {
            var deadline = new DateOnly(risk.DeadlineYear, 12, 31);
            if (deadline.DayNumber - query.On.DayNumber > DaysAhead) continue;
            var cadre = byStaffNo[risk.StaffNo];
            reminders.Add(new Reminder(ReminderKind.DegreeDeadline, risk.StaffNo, deadline, deadline < query.On, cadre.UnitCode,
                Msg("DegreeDeadlineReminder", cadre.Name, risk.StaffNo, deadline)));
        }
        return reminders;
    }
}
