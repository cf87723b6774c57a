using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Views;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Learning.StudyHours;

/// <summary>A study-hours record of a cadre.</summary>
/// <param name="SessionId">The session whose attendance credited the hours, for a session credit.</param>
/// <param name="Revoked">Whether the record was revoked (its hours no longer count).</param>
public sealed record StudyHoursView(
    Guid Id,
    string StaffNo,
    decimal Hours,
    DateOnly StudiedOn,
    StudyChannel Channel,
    string Source,
    string? Topic,
    string? ExternalId,
    Guid? SessionId,
    bool Revoked,
    string? RevokedReason)
{
    public static StudyHoursView From(StudyHoursEntry e, StudyHoursRevocation? revocation)
    {
        var (revoked, reason) = e.RevokedBy(revocation);
        return new(e.Id, e.StaffNo, e.Hours, e.StudiedOn, e.Channel, e.Source, e.Topic, e.ExternalId, e.SessionId, revoked, reason);
    }
}

public static class GetStudyHoursEndpoint
{
    /// <summary>List a cadre's study-hours records of a year, revoked ones included.</summary>
    /// <param name="staffNo">The staff number.</param>
    /// <param name="year">The calendar year (China Standard Time); the current year when left out.</param>
    /// <param name="session"></param>
    /// <param name="years"></param>
    [WolverineGet("/api/v1/cadres/{staffNo}/study-hours", OperationId = "ListStudyHours"), Tags("Learning"), ReadAccess, ScopedToCadre]
    [ProducesResponseType<IReadOnlyList<StudyHoursView>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> List(string staffNo, int? year, IQuerySession session, IYearViews years)
    {
        var (y, invalid) = years.Year(year);
        if (invalid is not null) return invalid.ToResult();
        var from = new DateOnly(y, 1, 1);
        var to = new DateOnly(y, 12, 31);
        var batch = session.CreateBatchQuery();
        var cadre = batch.Load<CadreRecord>(StreamKeys.Cadre(staffNo));
        // The day key's range is the index's (it begins with the staff number); the other conditions make the answer
        // exact whatever the database's collation.
        var (first, last) = (StudyHoursEntry.DayKeyOf(staffNo, from), StudyHoursEntry.DayKeyOf(staffNo, to));
        var entries = batch.Query<StudyHoursEntry>()
            .Where(e => e.DayKey.CompareTo(first) >= 0 && e.DayKey.CompareTo(last) <= 0 && e.StaffNo == staffNo && e.StudiedOn >= from && e.StudiedOn <= to)
            .OrderBy(e => e.StudiedOn).ThenBy(e => e.Id)
            .ToList();
        // All the cadre's revocations, not just the year's: they are few, and the revocation holds no date to filter on.
        var revocations = batch.Query<StudyHoursRevocation>().Where(r => r.StaffNo == staffNo).ToList();
        await batch.Execute();
        if (await cadre is null) return Problem.NoSuchCadre(staffNo).ToResult();
        var revoked = (await revocations).ToDictionary(r => r.Id);
        // Imported records have no entry: they are read from the cadre's import events and listed in the same order.
        var imported = (await ImportedHours.EntriesAsync(session, staffNo)).Where(e => e.StudiedOn >= from && e.StudiedOn <= to);
        return Results.Ok((await entries).Concat(imported).OrderBy(e => e.StudiedOn).ThenBy(e => e.Id)
            .Select(e => StudyHoursView.From(e, revoked.GetValueOrDefault(e.Id))).ToList());
    }

    /// <summary>Read one study-hours record of a cadre.</summary>
    [WolverineGet("/api/v1/cadres/{staffNo}/study-hours/{id}", OperationId = "GetStudyHours"), Tags("Learning"), ReadAccess, ScopedToCadre]
    [ProducesResponseType<StudyHoursView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string staffNo, Guid id, IQuerySession session)
    {
        var batch = session.CreateBatchQuery();
        var entry = batch.Load<StudyHoursEntry>(id);
        var revocation = batch.Load<StudyHoursRevocation>(id);
        await batch.Execute();
        return (await entry ?? await ImportedAsync(session, staffNo, id)) is not { } found || found.StaffNo != staffNo
            ? Problem.NotFound(Msg("NoStudyHoursRecord", staffNo, id)).ToResult()
            : Results.Ok(StudyHoursView.From(found, await revocation));
    }

    /// <summary>A record of the cadre's imports (no entry of its own), or null.</summary>
    internal static async Task<StudyHoursEntry?> ImportedAsync(IQuerySession session, string staffNo, Guid id) =>
        (await ImportedHours.EntriesAsync(session, staffNo)).FirstOrDefault(e => e.Id == id);
}
