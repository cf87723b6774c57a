using CapabilityOps.Equipment.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Equipment.Register;

public static class GetEquipmentEndpoint
{
    /// <summary>Read an asset of the register: where it is, whether it is ageing, when maintenance is due.</summary>
    /// <remarks>`asOf` replays the asset's stream up to that instant: what was known then. `onDate` measures on that business day (the unit holding it, ageing, book value); by default the China day of `asOf`, or today.</remarks>
    /// <param name="assetNo">The asset number.</param>
    /// <param name="asOf">As it was known at this instant.</param>
    /// <param name="onDate">Measured on this business day.</param>
    [WolverineGet("/api/v1/equipment/{assetNo}", OperationId = "GetEquipment"), Tags("Equipment"), ReadAccess]
    [NotUnitScoped("the unit holding the asset must be within the key's units: the endpoint checks it once the asset is read")]
    [ProducesResponseType<EquipmentView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string assetNo, DateTimeOffset? asOf, DateOnly? onDate, IQuerySession session, IAccessScope scope,
        TimeProvider clock, CancellationToken cancellation)
    {
        var key = EquipmentStreamKeys.Asset(assetNo);
        EquipmentRecord? asset;
        if (asOf is { } instant)
        {
            var events = await session.Events.FetchStreamAsync(key, timestamp: instant.ToUniversalTime(), token: cancellation);
            asset = events.Aggregate((EquipmentRecord?)null, (a, e) => EquipmentRecord.Apply(a, key, e.Data));
        }
        else asset = await session.LoadAsync<EquipmentRecord>(key, cancellation);
        if (asset is null) return AssetWrites.NoSuchAsset(assetNo).ToResult();
        if (!await scope.CoversUnitAsync(asset.UnitCode, cancellation)) return Problem.OutOfScope.ToResult();
        var day = onDate ?? (asOf is { } at ? ChinaTime.DateOf(at) : ChinaTime.Today(clock));
        return Results.Ok(EquipmentView.Of(asset, day));
    }
}
