using CapabilityOps.Equipment.Contracts;
using CapabilityOps.Equipment.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Equipment.Register;

/// <summary>Link an ageing asset to the one that replaced it (EQP-2: 更换升级).</summary>
/// <param name="ReplacedBy">The asset number of the replacement, already in the register.</param>
/// <param name="On">YYYY-MM-DD of the replacement: not in the future, not before either asset was acquired. The old asset leaves service that day.</param>
public sealed record RecordReplacement(string? ReplacedBy, DateOnly? On) : IHasExample<RecordReplacement>
{
    public static RecordReplacement Example => new("ZF-2026-0007", new DateOnly(2026, 5, 10));
}

public sealed class RecordReplacementValidator : AbstractValidator<RecordReplacement>
{
    public RecordReplacementValidator()
    {
        RuleFor(x => x.ReplacedBy).Code();
        RuleFor(x => x.On).Required();
    }
}

public static class RecordReplacementEndpoint
{
    public static Decision Decide(EquipmentRecord old, RecordReplacement command, EquipmentRecord? replacement, DateOnly today)
    {
        if (command.ReplacedBy == old.AssetNo) return Problem.Invalid("replacedBy", Msg("ReplacedByItself"));
        if (replacement is null) return Problem.Invalid("replacedBy", Msg("NoSuchAsset", command.ReplacedBy));
        if (old.ReplacedBy is { } earlier) return Problem.Conflict(Msg("AlreadyReplaced", old.AssetNo, earlier));
        if (replacement.Replaces is { } other) return Problem.Conflict(Msg("AlreadyReplaces", replacement.AssetNo, other));
        var on = command.On!.Value;
        if (AssetWrites.CheckDate("on", on, old, today) is { } wrong) return wrong;
        if (on < replacement.AcquiredOn) return Problem.Invalid("on", Msg("BeforeAcquisition", "on", replacement.AcquiredOn));
        return Decision.Accept(new EquipmentReplaced(old.AssetNo, replacement.AssetNo, on), new EquipmentReplacing(replacement.AssetNo, old.AssetNo, on));
    }

    /// <summary>Record that an asset was replaced by another one.</summary>
    /// <remarks>The old asset leaves service (if still in it) and names its replacement; the new one names the asset it replaces. Each asset is replaced once (409).</remarks>
    /// <param name="assetNo">The asset number of the old asset.</param>
    [WolverinePost("/api/v1/equipment/{assetNo}/replacements", OperationId = "RecordReplacement"), Tags("Equipment"), WriteAccess]
    [NotUnitScoped("the unit holding the old asset, read under the asset's lock, must be within the key's units: the endpoint checks it")]
    [ProducesResponseType<EquipmentView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(string assetNo, RecordReplacement command, IDocumentSession session, IAccessScope scope, TimeProvider clock)
    {
        // Both streams are locked, in key order, so two requests naming the same pair cannot deadlock.
        var oldFirst = string.CompareOrdinal(assetNo, command.ReplacedBy) <= 0;
        var first = await session.Events.FetchForExclusiveWriting<EquipmentRecord>(EquipmentStreamKeys.Asset(oldFirst ? assetNo : command.ReplacedBy!));
        var second = assetNo == command.ReplacedBy ? first
            : await session.Events.FetchForExclusiveWriting<EquipmentRecord>(EquipmentStreamKeys.Asset(oldFirst ? command.ReplacedBy! : assetNo));
        var (oldStream, newStream) = oldFirst ? (first, second) : (second, first);
        if (oldStream.Aggregate is not { } old) return AssetWrites.NoSuchAsset(assetNo).ToResult();
        if (!await scope.CoversUnitAsync(old.UnitCode)) return Problem.OutOfScope.ToResult();

        var today = ChinaTime.Today(clock);
        var decision = Decide(old, command, newStream.Aggregate, today);
        if (decision.Problem is { } problem) return problem.ToResult();

        oldStream.AppendOne(decision.Events[0]);
        newStream.AppendOne(decision.Events[1]);
        var after = EquipmentRecord.Apply(Listing.Copy(old), old.Id, decision.Events[0])!;
        return Results.Created($"/api/v1/equipment/{assetNo}", EquipmentView.Of(after, today));
    }
}
