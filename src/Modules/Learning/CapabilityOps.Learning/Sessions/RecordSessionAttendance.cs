using CapabilityOps.Learning.Attendance;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.StudyHours;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Learning.Sessions;

/// <summary>Add attendees to a recorded session.</summary>
/// <param name="Attendees">Staff numbers; those already recorded as attending are left as they are.</param>
public sealed record RecordSessionAttendance(IReadOnlyList<string>? Attendees) : IHasExample<RecordSessionAttendance>
{
    public static RecordSessionAttendance Example => new(["E-0003", "E-0004"]);
}

/// <summary>Who was added, who was recorded already, and the hours each new attendee was credited with.</summary>
public sealed record SessionAttendanceRecorded(Guid SessionId, IReadOnlyList<string> Added, IReadOnlyList<string> AlreadyRecorded, decimal CreditedHours);

public sealed class RecordSessionAttendanceValidator : AbstractValidator<RecordSessionAttendance>
{
    public RecordSessionAttendanceValidator()
    {
        RuleFor(x => x.Attendees).NotEmpty().WithText(Msg("AtLeastOneCadre", "attendees")).StaffNumbers();
    }
}

public static class RecordSessionAttendanceEndpoint
{
    /// <summary>Record attendance of a session.</summary>
    /// <remarks>
    /// Idempotent per attendee: recording the same attendee twice changes nothing the second time, so a session's
    /// study hours are credited once. Answers 201 when someone was added, 200 when all were recorded already.
    /// </remarks>
    [WolverinePost("/api/v1/units/{code}/learning-sessions/{id}/attendance", OperationId = "RecordSessionAttendance"), Tags("Learning"), WriteAccess, ScopedToUnit]
    [ProducesResponseType<SessionAttendanceRecorded>(StatusCodes.Status201Created)]
    [ProducesResponseType<SessionAttendanceRecorded>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(string code, Guid id, RecordSessionAttendance command, IDocumentSession session, IAccessScope scope)
    {
        // The session's stream is locked for the transaction: requests adding attendees at once queue, and the
        // later ones find the earlier attendees recorded (credited once).
        var stream = await session.Events.FetchForExclusiveWriting<LearningSessionRecord>(LearningStreamKeys.Session(id));
        if (stream.Aggregate is not { } record || record.UnitCode != code)
            return Problem.NotFound(Msg("NoLearningSession", code, id)).ToResult();

        var requested = CadreLists.Distinct(command.Attendees);
        var added = requested.Where(s => !record.Attendees.Contains(s)).ToList();
        var ledger = await SessionAttendance.LedgerAsync(session, id, record.HeldOn, added);
        if (await CadreLists.CheckScopeAsync(scope, added.Select(ledger.Cadre).OfType<CadreRecord>()) is { } forbidden) return forbidden.ToResult();

        var decision = SessionAttendance.Decide(record, requested, s => ledger.StateOf(s, record.HeldOn, StudyHoursKeys.SessionCredit(s, id)));
        if (decision.Problem is { } problem) return problem.ToResult();

        stream.AppendMany(SessionAttendance.SplitCadreFacts(decision, ledger));
        ledger.AppendTo(session);
        var response = new SessionAttendanceRecorded(id, added, requested.Except(added).ToList(), added.Count == 0 ? 0 : record.StudyHours ?? 0);
        return added.Count == 0 ? Results.Ok(response) : Results.Created($"/api/v1/units/{code}/learning-sessions/{id}", response);
    }
}
