using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Organization.Cadres;

/// <summary>Set a cadre's care flags from a business date (the whole set).</summary>
/// <param name="Retired">退休: a retired cadre (a Retired departure sets it as well).</param>
/// <param name="Veteran">退役军人: a veteran.</param>
/// <param name="Hardship">困难: a cadre in hardship.</param>
/// <param name="VillageStationed">驻村: a village-stationed cadre.</param>
/// <param name="Talent">人才: a talent.</param>
/// <param name="EffectiveOn">YYYY-MM-DD the set holds from: not in the future, not before the cadre joined; may follow a departure.</param>
public sealed record SetCareFlags(bool? Retired, bool? Veteran, bool? Hardship, bool? VillageStationed, bool? Talent, DateOnly? EffectiveOn)
    : IHasExample<SetCareFlags>
{
    public static SetCareFlags Example => new(false, true, false, false, false, new DateOnly(2026, 1, 1));
}

public sealed class SetCareFlagsValidator : AbstractValidator<SetCareFlags>
{
    public SetCareFlagsValidator()
    {
        RuleFor(x => x.Retired).Required();
        RuleFor(x => x.Veteran).Required();
        RuleFor(x => x.Hardship).Required();
        RuleFor(x => x.VillageStationed).Required();
        RuleFor(x => x.Talent).Required();
        RuleFor(x => x.EffectiveOn).Required();
    }
}

public static class SetCareFlagsEndpoint
{
    /// <summary>
    /// The flags as the appender takes them: from a day the person was a cadre, and allowed after a departure — the care of a
    /// retired cadre goes on (CARE-2).
    /// </summary>
    public static CadreFact<CadreRecord> Fact(SetCareFlags command) =>
        new CadreFact<CadreRecord>([FactDate.WhileCadre("effectiveOn", command.EffectiveOn!.Value)], cadre =>
            Decision.Accept(new CareFlagsSet(cadre.StaffNo, command.Retired!.Value, command.Veteran!.Value, command.Hardship!.Value,
                command.VillageStationed!.Value, command.Talent!.Value, command.EffectiveOn.Value))).AfterDeparture();

    public static Decision Decide(SetCareFlags command, CadreRecord cadre, DateOnly today) => Fact(command).Decide(cadre, today);

    /// <summary>Set a cadre's care flags from a business date.</summary>
    /// <remarks>
    /// The whole set, from `effectiveOn`: a fact in the cadre's history. The record (`careFlags`) shows the latest set; with
    /// `onDate`, the set in force that day. A Retired departure keeps `retired` set.
    /// </remarks>
    [WolverinePut("/api/v1/cadres/{staffNo}/care-flags", OperationId = "SetCareFlags"), Tags("Talent and care"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<CadreView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static Task<IResult> Put(string staffNo, SetCareFlags command, IDocumentSession session, TimeProvider clock) =>
        session.AppendCadreFactAsync(staffNo, clock, Fact(command), appended => Results.Ok(CadreView.From(
            appended.Facts.Aggregate(appended.Before.Clone(), (r, e) => CadreRecordFold.Apply(r, appended.Before.Id, e)!), appended.Version)));
}
