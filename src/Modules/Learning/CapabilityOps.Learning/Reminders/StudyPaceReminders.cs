using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Learning.Compliance;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.StudyHours;
using CapabilityOps.Learning.Views;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Marten.Events;
using Npgsql;

namespace CapabilityOps.Learning.Reminders;

/// <summary>
/// Cadres behind the pace of their study hours (LRN-1) as a quarter ends: listed from <see cref="ReminderWindows.PaceDaysBefore"/>
/// days before the quarter's end until it, due on it. The pace is the year's target of the rulebook pro-rated to the quarter's
/// end by the whole months of membership up to it (<see cref="DueBy"/>: 25%, 50%, 75%, 100% for a cadre who was a member all
/// year); the hours are those of the year studied by then, as LRN-1 counts them.
/// <para>
/// Cheap for a unit of thousands of cadres: the cadres of the subtree (one query of their records), their hours from the
/// module's inline entries and revocations (one grouped query, a range of the day-key index per cadre), and only for the cadres
/// still behind, the hours other modules credit (<see cref="IStudyHoursCredit"/> events, one query of those types on their
/// streams). No cadre's stream is folded.
/// </para>
/// </summary>
public sealed class StudyPaceReminders(IRulebooks rulebooks) : IReminderSource
{
    public async Task<IEnumerable<Reminder>> ListAsync(ReminderQuery query, IQuerySession session, CancellationToken cancellation)
    {
        if (ReminderWindows.PaceQuarter(query.On) is not { } pace) return [];
        var (quarter, end) = pace;
        var codes = query.Units.ToHashSet(StringComparer.Ordinal);
        var units = query.Units.ToArray();
        var candidates = await session.Query<CadreRecord>().Where(c => c.UnitsHeld.Any(u => units.Contains(u))).ToListAsync(cancellation);
        var cadres = candidates.Where(c => c.JoinedOn <= query.On && c.IsMemberOn(query.On) && codes.Contains(c.UnitOn(query.On))).ToList();
        if (cadres.Count == 0) return [];

        var annual = LearningRules.TargetsOf(await rulebooks.ForYearAsync(session, end.Year, cancellation: cancellation)).AnnualStudyHours;
        var due = cadres.Select(c => (Cadre: c, Due: DueBy(c, annual, end))).Where(c => c.Due > 0).ToList();
        if (due.Count == 0) return [];
        var hours = await RecordedHoursAsync(session, due.Select(c => c.Cadre.StaffNo).ToArray(), end, cancellation);
        var behind = due.Where(c => hours.GetValueOrDefault(c.Cadre.StaffNo) < c.Due).ToList();
        if (behind.Count == 0) return [];
        var credited = await CreditedHoursAsync(session, behind.Select(c => c.Cadre.StaffNo).ToArray(), end, cancellation);

        var reminders = new List<Reminder>();
        foreach (var (cadre, dueHours) in behind.OrderBy(c => c.Cadre.StaffNo, StringComparer.Ordinal))
        {
            var studied = hours.GetValueOrDefault(cadre.StaffNo) + credited.GetValueOrDefault(cadre.StaffNo);
            if (Decide(cadre, cadre.UnitOn(query.On), quarter, end, dueHours, studied) is { } reminder) reminders.Add(reminder);
        }
        return reminders;
    }

    /// <summary>The reminder for a cadre who studied <paramref name="studied"/> hours by the quarter's end against <paramref name="due"/>; null when on pace.</summary>
    public static Reminder? Decide(CadreRecord cadre, string unitCode, int quarter, DateOnly end, decimal due, decimal studied) =>
        studied >= due ? null
            : new Reminder(ReminderKind.StudyPace, cadre.StaffNo, end, false, unitCode,
                Msg("StudyPaceReminder", cadre.Name, cadre.StaffNo, quarter, end, due, studied, due - studied));

