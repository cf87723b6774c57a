using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Talent.Contracts.Events;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Talent.Placements;

/// <summary>Record a placement of a cadre: a rotation, an exchange, a temporary post up or down, shadowing or a secondment.</summary>
/// <param name="Kind">Rotation (轮岗), Exchange (交流), TemporaryPost (挂职), Shadowing (跟班学习) or Secondment (借调).</param>
/// <param name="Direction">Up (部、省、市机关), Down (基层、艰苦边远地区) or Lateral.</param>
/// <param name="HostOrganisation">Where the cadre goes, up to 200 characters.</param>
/// <param name="From">YYYY-MM-DD it starts; not in the future, while the person is a cadre.</param>
/// <param name="To">YYYY-MM-DD it ends (planned or actual), on or after `from`; absent while open-ended.</param>
public sealed record RecordPlacement(PlacementKind? Kind, PlacementDirection? Direction, string? HostOrganisation, DateOnly? From, DateOnly? To)
    : IHasExample<RecordPlacement>
{
    public static RecordPlacement Example => new(PlacementKind.TemporaryPost, PlacementDirection.Down, "某县生态环境分局", new DateOnly(2026, 3, 1), new DateOnly(2027, 2, 28));
}

public sealed class RecordPlacementValidator : AbstractValidator<RecordPlacement>
{
    public RecordPlacementValidator()
    {
        RuleFor(x => x.Kind).KnownEnum();
        RuleFor(x => x.Direction).KnownEnum();
        RuleFor(x => x.HostOrganisation).RequiredText(200);
        RuleFor(x => x.From).Required();
        RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From).When(x => x.To is not null && x.From is not null)
            .WithText(x => Msg("EndsBeforeStart", x.From));
    }
}

/// <summary>A placement of the cadre.</summary>
/// <param name="Current">Whether the placement holds today.</param>
public sealed record PlacementView(Guid Id, PlacementKind Kind, PlacementDirection Direction, string HostOrganisation, DateOnly From, DateOnly? To, bool Current);

/// <summary>The id of the placement.</summary>
public sealed record PlacementRecorded(Guid Id);

public static class PlacementEndpoints
{
    /// <summary>The placement as the appender takes it: it starts while the person is a cadre.</summary>
    public static CadreFact<CadreRecord> Fact(RecordPlacement command, Guid id) =>
        new([FactDate.WhileCadre("from", command.From!.Value)], cadre =>
            Decision.Accept(new CadrePlaced(id, cadre.StaffNo, command.Kind!.Value, command.Direction!.Value, command.HostOrganisation!.Trim(),
                command.From.Value, command.To)));

    public static Decision Decide(RecordPlacement command, Guid id, CadreRecord cadre, DateOnly today) => Fact(command, id).Decide(cadre, today);

    /// <summary>Record a placement of a cadre.</summary>
    /// <remarks>A fact in the cadre's history; the cadre's placements (`GET …/placements`) say which holds today.</remarks>
    [WolverinePost("/api/v1/cadres/{staffNo}/placements", OperationId = "RecordPlacement"), Tags("Talent and care"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<PlacementRecorded>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static Task<IResult> Post(string staffNo, RecordPlacement command, IDocumentSession session, TimeProvider clock)
    {
        var id = Guid.CreateVersion7();
        return session.AppendCadreFactAsync(staffNo, clock, Fact(command, id), _ =>
            Results.Created($"/api/v1/cadres/{staffNo}/placements", new PlacementRecorded(id)));
    }

    /// <summary>Pure: the cadre's placements, newest first, each saying whether it holds on <paramref name="today"/>.</summary>
    public static IReadOnlyList<PlacementView> List(IEnumerable<CadrePlaced> placements, DateOnly today) =>
        placements.OrderByDescending(p => p.From)
            .Select(p => new PlacementView(p.PlacementId, p.Kind, p.Direction, p.HostOrganisation, p.From, p.To, p.From <= today && (p.To is null || p.To >= today)))
            .ToList();

    /// <summary>A cadre's placements, the current one marked.</summary>
    /// <remarks>Newest first; `current` marks the placement that holds today.</remarks>
    /// <param name="staffNo">The staff number.</param>
    /// <param name="session"></param>
    /// <param name="clock"></param>
    /// <param name="cancellation"></param>
    [WolverineGet("/api/v1/cadres/{staffNo}/placements", OperationId = "GetPlacements"), Tags("Talent and care"), ReadAccess, ScopedToCadre]
    [ProducesResponseType<IReadOnlyList<PlacementView>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string staffNo, IQuerySession session, TimeProvider clock, CancellationToken cancellation)
    {
        var events = await session.ReadStreamAsync(StreamKeys.Cadre(staffNo), null, [typeof(CadrePlaced)], cancellation);
        if (events.Count == 0) return Problem.NoSuchCadre(staffNo).ToResult();
        return Results.Ok(List(events.Select(e => e.Data).OfType<CadrePlaced>(), ChinaTime.Today(clock)));
    }
}
