using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Organization.Cadres;

/// <summary>Record that a cadre left the system.</summary>
/// <param name="Kind">Retired (退休), TransferredOut (调出), Resigned (辞职), Dismissed (辞退/开除) or Deceased (去世).</param>
/// <param name="EffectiveOn">YYYY-MM-DD, the last day the cadre was a member: not in the future, on or after the cadre's last return. From the day after, the cadre counts in no unit figure and facts dated later are refused (except a return, care flags and holiday visits).</param>
/// <param name="Reason">Why, up to 200 characters.</param>
public sealed record RecordDeparture(DepartureKind? Kind, DateOnly? EffectiveOn, string? Reason) : IHasExample<RecordDeparture>
{
    public static RecordDeparture Example => new(DepartureKind.Retired, new DateOnly(2026, 6, 30), "到龄退休");
}

public sealed class RecordDepartureValidator : AbstractValidator<RecordDeparture>
{
    public const int MaxReasonLength = 200;

    public RecordDepartureValidator()
    {
        RuleFor(x => x.Kind).KnownEnum();
        RuleFor(x => x.EffectiveOn).Required();
        RuleFor(x => x.Reason).MaximumLength(MaxReasonLength).WithText(Msg("ReasonAtMost", MaxReasonLength));
    }
}

public static class RecordDepartureEndpoint
{
    /// <summary>
    /// The departure as the appender takes it: not in the future, not before joining, and only for a cadre who is a member:
    /// a cadre who has left cannot leave again (409), and the last day must be on or after the cadre's last return.
    /// </summary>
    public static CadreFact<CadreRecord> Fact(RecordDeparture command)
    {
        var effectiveOn = command.EffectiveOn!.Value;
        return new CadreFact<CadreRecord>([FactDate.WhileCadre("effectiveOn", effectiveOn)], cadre =>
        {
            if (cadre.CurrentDeparture() is { } left)
                return Problem.Conflict(Msg("AlreadyLeft", cadre.StaffNo, left.LeftOn, left.Kind));
            if (cadre.Departures.Count > 0 && cadre.Departures[^1].ReturnedOn is { } back && effectiveOn < back)
                return Problem.Invalid("effectiveOn", Msg("DepartureBeforeReturn", back));
            return Decision.Accept(new CadreDeparted(cadre.StaffNo, command.Kind!.Value, effectiveOn,
                string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim(), cadre.UnitOn(effectiveOn)));
        }).AfterDeparture(); // its own rule answers a departed cadre, naming the departure
    }

    public static Decision Decide(RecordDeparture command, CadreRecord cadre, DateOnly today) => Fact(command).Decide(cadre, today);

    /// <summary>Record that a cadre left the system (retirement, transfer out, resignation, dismissal, death).</summary>
    /// <remarks>
    /// A departed cadre cannot depart again (409). The cadre stays associated with the unit left; a Retired departure sets the
    /// `retired` care flag. For the year of leaving, targets are pro-rated by whole months of membership.
    /// </remarks>
    [WolverinePost("/api/v1/cadres/{staffNo}/departures", OperationId = "RecordDeparture"), Tags("Organization"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<CadreView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string staffNo, RecordDeparture command, IDocumentSession session, TimeProvider clock) =>
        session.AppendCadreFactAsync(staffNo, clock, Fact(command), CadreView.Created);
}
