using CapabilityOps.Informatization.Contracts;
using CapabilityOps.Informatization.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Informatization.Substitution;

/// <summary>Put an IT item on the secure-and-controllable substitution inventory (安可替代, INF-4); it starts Planned.</summary>
/// <param name="ItemNo">The item's number: 1–32 letters, digits or '-'. Unique.</param>
/// <param name="UnitCode">The unit that uses the item.</param>
/// <param name="Category">What kind of item, free text, e.g. 服务器, 操作系统, 数据库.</param>
/// <param name="CurrentProduct">The product in use now.</param>
/// <param name="TargetProduct">The domestic product to replace it.</param>
/// <param name="DueOn">YYYY-MM-DD the replacement is due.</param>
public sealed record ListSubstitutionItem(string? ItemNo, string? UnitCode, string? Category, string? CurrentProduct, string? TargetProduct, DateOnly? DueOn)
    : IHasExample<ListSubstitutionItem>
{
    public static ListSubstitutionItem Example => new("AK-2021-001", "BGS", "数据库", "Oracle 11g", "达梦数据库 DM8", new DateOnly(2022, 6, 30));
}

public sealed class ListSubstitutionItemValidator : AbstractValidator<ListSubstitutionItem>
{
    public ListSubstitutionItemValidator()
    {
        RuleFor(x => x.ItemNo).Code();
        RuleFor(x => x.UnitCode).Code();
        RuleFor(x => x.Category).RequiredText(50);
        RuleFor(x => x.CurrentProduct).RequiredText(200);
        RuleFor(x => x.TargetProduct).RequiredText(200);
        RuleFor(x => x.DueOn).Required();
    }
}

/// <summary>An item of the substitution inventory with its progress.</summary>
/// <param name="ItemNo">The item's number.</param>
/// <param name="UnitCode">The unit that uses the item.</param>
/// <param name="Category">What kind of item.</param>
/// <param name="CurrentProduct">The product in use before the replacement.</param>
/// <param name="TargetProduct">The domestic product replacing it.</param>
/// <param name="DueOn">The day the replacement is due.</param>
/// <param name="Status">Planned, InProgress, Replaced or Verified.</param>
/// <param name="Progress">Each status reached after Planned, with its day.</param>
public sealed record SubstitutionItemView(string ItemNo, string UnitCode, string Category, string CurrentProduct, string TargetProduct,
    DateOnly DueOn, SubstitutionStatus Status, IReadOnlyList<ProgressStep> Progress)
{
    public static SubstitutionItemView From(SubstitutionItemRecord r) =>
        new(r.ItemNo, r.UnitCode, r.Category, r.CurrentProduct, r.TargetProduct, r.DueOn, r.Status, r.Progress);
}

public static class ListSubstitutionItemEndpoint
{
    public static Decision Decide(ListSubstitutionItem command, SubstitutionItemRecord? existing, UnitRecord? unit)
    {
        if (existing is not null) return Problem.Conflict(Msg("SubstitutionItemExists", command.ItemNo));
        if (unit is null) return Problem.UnknownUnit("unitCode", command.UnitCode!);
        return Decision.Accept(new SubstitutionItemListed(command.ItemNo!, unit.Code, command.Category!.Trim(), command.CurrentProduct!.Trim(),
            command.TargetProduct!.Trim(), command.DueOn!.Value));
    }

    /// <summary>Put an item on the substitution inventory.</summary>
    /// <remarks>A duplicate item number is a 409; an unknown unit a 400.</remarks>
    [WolverinePost("/api/v1/substitution-items", OperationId = "ListSubstitutionItem"), Tags("Informatization"), WriteAccess, ScopedByBody("unitCode")]
    [ProducesResponseType<SubstitutionItemView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(ListSubstitutionItem command, IDocumentSession session, IAccessScope scope)
    {
        if (!await scope.CoversUnitAsync(command.UnitCode!)) return Problem.OutOfScope.ToResult();
        var key = InformatizationStreamKeys.SubstitutionItem(command.ItemNo!);
        var batch = session.CreateBatchQuery();
        var existing = batch.Load<SubstitutionItemRecord>(key);
        var unit = batch.Load<UnitRecord>(StreamKeys.Unit(command.UnitCode!));
        await batch.Execute();
        var decision = Decide(command, await existing, await unit);
        if (decision.Problem is { } problem) return problem.ToResult();

        session.Events.StartStream<SubstitutionItemRecord>(key, decision.Events);
        var record = SubstitutionItemProjection.Apply(null, key, decision.Events[0])!;
        return Results.Created($"/api/v1/substitution-items?unit={record.UnitCode}", SubstitutionItemView.From(record));
    }
}
