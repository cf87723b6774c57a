using CapabilityOps.Learning.Attendance;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Learning.StudyHours;
using CapabilityOps.SharedKernel;

namespace CapabilityOps.Learning.Sessions;

/// <summary>
/// Who attends a session, decided the same way when the session is recorded and when attendance is added later:
/// attendees already recorded are left alone (so recording attendance twice credits once), every new attendee
/// exists and had joined by the day, and a session's study hours keep each attendee within 24 hours that day.
/// </summary>
public static class SessionAttendance
{
    public static Decision Decide(LearningSessionRecord session, IReadOnlyList<string> requested, Func<string, StudyDayState> stateOf)
    {
        var added = requested.Where(s => !session.Attendees.Contains(s)).ToList();
        if (added.Count == 0) return Decision.Accept();
        if (CadreLists.CheckMembers("attendees", added, s => stateOf(s).Cadre, session.HeldOn, Msg("DayTheSession")) is { } problem) return problem;

        var hours = session.StudyHours is > 0 ? session.StudyHours.Value : 0m;
        // A credit already recorded (its key taken) is not made again.
        bool Credits(string staffNo) => hours > 0 && !stateOf(staffNo).DuplicateKeyTaken;
        var over = added.Where(s => Credits(s) && stateOf(s).HoursOnDay + hours > LearningDefaults.MaxHoursPerDay).ToList();
        if (over.Count > 0)
            return Problem.Invalid("attendees", Msg("SessionHoursOverDay", hours,
                over.Select(s => Msg("CadreHours", s, stateOf(s).HoursOnDay)).ToList(), LearningDefaults.MaxHoursPerDay, session.HeldOn));

        var events = new List<object> { new LearningSessionAttendanceRecorded(session.SessionId, session.UnitCode, session.HeldOn, added) };
        events.AddRange(added.Select(staffNo => new LearningSessionAttended(session.SessionId, staffNo, session.UnitCode, session.Kind,
            session.HeldOn, session.Topic, Credits(staffNo) ? hours : 0m,
            Credits(staffNo) ? StudyHoursKeys.SessionCreditRecordId(session.SessionId, staffNo) : null)));
        return Decision.Accept([.. events]);
    }

    /// <summary>The ledger a session's attendance is decided on: the attendees, their hours that day, their credits for this session.</summary>
    internal static Task<StudyLedger> LedgerAsync(Marten.IDocumentSession session, Guid sessionId, DateOnly heldOn, IReadOnlyList<string> staffNos) =>
        StudyLedger.LoadAsync(session, staffNos, staffNos.Select(s => StudyHoursKeys.Day(s, heldOn)),
            staffNos.Select(s => StudyHoursKeys.SessionCredit(s, sessionId)));

    /// <summary>Appends a decision's events: session facts to the session stream, attendance to each attendee's stream.</summary>
    internal static IReadOnlyList<object> SplitCadreFacts(Decision decision, StudyLedger ledger)
    {
        foreach (var attended in decision.Events.OfType<LearningSessionAttended>()) ledger.Remember(attended.StaffNo, [attended]);
        return decision.Events.Where(e => e is not LearningSessionAttended).ToList();
    }
}
