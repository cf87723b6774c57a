using System.Text.Json.Serialization;
using CapabilityOps.Learning.Attendance;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Learning.StudyHours;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Learning.Sessions;

/// <summary>Record a learning session a unit held (LRN-2, LRN-3, LRN-5, LRN-6, LRN-7).</summary>
/// <param name="Kind">CentralGroupStudy (党组中心组学习), ConcentratedTraining (集中学习培训), PreMeetingLawStudy (会前学法), ThreeMeetingsOneLesson (三会一课), LearningCorner (学习园地), FestivalActivity (节日活动) or RedEducation (红色教育).</param>
/// <param name="HeldOn">YYYY-MM-DD the session was held: not in the future.</param>
/// <param name="Topic">What was studied, 1–200 characters.</param>
/// <param name="StudyHours">Offline study hours each attendee is credited with (LRN-1), more than 0 and at most 24; leave out when the session carries none.</param>
/// <param name="Format">For a LearningCorner session only, and required there: Present (我要讲), Ask (主动问) or LearnTogether (共同学).</param>
/// <param name="Festival">For a FestivalActivity only, and required there: WomensDay (三·八), YouthDay (五·四), PartyFoundingDay (七·一) or NationalDay (十·一).</param>
/// <param name="EcologicalTopic">Whether the session covered ecological civilisation or eco-environment protection; false when left out.</param>
/// <param name="Attendees">Staff numbers of the attendees (more can be added later); each must have joined by the day.</param>
public sealed record RecordLearningSession(
    LearningSessionKind? Kind,
    DateOnly? HeldOn,
    string? Topic,
    decimal? StudyHours,
    // Left out of the example body rather than shown as null: OpenAPI 3.0 cannot mark an enum reference nullable.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LearningCornerFormat? Format,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Festival? Festival,
    bool? EcologicalTopic,
    IReadOnlyList<string>? Attendees) : IHasExample<RecordLearningSession>
{
    public static RecordLearningSession Example => new(LearningSessionKind.ConcentratedTraining, new DateOnly(2026, 3, 20),
        "全员集中学习：新《固体废物污染环境防治法》", 4m, null, null, true, ["E-0001", "E-0002"]);
}

public sealed class RecordLearningSessionValidator : AbstractValidator<RecordLearningSession>
{
    public RecordLearningSessionValidator()
    {
        RuleFor(x => x.Kind).KnownEnum();
        RuleFor(x => x.HeldOn).Required();
        RuleFor(x => x.Topic).RequiredText(200);
        RuleFor(x => x.StudyHours)
            .GreaterThan(0m).WithText(Msg("StudyHoursPositive"))
            .LessThanOrEqualTo(LearningDefaults.MaxHoursPerDay).WithText(Msg("StudyHoursAtMost", LearningDefaults.MaxHoursPerDay));
        RuleFor(x => x.Format).KnownEnum().When(x => x.Kind == LearningSessionKind.LearningCorner)
            .WithText(Msg("FormatRequired"));
        RuleFor(x => x.Format).Null().When(x => x.Kind != LearningSessionKind.LearningCorner)
            .WithText(Msg("FormatOnlyForCorner"));
        RuleFor(x => x.Festival).KnownEnum().When(x => x.Kind == LearningSessionKind.FestivalActivity)
            .WithText(Msg("FestivalRequired"));
        RuleFor(x => x.Festival).Null().When(x => x.Kind != LearningSessionKind.FestivalActivity)
            .WithText(Msg("FestivalOnlyForActivity"));
        RuleFor(x => x.Attendees).StaffNumbers();
    }
}

public static class RecordLearningSessionEndpoint
{
    public static Decision Decide(string unitCode, RecordLearningSession command, UnitRecord? unit, Guid sessionId,
        Func<string, StudyDayState> attendee, DateOnly today)
    {
        if (unit is null) return Problem.NoSuchUnit(unitCode);
        var heldOn = command.HeldOn!.Value;
        if (heldOn > today) return Problem.InFuture("heldOn");

        var recorded = new LearningSessionRecorded(sessionId, unit.Code, command.Kind!.Value, heldOn, command.Topic!.Trim(),
            command.StudyHours, command.Format, command.Festival, command.EcologicalTopic ?? false);
        var attendance = SessionAttendance.Decide(LearningSessionProjection.Apply(null, LearningStreamKeys.Session(sessionId), recorded)!,
            CadreLists.Distinct(command.Attendees), attendee);
        if (attendance.Problem is { } problem) return problem;
        return Decision.Accept([recorded, .. attendance.Events]);
    }

    /// <summary>Record a learning session of a unit, with its attendees.</summary>
    /// <remarks>
    /// Each attendee gets <c>LearningSessionAttended</c> in their history; when the session carries
    /// <c>studyHours</c>, those count as offline study hours (source <c>learning-session</c>) towards the attendee's
    /// LRN-1 total, once per session. Attendees must be cadres of the key's units.
    /// </remarks>
    [WolverinePost("/api/v1/units/{code}/learning-sessions", OperationId = "RecordLearningSession"), Tags("Learning"), WriteAccess, ScopedToUnit]
    [ProducesResponseType<LearningSessionView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(string code, RecordLearningSession command, IDocumentSession session, IAccessScope scope, TimeProvider clock)
    {
        var sessionId = Guid.CreateVersion7();
        var attendees = CadreLists.Distinct(command.Attendees);
        var unit = await session.LoadAsync<UnitRecord>(StreamKeys.Unit(code));
        var ledger = await SessionAttendance.LedgerAsync(session, sessionId, command.HeldOn!.Value, attendees);
        if (await CadreLists.CheckScopeAsync(scope, attendees.Select(ledger.Cadre).OfType<CadreRecord>()) is { } forbidden) return forbidden.ToResult();

        var decision = Decide(code, command, unit, sessionId, s => ledger.StateOf(s, command.HeldOn!.Value, StudyHoursKeys.SessionCredit(s, sessionId)),
            ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem.ToResult();

        var key = LearningStreamKeys.Session(sessionId);
        var sessionFacts = SessionAttendance.SplitCadreFacts(decision, ledger);
        session.Events.StartStream<LearningSessionRecord>(key, sessionFacts);
        ledger.AppendTo(session);
        var record = sessionFacts.Aggregate((LearningSessionRecord?)null, (r, e) => LearningSessionProjection.Apply(r, key, e))!;
        return Results.Created($"/api/v1/units/{code}/learning-sessions/{sessionId}", LearningSessionView.From(record));
    }
}
