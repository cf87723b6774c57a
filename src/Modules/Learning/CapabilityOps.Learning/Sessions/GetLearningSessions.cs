using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Views;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Learning.Sessions;

/// <summary>A learning session of a unit.</summary>
/// <param name="StudyHours">Offline study hours each attendee is credited with, or null.</param>
/// <param name="Attendees">Staff numbers of the attendees.</param>
public sealed record LearningSessionView(
    Guid Id,
    string UnitCode,
    LearningSessionKind Kind,
    DateOnly HeldOn,
    string Topic,
    decimal? StudyHours,
    LearningCornerFormat? Format,
    Festival? Festival,
    bool EcologicalTopic,
    IReadOnlyList<string> Attendees)
{
    public static LearningSessionView From(LearningSessionRecord s) =>
        new(s.SessionId, s.UnitCode, s.Kind, s.HeldOn, s.Topic, s.StudyHours, s.Format, s.Festival, s.EcologicalTopic, s.Attendees);
}

public static class GetLearningSessionsEndpoint
{
    /// <summary>Read one learning session with its attendees.</summary>
    [WolverineGet("/api/v1/units/{code}/learning-sessions/{id}", OperationId = "GetLearningSession"), Tags("Learning"), ReadAccess, ScopedToUnit]
    [ProducesResponseType<LearningSessionView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string code, Guid id, IQuerySession session)
    {
        var record = await session.LoadAsync<LearningSessionRecord>(LearningStreamKeys.Session(id));
        return record is null || record.UnitCode != code
            ? Problem.NotFound(Msg("NoLearningSession", code, id)).ToResult()
            : Results.Ok(LearningSessionView.From(record));
    }

    /// <summary>List a unit's learning sessions of a year, oldest first.</summary>
    /// <param name="code">The unit code.</param>
    /// <param name="year">The calendar year; the current year when left out.</param>
    /// <param name="kind">Only sessions of this kind.</param>
    /// <param name="session"></param>
    /// <param name="years"></param>
    [WolverineGet("/api/v1/units/{code}/learning-sessions", OperationId = "ListLearningSessions"), Tags("Learning"), ReadAccess, ScopedToUnit]
    [ProducesResponseType<IReadOnlyList<LearningSessionView>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> List(string code, int? year, LearningSessionKind? kind, IQuerySession session, IYearViews years)
    {
        var (y, invalid) = years.Year(year);
        if (invalid is not null) return invalid.ToResult();
        var start = new DateOnly(y, 1, 1);
        var end = new DateOnly(y, 12, 31);
        var batch = session.CreateBatchQuery();
        var unit = batch.Load<UnitRecord>(StreamKeys.Unit(code));
        var sessions = batch.Query<LearningSessionRecord>().Where(s => s.UnitCode == code && s.HeldOn >= start && s.HeldOn <= end).ToList();
        await batch.Execute();
        if (await unit is null) return Problem.NoSuchUnit(code).ToResult();
        return Results.Ok((await sessions).Where(s => kind is null || s.Kind == kind)
            .OrderBy(s => s.HeldOn).ThenBy(s => s.SessionId).Select(LearningSessionView.From).ToList());
    }
}