    /// <summary>
    /// The hours due by <paramref name="end"/>: the annual target × whole months of membership in the year up to that month ÷ 12,
    /// to one decimal, as LRN-1 pro-rates a partial year (so the fourth quarter's is the year's target).
    /// </summary>
    public static decimal DueBy(ICadreState cadre, decimal annualHours, DateOnly end)
    {
        var months = Membership.WholeMonthsIn(cadre.JoinedOn, cadre.Departures, end.Year).Count(m => m <= end.Month);
        return Math.Round(annualHours * months / 12m, 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// Per staff number, the hours of the records and session credits studied from 1 January to <paramref name="end"/>, revoked
    /// ones left out: one statement, a range of the day-key index (staff number, then day) per cadre.
    /// </summary>
    private static async Task<Dictionary<string, decimal>> RecordedHoursAsync(IQuerySession session, string[] staffNos, DateOnly end,
        CancellationToken cancellation)
    {
        var database = session.DocumentStore.Storage.Database;
        await database.EnsureStorageExistsAsync(typeof(StudyHoursEntry), cancellation);
        await database.EnsureStorageExistsAsync(typeof(StudyHoursRevocation), cancellation);
        await database.EnsureStorageExistsAsync(typeof(Marten.Storage.StorageFeatures), cancellation);
        var options = session.DocumentStore.Options;
        string Table(Type type) => options.FindOrResolveDocumentType(type).TableName.QualifiedName;
        // Single records and sessions' credits are entries; imported records are rows of the narrow keys table (ImportedHours).
        await using var command = new NpgsqlCommand(
            $"""
             select staff_no, sum(hours) from (
                 select c.staff_no, (e.data ->> 'hours')::numeric as hours
                 from unnest($1::text[]) as c(staff_no)
                 join {Table(typeof(StudyHoursEntry))} e on e.day_key between c.staff_no || '|' || $2 and c.staff_no || '|' || $3
                 where not coalesce((e.data ->> 'revoked')::boolean, false)
                   and not exists (select 1 from {Table(typeof(StudyHoursRevocation))} r where r.id = e.id)
                 union all
                 select c.staff_no, i.hours
                 from unnest($1::text[]) as c(staff_no)
                 join {ImportedHours.Qualified(options)} i on i.day_key between c.staff_no || '|' || $2 and c.staff_no || '|' || $3
                 where not exists (select 1 from {Table(typeof(StudyHoursRevocation))} r where r.id = i.record_id)) as recorded
             group by staff_no
             """);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = staffNos });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = DayOf(new DateOnly(end.Year, 1, 1)) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = DayOf(end) });
        var hours = new Dictionary<string, decimal>(StringComparer.Ordinal);
        await using var reader = await session.ExecuteReaderAsync(command, cancellation);
        while (await reader.ReadAsync(cancellation)) hours[reader.GetString(0)] = reader.GetDecimal(1);
        return hours;
    }

    /// <summary>The day as a day key writes it (<see cref="StudyHoursEntry.DayKeyOf"/>), after the staff number and '|'.</summary>
    private static string DayOf(DateOnly day) => StudyHoursEntry.DayKeyOf("", day)[1..];

    /// <summary>
    /// Per staff number, the hours other modules' facts credit in the year up to <paramref name="end"/>, each credit once, as the
    /// LRN-1 fold counts them: one query of those event types on the given cadres' streams; none when no such type is known.
    /// </summary>
    private static async Task<Dictionary<string, decimal>> CreditedHoursAsync(IQuerySession session, string[] staffNos, DateOnly end,
        CancellationToken cancellation)
    {
        var types = CadreLearningFold.EventTypesIn(session).Where(t => typeof(IStudyHoursCredit).IsAssignableFrom(t)).ToArray();
        var credited = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (types.Length == 0) return credited;
        var streams = staffNos.Select(StreamKeys.Cadre).ToArray();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => streams.Contains(e.StreamKey!) && e.EventTypesAre(types))
            .ToListAsync(cancellation);
        var seen = new HashSet<(string, Guid)>();
        foreach (var credit in events.Select(e => e.Data).OfType<IStudyHoursCredit>())
        {
            if (credit.CreditedOn.Year != end.Year || credit.CreditedOn > end || credit.CreditedHours <= 0) continue;
            if (!seen.Add((credit.StaffNo, credit.CreditId))) continue;
            credited[credit.StaffNo] = credited.GetValueOrDefault(credit.StaffNo) + credit.CreditedHours;
        }
        return credited;
    }
}
