using CapabilityOps.Equipment.Contracts;
using CapabilityOps.Equipment.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Equipment.Reserve;

/// <summary>Add an item to the emergency reserve depot (EQP-3).</summary>
/// <param name="Sku">The item's code: 1–32 letters, digits or '-'. Unique.</param>
/// <param name="Name">What it is, e.g. 围油栏: 1–100 characters.</param>
/// <param name="Measure">The unit its quantities are in, e.g. 米, 套, 吨: 1–10 characters.</param>
/// <param name="DepotUnitCode">The unit keeping the depot.</param>
/// <param name="MinimumStock">The stock it must not fall below: at least 0, at most two decimals.</param>
public sealed record RegisterReserveItem(string? Sku, string? Name, string? Measure, string? DepotUnitCode, decimal? MinimumStock)
    : IHasExample<RegisterReserveItem>
{
    public static RegisterReserveItem Example => new("YJ-WYL-01", "围油栏", "米", "YJZX", 200m);
}

public sealed class RegisterReserveItemValidator : AbstractValidator<RegisterReserveItem>
{
    public RegisterReserveItemValidator()
    {
        RuleFor(x => x.Sku).Code();
        RuleFor(x => x.Name).RequiredText(100);
        RuleFor(x => x.Measure).RequiredText(10);
        RuleFor(x => x.DepotUnitCode).Code();
        RuleFor(x => x.MinimumStock).Yuan();
    }
}

public static class RegisterReserveItemEndpoint
{
    public static Decision Decide(RegisterReserveItem command, bool exists, UnitRecord? depot)
    {
        if (exists) return Problem.Conflict(Msg("ReserveItemExists", command.Sku));
        if (depot is null) return Problem.UnknownUnit("depotUnitCode", command.DepotUnitCode!);
        return Decision.Accept(new ReserveItemRegistered(command.Sku!, command.Name!.Trim(), command.Measure!.Trim(), depot.Code, command.MinimumStock!.Value));
    }

    /// <summary>Add an item to the emergency reserve depot, with its minimum stock.</summary>
    /// <remarks>A duplicate code is a 409; an unknown unit a 400. The stock starts at 0: receipts fill it.</remarks>
    [WolverinePost("/api/v1/reserve-items", OperationId = "RegisterReserveItem"), Tags("Equipment"), WriteAccess, ScopedByBody("depotUnitCode")]
    [ProducesResponseType<ReserveItemView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(RegisterReserveItem command, IDocumentSession session, IAccessScope scope, TimeProvider clock)
    {
        if (!await scope.CoversUnitAsync(command.DepotUnitCode!)) return Problem.OutOfScope.ToResult();
        var key = EquipmentStreamKeys.ReserveItem(command.Sku!);
        var exists = await session.Events.FetchStreamStateAsync(key) is not null;
        var depot = await session.LoadAsync<UnitRecord>(StreamKeys.Unit(command.DepotUnitCode!));
        var decision = Decide(command, exists, depot);
        if (decision.Problem is { } problem) return problem.ToResult();

        session.Events.StartStream<ReserveItemRecord>(key, decision.Events);
        var item = decision.Events.Aggregate((ReserveItemRecord?)null, (i, e) => ReserveItemRecord.Apply(i, key, e))!;
        return Results.Created($"/api/v1/reserve-items/{item.Sku}", ReserveItemView.Of(item, ChinaTime.Today(clock)));
    }
}
