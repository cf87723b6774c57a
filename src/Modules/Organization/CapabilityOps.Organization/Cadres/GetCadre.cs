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
}

public static class GetCadreEndpoint
{
    /// <summary>Read a cadre's record, now or as it was known at an instant.</summary>
    /// <param name="staffNo">The staff number.</param>
    /// <param name="asOf">An instant (RFC 3339 with offset): the record as it was known then, from the facts recorded up to it. 404 if the cadre was not registered yet.</param>
    /// <param name="session"></param>
    [WolverineGet("/api/v1/cadres/{staffNo}", OperationId = "GetCadre"), Tags("Organization"), ReadAccess, ScopedToCadre]
    [ProducesResponseType<CadreView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string staffNo, DateTimeOffset? asOf, IQuerySession session)
    {
        var key = StreamKeys.Cadre(staffNo);
        if (asOf is { } instant)
        {
            var events = await session.Events.FetchStreamAsync(key, timestamp: instant.ToUniversalTime());
            var then = CadreRecordFold.Fold(key, events);
            return then is null
                ? Problem.NotFound($"Cadre '{staffNo}' was not registered at {instant:O}.").ToResult()
                : Results.Ok(CadreView.From(then, events[^1].Version));
        }

        var batch = session.CreateBatchQuery();
        var record = batch.Load<CadreRecord>(key);
        var state = batch.Events.FetchStreamState(key);
        await batch.Execute();
        var cadre = await record;
        return cadre is null
            ? Problem.NotFound($"There is no cadre with staff number '{staffNo}'.").ToResult()
            : Results.Ok(CadreView.From(cadre, (await state)?.Version ?? 0));
    }
}
