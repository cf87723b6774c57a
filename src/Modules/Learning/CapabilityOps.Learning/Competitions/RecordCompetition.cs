using CapabilityOps.Learning.Attendance;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Learning.Competitions;

/// <summary>Record a contest or competition a unit held (LRN-4, LRN-6, LRN-7).</summary>
/// <param name="Kind">KnowledgeCompetition (知识竞赛, counts for LRN-4), SpeechContest (演讲比赛), WritingContest (写作比赛) or PartyRulesContest (党章党规知识竞赛).</param>
/// <param name="HeldOn">YYYY-MM-DD it was held: not in the future.</param>
/// <param name="Topic">Its title or subject, e.g. 党的知识和生态环境业务知识竞赛: 1–200 characters.</param>
/// <param name="Participants">The participants with their results when known (more and results can be added later).</param>
public sealed record RecordCompetition(CompetitionKind? Kind, DateOnly? HeldOn, string? Topic, IReadOnlyList<CompetitionParticipant>? Participants) : IHasExample<RecordCompetition>
{
    public static RecordCompetition Example => new(CompetitionKind.KnowledgeCompetition, new DateOnly(2026, 6, 28), "党的知识和生态环境业务知识竞赛", [new("E-0001", "一等奖", 98.5m), new("E-0002", null, null)]);
}

public sealed class RecordCompetitionValidator : AbstractValidator<RecordCompetition>
{
    public RecordCompetitionValidator()
    {
        RuleFor(x => x.Kind).KnownEnum();
        RuleFor(x => x.HeldOn).Required();
        RuleFor(x => x.Topic).RequiredText(200);
        RuleFor(x => x.Participants).Participants();
    }
}

public static class RecordCompetitionEndpoint
{
    public static Decision Decide(string unitCode, RecordCompetition command, UnitRecord? unit, Guid competitionId, Func<string, CadreRecord?> cadreOf, DateOnly today)
    {
        if (unit is null) return Problem.NoSuchUnit(unitCode);
        var heldOn = command.HeldOn!.Value;
        if (heldOn > today) return Problem.InFuture("heldOn");

        var held = new CompetitionHeld(competitionId, unit.Code, command.Kind!.Value, heldOn, command.Topic!.Trim());
        var participants = CompetitionParticipants.Decide(CompetitionProjection.Apply(null, LearningStreamKeys.Competition(competitionId), held)!,
            command.Participants ?? [], cadreOf);
        if (participants.Problem is { } problem) return problem;
        return Decision.Accept([held, .. participants.Events]);
    }

    /// <summary>Record a contest or competition of a unit, with its participants and results.</summary>
    /// <remarks>Each participant gets <c>CompetitionEntered</c> in their history. Participants must be cadres of the key's units.</remarks>
    [WolverinePost("/api/v1/units/{code}/competitions", OperationId = "RecordCompetition"), Tags("Learning"), WriteAccess, ScopedToUnit]
    [ProducesResponseType<CompetitionView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(string code, RecordCompetition command, IDocumentSession session, IAccessScope scope, TimeProvider clock)
    {
        var competitionId = Guid.CreateVersion7();
        var unit = await session.LoadAsync<UnitRecord>(StreamKeys.Unit(code));
        var cadres = await CadreLists.LoadAsync(session, CadreLists.Distinct(command.Participants?.Select(p => p.StaffNo)));
        if (await CadreLists.CheckScopeAsync(scope, cadres.Values) is { } forbidden) return forbidden.ToResult();

        var decision = Decide(code, command, unit, competitionId, cadres.GetValueOrDefault, ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem.ToResult();

        var key = LearningStreamKeys.Competition(competitionId);
        var competitionFacts = decision.Events.Where(e => CompetitionParticipants.CadreOf(e) is null).ToList();
        session.Events.StartStream<CompetitionRecord>(key, competitionFacts);
        await CompetitionParticipants.AppendToCadresAsync(session, decision);
        var record = competitionFacts.Aggregate((CompetitionRecord?)null, (r, e) => CompetitionProjection.Apply(r, key, e))!;
        return Results.Created($"/api/v1/units/{code}/competitions/{competitionId}", CompetitionView.From(record));
    }
}
