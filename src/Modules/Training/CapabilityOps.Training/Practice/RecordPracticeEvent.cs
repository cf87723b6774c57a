using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Training.Contracts;
using CapabilityOps.Training.Contracts.Events;
using CapabilityOps.Training.Trainings;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Training.Practice;

/// <summary>One participant's result.</summary>
/// <param name="StaffNo">The participant.</param>
/// <param name="Rank">Place, 1 or more; optional.</param>
/// <param name="Score">Score, 0 to 1000; optional.</param>
/// <param name="Award">The award won, as written; optional.</param>
public sealed record PracticeResultInput(string? StaffNo, int? Rank, decimal? Score, string? Award);

/// <summary>A monitoring contest, enforcement drill or case-file review (TRN-6), with each participant's result.</summary>
/// <param name="Kind">MonitoringContest (监测大比武), EnforcementDrill (执法大练兵) or CaseFileReview (案卷评查).</param>
/// <param name="Title">The event's title.</param>
/// <param name="HeldOn">YYYY-MM-DD it was held: not in the future.</param>
/// <param name="OrganiserUnitCode">The unit that organised it.</param>
/// <param name="Results">The participants' results, each cadre once.</param>
public sealed record RecordPracticeEvent(PracticeEventKind? Kind, string? Title, DateOnly? HeldOn, string? OrganiserUnitCode,
    IReadOnlyList<PracticeResultInput>? Results) : IHasExample<RecordPracticeEvent>
{
    public static RecordPracticeEvent Example => new(PracticeEventKind.MonitoringContest, "2026 年全市生态环境监测大比武", new DateOnly(2026, 6, 18), "U-CITY",
        [new("E-0001", 1, 96.5m, "一等奖"), new("E-0002", 2, 93m, "二等奖")]);
}

public sealed class RecordPracticeEventValidator : AbstractValidator<RecordPracticeEvent>
{
    public RecordPracticeEventValidator()
    {
        RuleFor(x => x.Kind).KnownEnum();
        RuleFor(x => x.Title).RequiredText(200);
        RuleFor(x => x.HeldOn).Required();
        RuleFor(x => x.OrganiserUnitCode).Code();
        RuleFor(x => x.Results).NotEmpty().WithText(Msg("ResultsRequired"))
            .Must(r => r is null || r.Count <= RecordBusinessTrainingLimits.MaxCadres).WithText(Msg("AtMostAttendees", RecordBusinessTrainingLimits.MaxCadres))
            .Must(r => r is null || r.Where(x => x?.StaffNo is not null).Select(x => x!.StaffNo!.Trim()).Distinct().Count() == r.Count)
            .WithText(Msg("ResultsOncePerCadre"));
        RuleForEach(x => x.Results).ChildRules(r =>
        {
            r.RuleFor(x => x.StaffNo).Code();
            r.RuleFor(x => x.Rank).GreaterThanOrEqualTo(1).WithText(Msg("RankPositive"));
            r.RuleFor(x => x.Score).InclusiveBetween(0m, 1000m).WithText(Msg("ScoreRange", 0, 1000));
            r.RuleFor(x => x.Award).MaximumLength(100).WithText(Msg("AtMostCharacters", 100));
        });
    }
}

/// <summary>How many cadres one request may name.</summary>
public static class RecordBusinessTrainingLimits
{
    public const int MaxCadres = 5_000;
}

public static class RecordPracticeEventEndpoint
{
    /// <summary>The event and each participant's result, or the problem: unknown participants or ones not yet joined are named in one 400.</summary>
    public static Decision Decide(RecordPracticeEvent command, UnitRecord? organiser, Guid eventId, Func<string, CadreRecord?> cadreOf, DateOnly today)
    {
        if (organiser is null) return Problem.UnknownUnit("organiserUnitCode", command.OrganiserUnitCode!);
        var heldOn = command.HeldOn!.Value;
        if (heldOn > today) return Problem.InFuture("heldOn");

        var errors = new Dictionary<string, Text[]>();
        var results = new List<PracticeResult>();
        for (var i = 0; i < command.Results!.Count; i++)
        {
            var r = command.Results[i];
            var staffNo = r.StaffNo!.Trim();
            var cadre = cadreOf(staffNo);
            Text? error = cadre is null ? Msg("NotACadre", staffNo) : cadre.JoinedOn > heldOn ? Msg("JoinedAfterDay", staffNo, heldOn) : null;
            if (error is not null) errors[$"results[{i}].staffNo"] = [error];
            else if (cadre!.AwayOn(heldOn) is { } away) return Membership.LeftTheSystem(staffNo, away, $"results[{i}].staffNo", heldOn);
            results.Add(new PracticeResult(staffNo, r.Rank, r.Score, r.Award?.Trim() is { Length: > 0 } award ? award : null));
        }
        if (errors.Count > 0) return new Problem(StatusCodes.Status400BadRequest, Msg("ParticipantsRefused", errors.Count), errors);

        var (kind, title) = (command.Kind!.Value, command.Title!.Trim());
        return Decision.Accept([
            new PracticeEventHeld(eventId, kind, title, heldOn, organiser.Code, results),
            .. results.Select(r => new PracticeResultRecorded(r.StaffNo, eventId, kind, title, heldOn, organiser.Code, r.Rank, r.Score, r.Award)),
        ]);
    }

    /// <summary>Record a monitoring contest, enforcement drill or case-file review with its results.</summary>
    /// <remarks>Each participant's result is a fact in their history and dossier. Participants must be cadres of the key's units.</remarks>
    [WolverinePost("/api/v1/practice-events", OperationId = "RecordPracticeEvent"), Tags("Training"), WriteAccess, ScopedByBody("organiserUnitCode")]
    [ProducesResponseType<RecordedTraining>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(RecordPracticeEvent command, IDocumentSession session, TimeProvider clock, IAccessScope scope,
        CancellationToken cancellation)
    {
        if (!await scope.CoversUnitAsync(command.OrganiserUnitCode!, cancellation)) return Problem.OutOfScope.ToResult();
        var organiser = await session.LoadAsync<UnitRecord>(StreamKeys.Unit(command.OrganiserUnitCode!), cancellation);
        var staffNos = command.Results!.Select(r => r.StaffNo!.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var streams = await CadreStreams.LockAsync(session, staffNos, cancellation);
        var cadres = (await session.LoadManyAsync<CadreRecord>(cancellation, staffNos.Select(StreamKeys.Cadre))).ToDictionary(c => c.StaffNo, StringComparer.Ordinal);
        var outside = new List<string>();
        foreach (var cadre in cadres.Values)
            if (!await scope.CoversUnitAsync(cadre.UnitCode, cancellation)) outside.Add(cadre.StaffNo);
        if (outside.Count > 0) return Problem.Forbidden(Msg("ParticipantsOutOfScope", string.Join(", ", outside))).ToResult();

        var eventId = Guid.CreateVersion7();
        var decision = Decide(command, organiser, eventId, cadres.GetValueOrDefault, ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem.ToResult();

        session.Events.StartStream(TrainingStreamKeys.PracticeEvent(eventId), decision.Events[0]);
        foreach (var result in decision.Events.OfType<PracticeResultRecorded>()) streams.Append(session, result.StaffNo, [result]);
        return Results.Created($"/api/v1/practice-events/{eventId}", new RecordedTraining(eventId));
    }
}
