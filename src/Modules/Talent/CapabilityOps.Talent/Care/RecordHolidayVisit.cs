using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Talent.Contracts.Events;
using CapabilityOps.Talent.Titles;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Talent.Care;

/// <summary>Record a holiday visit to a cadre with a care flag (CARE-2).</summary>
/// <param name="Festival">SpringFestival (春节), ArmyDay (八一) or DoubleNinth (重阳).</param>
/// <param name="Year">The festival's year.</param>
/// <param name="VisitedOn">YYYY-MM-DD; not in the future, within a month of the festival, on a day the cadre had a care flag.</param>
/// <param name="By">Who visited (the union, a leader), up to 100 characters.</param>
public sealed record RecordHolidayVisit(CareFestival? Festival, int? Year, DateOnly? VisitedOn, string? By) : IHasExample<RecordHolidayVisit>
{
    public static RecordHolidayVisit Example => new(CareFestival.DoubleNinth, 2026, new DateOnly(2026, 10, 18), "机关工会");
}

public sealed class RecordHolidayVisitValidator : AbstractValidator<RecordHolidayVisit>
{
    public RecordHolidayVisitValidator()
    {
        RuleFor(x => x.Festival).KnownEnum();
        RuleFor(x => x.Year).Required().InclusiveBetween(2000, 2100).WithText(Msg("YearRange", 2000, 2100));
        RuleFor(x => x.VisitedOn).Required();
        RuleFor(x => x.By).RequiredText(100);
    }
}

public static class RecordHolidayVisitEndpoint
{
    /// <summary>
    /// The visit as the appender takes it: paid while the person is a cadre, or after a departure (a retired cadre is still visited),
    /// within a month of the festival, to a cadre with a care flag that day.
    /// </summary>
    public static CadreFact<CadreRecord> Fact(RecordHolidayVisit command)
    {
        var (festival, year, visitedOn) = (command.Festival!.Value, command.Year!.Value, command.VisitedOn!.Value);
        return new CadreFact<CadreRecord>([FactDate.WhileCadre("visitedOn", visitedOn)], cadre =>
        {
            if (!Festivals.InWindow(festival, year, visitedOn))
                return Problem.Invalid("visitedOn", Msg("VisitOutsideFestival", festival, year, Festivals.DayOf(festival, year), Festivals.VisitWindowDays));
            if (!cadre.CareFlagsOn(visitedOn).Any)
                return Problem.Invalid("visitedOn", Msg("NoCareFlag", cadre.StaffNo, visitedOn));
            return Decision.Accept(new HolidayVisitPaid(cadre.StaffNo, festival, year, visitedOn, command.By!.Trim()));
        }).AfterDeparture();
    }

    public static Decision Decide(RecordHolidayVisit command, CadreRecord cadre, DateOnly today) => Fact(command).Decide(cadre, today);

    /// <summary>Record a holiday visit to a cadre with a care flag.</summary>
    /// <remarks>
    /// Spring Festival, Army Day (1 August) and the Double Ninth, to retired cadres, veterans, cadres in hardship, village-stationed
    /// cadres and talents: a cadre without a care flag on the day is refused with 400. A retired cadre may be visited after leaving.
    /// </remarks>
    [WolverinePost("/api/v1/cadres/{staffNo}/holiday-visits", OperationId = "RecordHolidayVisit"), Tags("Talent and care"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<RecordedFact>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static Task<IResult> Post(string staffNo, RecordHolidayVisit command, IDocumentSession session, TimeProvider clock) =>
        session.AppendCadreFactAsync(staffNo, clock, Fact(command), appended =>
            Results.Created($"/api/v1/cadres/{staffNo}/history", new RecordedFact(appended.Events[^1].Id)));
}
