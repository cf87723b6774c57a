using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Learning.Views;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Learning.Competitions;

/// <summary>A contest or competition of a unit with its participants and their results.</summary>
public sealed record CompetitionView(Guid Id, string UnitCode, CompetitionKind Kind, DateOnly HeldOn, string Topic, IReadOnlyList<CompetitionResult> Participants)
{
    public static CompetitionView From(CompetitionRecord c) => new(c.CompetitionId, c.UnitCode, c.Kind, c.HeldOn, c.Topic, [.. c.Participants]);
}

public static class GetCompetitionsEndpoint
{
    /// <summary>Read one competition with its participants and results.</summary>
    [WolverineGet("/api/v1/units/{code}/competitions/{id}", OperationId = "GetCompetition"), Tags("Learning"), ReadAccess, ScopedToUnit]
    [ProducesResponseType<CompetitionView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string code, Guid id, IQuerySession session)
    {
        var record = await session.LoadAsync<CompetitionRecord>(LearningStreamKeys.Competition(id));
        return record is null || record.UnitCode != code
            ? Problem.NotFound(Msg("NoCompetition", code, id)).ToResult()
            : Results.Ok(CompetitionView.From(record));
    }

    /// <summary>List a unit's contests and competitions of a year, oldest first.</summary>
    /// <param name="code">The unit code.</param>
    /// <param name="year">The calendar year; the current year when left out.</param>
    /// <param name="session"></param>
    /// <param name="years"></param>
    [WolverineGet("/api/v1/units/{code}/competitions", OperationId = "ListCompetitions"), Tags("Learning"), ReadAccess, ScopedToUnit]
    [ProducesResponseType<IReadOnlyList<CompetitionView>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> List(string code, int? year, IQuerySession session, IYearViews years)
    {
        var (y, invalid) = years.Year(year);
        if (invalid is not null) return invalid.ToResult();
        var start = new DateOnly(y, 1, 1);
        var end = new DateOnly(y, 12, 31);
        var batch = session.CreateBatchQuery();
        var unit = batch.Load<UnitRecord>(StreamKeys.Unit(code));
        var competitions = batch.Query<CompetitionRecord>().Where(c => c.UnitCode == code && c.HeldOn >= start && c.HeldOn <= end).ToList();
        await batch.Execute();
        if (await unit is null) return Problem.NoSuchUnit(code).ToResult();
        return Results.Ok((await competitions).OrderBy(c => c.HeldOn).ThenBy(c => c.CompetitionId).Select(CompetitionView.From).ToList());
    }
}
