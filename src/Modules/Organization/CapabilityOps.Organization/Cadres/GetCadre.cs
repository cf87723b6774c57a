using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Organization.Cadres;

/// <summary>Whether a cadre is a member of the system.</summary>
public enum CadreStatus
{
    Active,
    Departed,
}

/// <summary>How and when a cadre left the system.</summary>
/// <param name="EffectiveOn">The last day the cadre was a member.</param>
public sealed record DepartureView(DepartureKind Kind, DateOnly EffectiveOn);

/// <summary>The flags the care rules use.</summary>
public sealed record CareFlagsView(bool Retired, bool Veteran, bool Hardship, bool VillageStationed, bool Talent)
{
    public static CareFlagsView From(CareFlags f) => new(f.Retired, f.Veteran, f.Hardship, f.VillageStationed, f.Talent);
}

/// <summary>A cadre's record.</summary>
/// <param name="UnitCode">The unit the cadre belongs to; for a departed cadre, the unit left.</param>
/// <param name="Version">The number of facts recorded about the cadre so far, by any module (the stream version).</param>
/// <param name="Status">Active, or Departed once the cadre has left the system (on the business day asked for, with `onDate`).</param>
/// <param name="Departure">The departure in force (kind and last day of membership), or null for an active cadre.</param>
/// <param name="CareFlags">The care flags: `retired` from a Retired departure.</param>
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
    long Version,
    CadreStatus Status,
    DepartureView? Departure,
    CareFlagsView CareFlags)
{
    public static CadreView From(CadreRecord c, long version) => new(c.StaffNo, c.Name, c.UnitCode, c.Rank, c.BirthDate, c.Education,
        c.PostCategory, c.PartyMember, c.JoinedOn, version, c.CurrentDeparture() is null ? CadreStatus.Active : CadreStatus.Departed,
        c.CurrentDeparture() is { } d ? new DepartureView(d.Kind, d.LeftOn) : null, CareFlagsView.From(c.CareFlags));

    /// <summary>A cadre just registered: active, no care flag.</summary>
    public static CadreView Registered(CadreRegistered r) => new(r.StaffNo, r.Name, r.UnitCode, r.Rank, r.BirthDate, r.Education, r.PostCategory,
        r.PartyMember, r.JoinedOn, Version: 1, CadreStatus.Active, null, CareFlagsView.From(new CareFlags()));

    /// <summary>The answer of a change to a cadre's record: 201 with the record as the change left it.</summary>
    public static IResult Created(AppendedFacts<CadreRecord> appended) =>
        Results.Created($"/api/v1/cadres/{appended.Before.StaffNo}", From(
            appended.Facts.Aggregate(appended.Before.Clone(), (r, e) => CadreRecordFold.Apply(r, appended.Before.Id, e)!), appended.Version));

    /// <summary>
    /// The record as it stood on a business day: the unit, rank and education held that day, and whether the cadre had left the
    /// system by then (a day after a departure and before any return). The retired flag holds from the day after retiring.
    /// </summary>
    public static CadreView On(CadreRecord c, long version, DateOnly day)
    {
        var away = c.AwayOn(day);
        var flags = CareFlagsView.From(c.CareFlagsOn(day));
        return new(c.StaffNo, c.Name, c.UnitOn(day), c.RankOn(day), c.BirthDate, c.EducationOn(day), c.PostCategory, c.PartyMember, c.JoinedOn,
            version, away is null ? CadreStatus.Active : CadreStatus.Departed, away is null ? null : new DepartureView(away.Kind, away.LeftOn), flags);
    }
}

public static class GetCadreEndpoint
{
    /// <summary>Read a cadre's record, now or as it was known at an instant, and as it stood on a business day.</summary>
    /// <remarks>`asOf` is about what was known (facts recorded up to an instant); `onDate` is about the business day (the unit,
    /// rank and education held on it, by their effective dates, corrections included). Both together: the day as it was known then.</remarks>
    /// <param name="staffNo">The staff number.</param>
    /// <param name="asOf">An instant (RFC 3339 with offset): the record as it was known then, from the facts recorded up to it. 404 if the cadre was not registered yet.</param>
    /// <param name="onDate">A business day (YYYY-MM-DD): the unit, rank and education held that day, and the status (Departed from the day after a departure until a return), from every fact known now (or at `asOf`), back-dated ones included. 404 if the cadre had not joined by then.</param>
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
