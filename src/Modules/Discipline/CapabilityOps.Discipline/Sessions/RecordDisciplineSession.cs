using CapabilityOps.Discipline.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Discipline.Sessions;

/// <summary>Record a clean-governance meeting, rectification campaign, warning-education session or theme education a unit held.</summary>
/// <param name="Kind">CleanGovernanceMeeting (党风廉政建设会议), RectificationCampaign (专项整治), WarningEducation (警示教育) or ThemeEducation (主题教育).</param>
/// <param name="Title">What it was, 1–200 characters.</param>
/// <param name="HeldOn">YYYY-MM-DD it was held: not in the future.</param>
/// <param name="Attendees">Staff numbers of the attendees: cadres of the unit or a unit below it on that day.</param>
public sealed record RecordDisciplineSession(DisciplineSessionKind? Kind, string? Title, DateOnly? HeldOn, IReadOnlyList<string>? Attendees)
    : IHasExample<RecordDisciplineSession>
{
    public static RecordDisciplineSession Example => new(DisciplineSessionKind.WarningEducation, "警示教育大会：典型案例通报", new DateOnly(2026, 6, 18), ["E-0001", "E-0002"]);
}

public sealed class RecordDisciplineSessionValidator : AbstractValidator<RecordDisciplineSession>
{
    public const int MaxAttendees = 5_000;

    public RecordDisciplineSessionValidator()
    {
        RuleFor(x => x.Kind).KnownEnum();
        RuleFor(x => x.Title).RequiredText(200);
        RuleFor(x => x.HeldOn).Required();
        RuleFor(x => x.Attendees)
            .Must(list => list is null || list.Count <= MaxAttendees).WithText(Msg("AtMostAttendees", MaxAttendees))
            .Must(list => list is null || list.All(s => s is not null && Validation.CodePattern().IsMatch(s.Trim()))).WithText(Msg("StaffNumbersFormat"));
    }
}

/// <summary>A discipline session as recorded.</summary>
public sealed record DisciplineSessionView(Guid Id, string UnitCode, DisciplineSessionKind Kind, string Title, DateOnly HeldOn, IReadOnlyList<string> Attendees);

public static class RecordDisciplineSessionEndpoint
{
    /// <summary>Each staff number once, in the order given.</summary>
    public static IReadOnlyList<string> Distinct(IEnumerable<string?>? staffNos) =>
        staffNos?.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()).Distinct(StringComparer.Ordinal).ToList() ?? [];

    /// <summary>
    /// The session and each attendee's attendance, or the problem: an unknown unit (404), a day in the future, attendees who are
    /// unknown, not members that day, or in a unit outside the session's unit's subtree that day (400, naming them).
    /// </summary>
    public static Decision Decide(string unitCode, RecordDisciplineSession command, UnitRecord? unit, Guid sessionId,
        Func<string, CadreRecord?> cadreOf, Func<string, IReadOnlyList<string>?> pathOf, DateOnly today)
    {
        if (unit is null) return Problem.NoSuchUnit(unitCode);
        var heldOn = command.HeldOn!.Value;
        if (heldOn > today) return Problem.InFuture("heldOn");
        var attendees = Distinct(command.Attendees);

        var unknown = attendees.Where(s => cadreOf(s) is null).ToList();
        if (unknown.Count > 0) return Problem.Invalid("attendees", Msg("NoSuchAttendees", List(unknown)));
        var absent = attendees.Where(s => !cadreOf(s)!.IsMemberOn(heldOn)).ToList();
        if (absent.Count > 0) return Problem.Invalid("attendees", Msg("AttendeesNotMembers", List(absent), heldOn));
        var outside = attendees.Where(s => pathOf(cadreOf(s)!.UnitOn(heldOn)) is not { } path || !path.Contains(unit.Code)).ToList();
        if (outside.Count > 0) return Problem.Invalid("attendees", Msg("AttendeesOutsideUnit", List(outside), unit.Code, heldOn));

        var kind = command.Kind!.Value;
        return Decision.Accept([
            new DisciplineSessionHeld(sessionId, unit.Code, unit.Path, kind, command.Title!.Trim(), heldOn, attendees),
            .. attendees.Select(s => new DisciplineSessionAttended(s, sessionId, unit.Code, kind, heldOn)),
        ]);
    }

    private static string List(IReadOnlyCollection<string> staffNos) =>
        string.Join(", ", staffNos.Take(20)) + (staffNos.Count > 20 ? $" (+{staffNos.Count - 20})" : "");

    /// <summary>Record a discipline session of a unit, with its attendees (DSC-2).</summary>
    /// <remarks>Each attendee gets `DisciplineSessionAttended` in their history. A `WarningEducation` session counts towards the unit's DSC indicator (APPRAISAL.md) and the indicators of the units above it.</remarks>
    [WolverinePost("/api/v1/units/{code}/discipline-sessions", OperationId = "RecordDisciplineSession"), Tags("Discipline"), WriteOrDisciplineAccess, ScopedToUnit]
    [ProducesResponseType<DisciplineSessionView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(string code, RecordDisciplineSession command, IDocumentSession session, IAccessScope scope, TimeProvider clock,
        CancellationToken cancellation)
    {
        var sessionId = Guid.CreateVersion7();
        var attendees = Distinct(command.Attendees);
        var unit = await session.LoadAsync<UnitRecord>(StreamKeys.Unit(code), cancellation);
        // The attendees' streams are locked before their records are read: each decision sees what the previous writer left.
        var streams = await CadreStreams.LockAsync(session, attendees, cancellation);
        var cadres = attendees.Count == 0 ? [] : (await session.LoadManyAsync<CadreRecord>(cancellation, attendees.Select(StreamKeys.Cadre).ToArray()))
            .ToDictionary(c => c.StaffNo, StringComparer.Ordinal);
        var unitCodes = cadres.Values.Select(c => c.UnitOn(command.HeldOn!.Value)).Distinct().Select(StreamKeys.Unit).ToArray();
        var paths = unitCodes.Length == 0 ? [] : (await session.LoadManyAsync<UnitRecord>(cancellation, unitCodes)).ToDictionary(u => u.Code, u => (IReadOnlyList<string>)u.Path);

        var decision = Decide(code, command, unit, sessionId, s => cadres.GetValueOrDefault(s), u => paths.GetValueOrDefault(u), ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem.ToResult();
        // A fact lands in each attendee's own history: their unit today must be the key's too.
        foreach (var current in cadres.Values.Select(c => c.UnitCode).Distinct())
            if (!await scope.CoversUnitAsync(current, cancellation)) return Problem.OutOfScope.ToResult();

        var held = (DisciplineSessionHeld)decision.Events[0];
        session.Events.StartStream(DisciplineStreamKeys.Session(sessionId), held);
        foreach (var attended in decision.Events.OfType<DisciplineSessionAttended>()) streams.Append(session, attended.StaffNo, [attended]);
        // No Location: the session is read back through the unit's indicator and each attendee's history, not a route of its own.
        return Results.Created((string?)null, new DisciplineSessionView(sessionId, held.UnitCode, held.Kind, held.Title, held.HeldOn, held.Attendees));
    }
}
