using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Training.Contracts;
using CapabilityOps.Training.Contracts.Events;
using CapabilityOps.Training.Trainings;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Training.BusinessTrainings;

/// <summary>A unit's yearly business training (TRN-5), with its attendees.</summary>
/// <param name="Title">What was trained.</param>
/// <param name="HeldOn">YYYY-MM-DD it was held: not in the future.</param>
/// <param name="Hours">Study hours each attendee is credited with towards LRN-1, 0 to 200.</param>
/// <param name="Attendees">Staff numbers of the attendees: cadres of the unit or a unit below it on that day.</param>
public sealed record RecordBusinessTraining(string? Title, DateOnly? HeldOn, decimal? Hours, IReadOnlyList<string>? Attendees)
    : IHasExample<RecordBusinessTraining>
{
    public static RecordBusinessTraining Example => new("2026 年度行政处罚案卷制作业务培训", new DateOnly(2026, 5, 20), 6m, ["E-0001", "E-0002"]);
}

public sealed class RecordBusinessTrainingValidator : AbstractValidator<RecordBusinessTraining>
{
    public RecordBusinessTrainingValidator()
    {
        RuleFor(x => x.Title).RequiredText(200);
        RuleFor(x => x.HeldOn).Required();
        RuleFor(x => x.Hours).Hours();
        RuleFor(x => x.Attendees).NotNull().WithText(Msg("AttendeesRequired"))
            .Must(a => a is null || a.Count <= Practice.RecordBusinessTrainingLimits.MaxCadres).WithText(Msg("AtMostAttendees", Practice.RecordBusinessTrainingLimits.MaxCadres))
            .Must(a => a is null || a.All(s => s is not null && Validation.CodePattern().IsMatch(s.Trim()))).WithText(Msg("StaffNumbersFormat"));
    }
}

public static class RecordBusinessTrainingEndpoint
{
    /// <summary>
    /// The training and each attendee's fact, or the problem: every attendee that is not a cadre of the unit's subtree on the day
    /// is named in one 400 (<c>attendees[i]</c>); an attendee who had left the system by then is a 409, as the appender answers.
    /// </summary>
    public static Decision Decide(RecordBusinessTraining command, UnitRecord unit, Guid trainingId, Func<string, CadreRecord?> cadreOf,
        Func<string, UnitRecord?> unitOf, DateOnly today)
    {
        var heldOn = command.HeldOn!.Value;
        if (heldOn > today) return Problem.InFuture("heldOn");

        var errors = new Dictionary<string, Text[]>();
        var attendees = new List<string>();
        var list = command.Attendees ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var staffNo = list[i].Trim();
            if (attendees.Contains(staffNo)) continue;
            var cadre = cadreOf(staffNo);
            Text? error = cadre is null ? Msg("NotACadre", staffNo)
                : cadre.JoinedOn > heldOn ? Msg("JoinedAfterDay", staffNo, heldOn)
                : unitOf(cadre.UnitOn(heldOn)) is not { } held || !held.Path.Contains(unit.Code) ? Msg("NotInSubtree", staffNo, unit.Code, heldOn)
                : null;
            if (error is not null) errors[$"attendees[{i}]"] = [error];
            else if (cadre!.AwayOn(heldOn) is { } away) return Membership.LeftTheSystem(staffNo, away, $"attendees[{i}]", heldOn);
            attendees.Add(staffNo);
        }
        if (errors.Count > 0) return new Problem(StatusCodes.Status400BadRequest, Msg("AttendeesNotInUnit", errors.Count, unit.Code), errors);

        var (title, hours) = (command.Title!.Trim(), command.Hours!.Value);
        return Decision.Accept([
            new BusinessTrainingHeld(trainingId, unit.Code, title, heldOn, hours, attendees),
            .. attendees.Select(s => new BusinessTrainingAttended(s, trainingId, unit.Code, title, heldOn, hours)),
        ]);
    }

    /// <summary>Record a unit's business training with its attendees.</summary>
    /// <remarks>
    /// Counts for the unit's TRN-5 check; each attendee gets <c>BusinessTrainingAttended</c> in their history, and its hours count
    /// towards their LRN-1 once (offline, source <c>business-training</c>).
    /// </remarks>
    [WolverinePost("/api/v1/units/{code}/business-trainings", OperationId = "RecordBusinessTraining"), Tags("Training"), WriteAccess, ScopedToUnit]
    [ProducesResponseType<RecordedTraining>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(string code, RecordBusinessTraining command, IDocumentSession session, TimeProvider clock,
        CancellationToken cancellation)
    {
        var unit = await session.LoadAsync<UnitRecord>(StreamKeys.Unit(code), cancellation);
        if (unit is null) return Problem.NoSuchUnit(code).ToResult();

        var staffNos = (command.Attendees ?? []).Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var streams = await CadreStreams.LockAsync(session, staffNos, cancellation);
        var cadres = staffNos.Count == 0 ? [] : (await session.LoadManyAsync<CadreRecord>(cancellation, staffNos.Select(StreamKeys.Cadre)))
            .ToDictionary(c => c.StaffNo, StringComparer.Ordinal);
        var heldOn = command.HeldOn!.Value;
        var unitKeys = cadres.Values.Select(c => StreamKeys.Unit(c.UnitOn(heldOn))).Distinct().ToList();
        var units = unitKeys.Count == 0 ? [] : (await session.LoadManyAsync<UnitRecord>(cancellation, unitKeys)).ToDictionary(u => u.Code, StringComparer.Ordinal);

        var trainingId = Guid.CreateVersion7();
        var decision = Decide(command, unit, trainingId, cadres.GetValueOrDefault, units.GetValueOrDefault, ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem.ToResult();

        session.Events.StartStream(TrainingStreamKeys.BusinessTraining(trainingId), decision.Events[0]);
        foreach (var attended in decision.Events.OfType<BusinessTrainingAttended>()) streams.Append(session, attended.StaffNo, [attended]);
        return Results.Created($"/api/v1/units/{code}/business-trainings/{trainingId}", new RecordedTraining(trainingId));
    }
}
