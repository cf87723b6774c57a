using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Talent.Contracts.Events;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Talent.Commendations;

/// <summary>Record a collective commendation (先进集体) conferred on a unit.</summary>
/// <param name="Level">Who conferred it: National, Provincial, Municipal, County or Bureau.</param>
/// <param name="Title">The title as written on the certificate, up to 200 characters.</param>
/// <param name="ConferredOn">YYYY-MM-DD; not in the future.</param>
public sealed record ConferCollectiveCommendation(TitleLevel? Level, string? Title, DateOnly? ConferredOn) : IHasExample<ConferCollectiveCommendation>
{
    public static ConferCollectiveCommendation Example => new(TitleLevel.Provincial, "全省生态环境系统先进集体", new DateOnly(2026, 1, 20));
}

public sealed class ConferCollectiveCommendationValidator : AbstractValidator<ConferCollectiveCommendation>
{
    public ConferCollectiveCommendationValidator()
    {
        RuleFor(x => x.Level).KnownEnum();
        RuleFor(x => x.Title).RequiredText(200);
        RuleFor(x => x.ConferredOn).Required();
    }
}

/// <summary>Record a recommendation upward (推荐上报) of the unit or one of its cadres for a commendation, with its outcome.</summary>
/// <param name="StaffNo">The cadre recommended; absent when the unit itself is.</param>
/// <param name="Level">The level it is recommended to: National, Provincial, Municipal, County or Bureau.</param>
/// <param name="Title">The commendation, up to 200 characters.</param>
/// <param name="RecommendedOn">YYYY-MM-DD; not in the future.</param>
/// <param name="Outcome">Pending, Conferred or NotConferred.</param>
public sealed record RecommendUpward(string? StaffNo, TitleLevel? Level, string? Title, DateOnly? RecommendedOn, RecommendationOutcome? Outcome)
    : IHasExample<RecommendUpward>
{
    public static RecommendUpward Example => new(null, TitleLevel.Provincial, "全省生态环境系统先进集体", new DateOnly(2025, 11, 1), RecommendationOutcome.Conferred);
}

public sealed class RecommendUpwardValidator : AbstractValidator<RecommendUpward>
{
    public RecommendUpwardValidator()
    {
        RuleFor(x => x.StaffNo).Code().When(x => x.StaffNo is not null);
        RuleFor(x => x.Level).KnownEnum();
        RuleFor(x => x.Title).RequiredText(200);
        RuleFor(x => x.RecommendedOn).Required();
        RuleFor(x => x.Outcome).KnownEnum();
    }
}

/// <summary>A unit's collective commendations and recommendations upward.</summary>
public sealed record UnitCommendationsView(string UnitCode, IReadOnlyList<CollectiveCommendationConferred> Commendations, IReadOnlyList<CommendationRecommended> Recommendations);

/// <summary>The id of the recorded commendation or recommendation.</summary>
public sealed record CommendationRecorded(Guid Id);

public static class UnitCommendationEndpoints
{
    public static Decision DecideCommendation(string unitCode, ConferCollectiveCommendation command, Guid id, DateOnly today) =>
        command.ConferredOn > today
            ? Problem.InFuture("conferredOn")
            : Decision.Accept(new CollectiveCommendationConferred(id, unitCode, command.Level!.Value, command.Title!.Trim(), command.ConferredOn!.Value));

    /// <summary>Pure: a recommended cadre is known and belonged to the unit's subtree on the day.</summary>
    public static Decision DecideRecommendation(string unitCode, IReadOnlySet<string> subtree, RecommendUpward command, CadreRecord? cadre, Guid id, DateOnly today)
    {
        var on = command.RecommendedOn!.Value;
        if (on > today) return Problem.InFuture("recommendedOn");
        if (command.StaffNo is not null && (cadre is null || on < cadre.JoinedOn || !subtree.Contains(cadre.UnitOn(on))))
            return Problem.Invalid("staffNo", Msg("NotCadreOfUnit", command.StaffNo, unitCode, on));
        return Decision.Accept(new CommendationRecommended(id, unitCode, cadre?.StaffNo, command.Level!.Value, command.Title!.Trim(), on, command.Outcome!.Value));
    }

    /// <summary>Record a collective commendation conferred on a unit.</summary>
    /// <remarks>A fact in the unit's stream. Individual titles and commendations are recorded on the cadre (`…/titles`).</remarks>
    [WolverinePost("/api/v1/units/{code}/commendations", OperationId = "ConferCollectiveCommendation"), Tags("Talent and care"), WriteAccess, ScopedToUnit]
    [ProducesResponseType<CommendationRecorded>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Confer(string code, ConferCollectiveCommendation command, IDocumentSession session, TimeProvider clock,
        CancellationToken cancellation)
    {
        if (await session.LoadAsync<UnitRecord>(StreamKeys.Unit(code), cancellation) is null) return Problem.NoSuchUnit(code).ToResult();
        var id = Guid.CreateVersion7();
        var decision = DecideCommendation(code, command, id, ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem.ToResult();
        session.Events.Append(StreamKeys.Unit(code), decision.Events);
        return Results.Created($"/api/v1/units/{code}/commendations", new CommendationRecorded(id));
    }

    /// <summary>Record a recommendation upward of a unit or one of its cadres, with its outcome.</summary>
    /// <remarks>A fact in the unit's stream; a cadre named must have belonged to the unit or a unit below it on the day.</remarks>
    [WolverinePost("/api/v1/units/{code}/recommendations", OperationId = "RecommendUpward"), Tags("Talent and care"), WriteAccess, ScopedToUnit]
    [ProducesResponseType<CommendationRecorded>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Recommend(string code, RecommendUpward command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        if (await session.LoadAsync<UnitRecord>(StreamKeys.Unit(code), cancellation) is null) return Problem.NoSuchUnit(code).ToResult();
        var subtree = await Subtrees.CodesAsync(session, code, cancellation);
        var cadre = command.StaffNo is null ? null : await session.LoadAsync<CadreRecord>(StreamKeys.Cadre(command.StaffNo), cancellation);
        var id = Guid.CreateVersion7();
        var decision = DecideRecommendation(code, subtree, command, cadre, id, ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem.ToResult();
        session.Events.Append(StreamKeys.Unit(code), decision.Events);
        return Results.Created($"/api/v1/units/{code}/commendations", new CommendationRecorded(id));
    }

    /// <summary>A unit's collective commendations and recommendations upward.</summary>
    /// <param name="code">The unit's code.</param>
    /// <param name="year">Only those of this year (by the day conferred or recommended); all when absent.</param>
    /// <param name="session"></param>
    /// <param name="cancellation"></param>
    [WolverineGet("/api/v1/units/{code}/commendations", OperationId = "GetUnitCommendations"), Tags("Talent and care"), ReadAccess, ScopedToUnit]
    [ProducesResponseType<UnitCommendationsView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string code, int? year, IQuerySession session, CancellationToken cancellation)
    {
        var events = await session.ReadStreamAsync(StreamKeys.Unit(code), null, [typeof(CollectiveCommendationConferred), typeof(CommendationRecommended)], cancellation);
        if (events.Count == 0) return Problem.NoSuchUnit(code).ToResult();
        var data = events.Select(e => e.Data).ToList();
        return Results.Ok(new UnitCommendationsView(code,
            data.OfType<CollectiveCommendationConferred>().Where(c => year is null || c.ConferredOn.Year == year).ToList(),
            data.OfType<CommendationRecommended>().Where(r => year is null || r.RecommendedOn.Year == year).ToList()));
    }
}
