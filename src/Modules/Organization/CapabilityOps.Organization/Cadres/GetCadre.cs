using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Organization.Cadres;

/// <summary>A cadre's record.</summary>
/// <param name="Version">The number of facts recorded about the cadre so far, by any module (the stream version).</param>
public sealed record CadreView(
    string StaffNo,
    string Name,
    string UnitCode,
    Rank Rank,
    DateOnly BirthDate,
    EducationLevel Education,
    PostCategory PostCategory,
    bool PartyMember,
    DateOnly JoinedOn,
    long Version)
{
    public static CadreView From(CadreRecord c, long version) =>
        new(c.StaffNo, c.Name, c.UnitCode, c.Rank, c.BirthDate, c.Education, c.PostCategory, c.PartyMember, c.JoinedOn, version);

    /// <summary>The answer of a change to a cadre's record: 201 with the record as the change left it.</summary>
    public static IResult Created(AppendedFacts<CadreRecord> appended) =>
        Results.Created($"/api/v1/cadres/{appended.Before.StaffNo}", From(
            appended.Facts.Aggregate(appended.Before.Clone(), (r, e) => CadreRecordFold.Apply(r, appended.Before.Id, e)!), appended.Version));

    /// <summary>The record as it stood on a business day: the unit, rank and education held that day.</summary>
    public static CadreView On(CadreRecord c, long version, DateOnly day) =>
        new(c.StaffNo, c.Name, c.UnitOn(day), c.RankOn(day), c.BirthDate, c.EducationOn(day), c.PostCategory, c.PartyMember, c.JoinedOn, version);
}

public static class GetCadreEndpoint
{
    /// <summary>Read a cadre's record, now or as it was known at an instant, and as it stood on a business day.</summary>
    /// <remarks>`asOf` is about what was known (facts recorded up to an instant); `onDate` is about the business day (the unit,
    /// rank and education held on it, by their effective dates, corrections included). Both together: the day as it was known then.</remarks>
    /// <param name="staffNo">The staff number.</param>
    /// <param name="asOf">An instant (RFC 3339 with offset): the record as it was known then, from the facts recorded up to it. 404 if the cadre was not registered yet.</param>
    /// <param name="onDate">A business day (YYYY-MM-DD): the unit, rank and education held that day, from every fact known now (or at `asOf`), back-dated ones included. 404 if the cadre had not joined by then.</param>
    /// <param name="session"></param>
    [WolverineGet("/api/v1/cadres/{staffNo}", OperationId = "GetCadre"), Tags("Organization"), ReadAccess, ScopedToCadre]
    [ProducesResponseType<CadreView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string staffNo, DateTimeOffset? asOf, DateOnly? onDate, IQuerySession session)
    {
        var key = StreamKeys.Cadre(staffNo);
        if (asOf is not null || onDate is not null)
        {
            // Only what the fold reads (the live record's projection's types), and the last event for the version.
            var events = await session.ReadStreamAsync(key, asOf, RecordEventTypes(session));
            var then = CadreRecordFold.Fold(key, events);
            if (then is null)
                return (asOf is null ? Problem.NoSuchCadre(staffNo) : Problem.NotFound(Msg("NotRegisteredAt", staffNo, asOf))).ToResult();
            if (onDate is not { } day) return Results.Ok(CadreView.From(then, events[^1].Version));
            return day < then.JoinedOn
                ? Problem.NotFound(Msg("NotJoinedOn", staffNo, day, then.JoinedOn)).ToResult()
                : Results.Ok(CadreView.On(then, events[^1].Version, day));
        }

        var batch = session.CreateBatchQuery();
        var record = batch.Load<CadreRecord>(key);
        var state = batch.Events.FetchStreamState(key);
        await batch.Execute();
        var cadre = await record;
        return cadre is null
            ? Problem.NoSuchCadre(staffNo).ToResult()
            : Results.Ok(CadreView.From(cadre, (await state)?.Version ?? 0));
    }

    /// <summary>The event types <see cref="CadreRecordProjection"/> feeds to <see cref="CadreRecordFold"/>: an as-of record is folded from what the live one is.</summary>
    private static IReadOnlyCollection<Type> RecordEventTypes(IQuerySession session) =>
        ((StoreOptions)session.DocumentStore.Options).Projections.All.OfType<CadreRecordProjection>().Single().IncludedEventTypes;
}
