using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Equipment.Contracts;
using CapabilityOps.Equipment.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Equipment.Earmarks;

/// <summary>Earmark a year's budget for one category in one unit (EQP-4, 专款专用).</summary>
/// <param name="Year">The budget year: from 2020 to the current year.</param>
/// <param name="Category">Training, MonitoringEquipment, InspectionEquipment or EmergencyEquipment.</param>
/// <param name="UnitCode">The unit the money is for.</param>
/// <param name="AmountYuan">The amount in yuan: more than 0, at most two decimals.</param>
public sealed record AllocateEarmark(int? Year, EarmarkCategory? Category, string? UnitCode, decimal? AmountYuan) : IHasExample<AllocateEarmark>
{
    public static AllocateEarmark Example => new(2026, EarmarkCategory.MonitoringEquipment, "JCZ", 1_200_000.00m);
}

public sealed class AllocateEarmarkValidator : AbstractValidator<AllocateEarmark>
{
    public AllocateEarmarkValidator()
    {
        RuleFor(x => x.Year).Required();
        RuleFor(x => x.Category).KnownEnum();
        RuleFor(x => x.UnitCode).Code();
        RuleFor(x => x.AmountYuan).PositiveYuan();
    }
}

public static class AllocateEarmarkEndpoint
{
    public static Decision Decide(AllocateEarmark command, EarmarkRecord? existing, UnitRecord? unit, Guid id)
    {
        if (existing is not null)
            return Problem.Conflict(Msg("EarmarkExists", command.Year, command.Category, command.UnitCode, existing.EarmarkId));
        if (unit is null) return Problem.UnknownUnit("unitCode", command.UnitCode!);
        return Decision.Accept(new EarmarkAllocated(id, command.Year!.Value, command.Category!.Value, unit.Code, command.AmountYuan!.Value));
    }

    /// <summary>Earmark a year's budget for a category in a unit.</summary>
    /// <remarks>One earmark per year, category and unit: a second is a 409 naming the first.</remarks>
    [WolverinePost("/api/v1/earmarks", OperationId = "AllocateEarmark"), Tags("Equipment"), WriteAccess, ScopedByBody("unitCode")]
    [ProducesResponseType<EarmarkView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(AllocateEarmark command, IDocumentSession session, IAccessScope scope, IYearViews years)
    {
        if (!await scope.CoversUnitAsync(command.UnitCode!)) return Problem.OutOfScope.ToResult();
        if (years.Year(command.Year).Problem is { } wrongYear) return wrongYear.ToResult();
        var slot = EarmarkRecord.SlotOf(command.Year!.Value, command.Category!.Value, command.UnitCode!);
        var existing = await session.Query<EarmarkRecord>().Where(e => e.Slot == slot).FirstOrDefaultAsync();
        var unit = await session.LoadAsync<UnitRecord>(StreamKeys.Unit(command.UnitCode!));
        var decision = Decide(command, existing, unit, Guid.CreateVersion7());
        if (decision.Problem is { } problem) return problem.ToResult();

        // Two allocations of one slot racing: the slot's unique index refuses the second (409).
        var allocated = (EarmarkAllocated)decision.Events[0];
        var key = EquipmentStreamKeys.Earmark(allocated.EarmarkId);
        session.Events.StartStream<EarmarkRecord>(key, decision.Events);
        return Results.Created($"/api/v1/earmarks/{allocated.EarmarkId}", EarmarkView.Of(EarmarkRecord.Apply(null, key, allocated)!));
    }
}
