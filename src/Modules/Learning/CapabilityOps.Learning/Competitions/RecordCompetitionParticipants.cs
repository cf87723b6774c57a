using CapabilityOps.Learning.Attendance;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Learning.Competitions;

/// <summary>Add participants to a competition or record their results.</summary>
/// <param name="Participants">Participants with their results; a known participant's result is replaced when a new award or score is given.</param>
public sealed record RecordCompetitionParticipants(IReadOnlyList<CompetitionParticipant>? Participants) : IHasExample<RecordCompetitionParticipants>
{
    public static RecordCompetitionParticipants Example => new([new("E-0002", "二等奖", 91m)]);
}

public sealed class RecordCompetitionParticipantsValidator : AbstractValidator<RecordCompetitionParticipants>
{
    public RecordCompetitionParticipantsValidator() =>
        RuleFor(x => x.Participants).NotEmpty().WithText(Msg("AtLeastOneCadre", "participants")).Participants();
}

public static class RecordCompetitionParticipantsEndpoint
{
    /// <summary>Record participants and results of a competition.</summary>
    /// <remarks>New participants get <c>CompetitionEntered</c>, new results <c>CompetitionResultRecorded</c>, in the cadre's history; repeating a request changes nothing.</remarks>
    [WolverinePost("/api/v1/units/{code}/competitions/{id}/participants", OperationId = "RecordCompetitionParticipants"), Tags("Learning"), WriteAccess, ScopedToUnit]
    [ProducesResponseType<CompetitionView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(string code, Guid id, RecordCompetitionParticipants command, IDocumentSession session, IAccessScope scope)
    {
        var key = LearningStreamKeys.Competition(id);
        var stream = await session.Events.FetchForExclusiveWriting<CompetitionRecord>(key);
        if (stream.Aggregate is not { } record || record.UnitCode != code)
            return Problem.NotFound(Msg("NoCompetition", code, id)).ToResult();

        var cadres = await CadreLists.LoadAsync(session, CadreLists.Distinct(command.Participants!.Select(p => p.StaffNo)));
        if (await CadreLists.CheckScopeAsync(scope, cadres.Values) is { } forbidden) return forbidden.ToResult();
        var decision = CompetitionParticipants.Decide(record, command.Participants!, cadres.GetValueOrDefault);
        if (decision.Problem is { } problem) return problem.ToResult();

        var competitionFacts = decision.Events.Where(e => CompetitionParticipants.CadreOf(e) is null).ToList();
        stream.AppendMany(competitionFacts);
        await CompetitionParticipants.AppendToCadresAsync(session, decision);
        return Results.Ok(CompetitionView.From(competitionFacts.Aggregate(record, (r, e) => CompetitionProjection.Apply(r, key, e)!)));
    }
}
