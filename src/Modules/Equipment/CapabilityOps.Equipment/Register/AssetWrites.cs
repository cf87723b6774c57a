using CapabilityOps.Equipment.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;

namespace CapabilityOps.Equipment.Register;

/// <summary>
/// How a fact about an existing asset is recorded: the asset's stream is locked for the transaction (concurrent writers queue
/// and each decides on what the previous one left), 404 for an unknown asset, 403 unless the key reaches the unit holding it,
/// then the slice's pure decision and the append. The answer is the asset as it stands after the facts.
/// </summary>
internal static class AssetWrites
{
    public static Problem NoSuchAsset(string assetNo) => Problem.NotFound(Msg("NoSuchAsset", assetNo));

    public static async Task<IResult> AppendAsync(IDocumentSession session, IAccessScope scope, string assetNo, TimeProvider clock,
        Func<EquipmentRecord, DateOnly, Task<Decision>> decide)
    {
        var key = EquipmentStreamKeys.Asset(assetNo);
        var stream = await session.Events.FetchForExclusiveWriting<EquipmentRecord>(key);
        if (stream.Aggregate is not { } asset) return NoSuchAsset(assetNo).ToResult();
        if (!await scope.CoversUnitAsync(asset.UnitCode)) return Problem.OutOfScope.ToResult();

        var today = ChinaTime.Today(clock);
        var decision = await decide(asset, today);
        if (decision.Problem is { } problem) return problem.ToResult();

        stream.AppendMany(decision.Events);
        var after = decision.Events.Aggregate(Listing.Copy(asset), (a, e) => EquipmentRecord.Apply(a, key, e)!);
        return Results.Created($"/api/v1/equipment/{assetNo}", EquipmentView.Of(after, today));
    }

    /// <summary>The refusal shared by the writes that need the asset in service.</summary>
    public static Problem? Retired(EquipmentRecord asset) =>
        asset.InService ? null : Problem.Conflict(Msg("AssetRetired", asset.AssetNo, asset.RetiredOn!.Value));

    /// <summary>A business date of a fact about the asset: not in the future, not before it was acquired.</summary>
    public static Problem? CheckDate(string field, DateOnly day, EquipmentRecord asset, DateOnly today) =>
        day > today ? Problem.InFuture(field)
        : day < asset.AcquiredOn ? Problem.Invalid(field, Msg("BeforeAcquisition", field, asset.AcquiredOn))
        : null;
}
