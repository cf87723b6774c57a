using CapabilityOps.Organization.Contracts;
using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.ServiceVisits.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.ServiceVisits.Visits;

/// <summary>Record a grassroots visit (下基层调研指导): days spent in rural areas or at an enterprise.</summary>
/// <param name="From">YYYY-MM-DD of the first day: not before the cadre joined.</param>
/// <param name="To">YYYY-MM-DD of the last day: on or after <paramref name="From"/>, not in the future; a visit is at most 366 days long, both ends counted.</param>
/// <param name="Kind">Rural (农村) or Enterprise (企业).</param>
/// <param name="Place">Where the visit went, e.g. 恩阳区柳林镇 (at most 200 characters).</param>
/// <param name="Enterprise">The enterprise visited: required for Enterprise visits, absent for Rural ones (at most 200 characters).</param>
public sealed record RecordGrassrootsVisit(DateOnly? From, DateOnly? To, VisitKind? Kind, string? Place, string? Enterprise)
    : IHasExample<RecordGrassrootsVisit>
{
    public static RecordGrassrootsVisit Example => new(new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 4), VisitKind.Enterprise, "巴州区经开区", "巴中某某水泥有限公司");
}

/// <summary>A recorded visit.</summary>
/// <param name="Id">The visit's id, for a later revocation.</param>
/// <param name="Days">Calendar days from <c>from</c> to <c>to</c>, both included.</param>
public sealed record VisitRecorded(Guid Id, int Days);

public sealed class RecordGrassrootsVisitValidator : AbstractValidator<RecordGrassrootsVisit>
{
    public const int MaxDays = 366;
    public const int MaxText = 200;

    public RecordGrassrootsVisitValidator()
    {
        RuleFor(x => x.From).Required();
        RuleFor(x => x.To).Required();
        RuleFor(x => x.To).Must((x, to) => to >= x.From).When(x => x.From is not null && x.To is not null)
            .WithText(Msg("ToBeforeFrom"));
        RuleFor(x => x.To).Must((x, to) => new DateRange(x.From!.Value, to!.Value).Days <= MaxDays).When(x => x.From is not null && x.To >= x.From)
            .WithText(Msg("VisitTooLong", MaxDays));
        RuleFor(x => x.Kind).KnownEnum();
        RuleFor(x => x.Place).RequiredText(MaxText);
        RuleFor(x => x.Enterprise).RequiredText(MaxText).When(x => x.Kind == VisitKind.Enterprise);
        RuleFor(x => x.Enterprise).Null().When(x => x.Kind == VisitKind.Rural)
            .WithText(Msg("EnterpriseOnlyForEnterprise"));
    }
}

public static class RecordGrassrootsVisitEndpoint
{
    /// <summary>The visit as the appender takes it: both ends while the person is a cadre (the end is checked first).</summary>
    public static CadreFact<CadreServiceLog> Fact(RecordGrassrootsVisit command, Guid visitId) =>
        new([FactDate.WhileCadre("to", command.To!.Value), FactDate.WhileCadre("from", command.From!.Value)], log =>
            Decision.Accept(new GrassrootsVisitRecorded(log.StaffNo, visitId, command.From.Value, command.To.Value, command.Kind!.Value,
                command.Place!.Trim(), command.Enterprise?.Trim())));

    public static Decision Decide(RecordGrassrootsVisit command, CadreServiceLog log, Guid visitId, DateOnly today) =>
        Fact(command, visitId).Decide(log, today);

    /// <summary>Record a grassroots visit.</summary>
    /// <remarks>
    /// <c>days</c> counts this visit's calendar days inclusively. The service views count distinct days: a day that
    /// several visits cover counts once, and a visit across New Year counts its days in each year.
    /// </remarks>
    /// <param name="staffNo">The cadre's staff number.</param>
    [WolverinePost("/api/v1/cadres/{staffNo}/grassroots-visits", OperationId = "RecordGrassrootsVisit"), Tags("ServiceVisits"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<VisitRecorded>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static Task<IResult> Post(string staffNo, RecordGrassrootsVisit command, IDocumentSession session, TimeProvider clock) =>
        session.AppendCadreFactAsync(staffNo, clock, Fact(command, Guid.NewGuid()), appended =>
        {
            var visit = (GrassrootsVisitRecorded)appended.Facts[0];
            return Results.Created(ServiceFacts.YearLocation(staffNo, visit.From.Year),
                new VisitRecorded(visit.VisitId, new DateRange(visit.From, visit.To).Days));
        });
}
