using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Talent.Contracts.Events;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Talent.Pools;

/// <summary>A cadre enters a post category's talent pool.</summary>
/// <param name="StaffNo">The cadre's staff number.</param>
/// <param name="Since">YYYY-MM-DD; not in the future, a day the person was a member.</param>
/// <param name="Reason">Why the cadre entered (a selection, a review), up to 200 characters.</param>
public sealed record EnterTalentPool(string? StaffNo, DateOnly? Since, string? Reason) : IHasExample<EnterTalentPool>
{
    public static EnterTalentPool Example => new("E-0001", new DateOnly(2026, 3, 1), "年度人才库遴选");
}

public sealed class EnterTalentPoolValidator : AbstractValidator<EnterTalentPool>
{
    public EnterTalentPoolValidator()
    {
        RuleFor(x => x.StaffNo).Code();
        RuleFor(x => x.Since).Required();
        RuleFor(x => x.Reason).RequiredText(200);
    }
}

/// <summary>A cadre leaves a post category's talent pool.</summary>
/// <param name="StaffNo">The member's staff number.</param>
/// <param name="On">YYYY-MM-DD the cadre is no longer a member; not in the future, after the entry.</param>
/// <param name="Reason">Why (the yearly review, a transfer), up to 200 characters.</param>
public sealed record ExitTalentPool(string? StaffNo, DateOnly? On, string? Reason) : IHasExample<ExitTalentPool>
{
    public static ExitTalentPool Example => new("E-0001", new DateOnly(2026, 12, 1), "年度复核未通过");
}

public sealed class ExitTalentPoolValidator : AbstractValidator<ExitTalentPool>
{
    public ExitTalentPoolValidator()
    {
        RuleFor(x => x.StaffNo).Code();
        RuleFor(x => x.On).Required();
        RuleFor(x => x.Reason).RequiredText(200);
    }
}

/// <summary>A pool member as listed.</summary>
public sealed record PoolMemberView(string StaffNo, DateOnly Since, string Reason);

public static class TalentPoolEndpoints
{
    /// <summary>The post category named in the route, or the 404 naming the values.</summary>
    public static (PostCategory Post, Problem? Problem) PostOf(string post) =>
        Enum.TryParse<PostCategory>(post, ignoreCase: false, out var value) && Enum.IsDefined(value) && !int.TryParse(post, out _)
            ? (value, null)
            : (default, Problem.NotFound(Msg("NoSuchPool", post, string.Join(", ", Enum.GetNames<PostCategory>()))));

    /// <summary>Pure: a known cadre, a member of the system on the entry day, not in the pool already.</summary>
    public static Decision DecideEntry(PostCategory post, TalentPool? pool, EnterTalentPool command, CadreRecord? cadre, DateOnly today)
    {
        if (cadre is null) return Problem.Invalid("staffNo", Msg("UnknownCadre", command.StaffNo));
        var since = command.Since!.Value;
        if (FactDate.WhileCadre("since", since).Check(cadre, today) is { } problem) return problem;
        if (pool?.OpenMembershipOf(cadre.StaffNo) is { } open) return Problem.Conflict(Msg("AlreadyInPool", cadre.StaffNo, post, open.Since));
        if (pool?.Memberships.LastOrDefault(m => m.StaffNo == cadre.StaffNo)?.ExitedOn is { } exited && since < exited)
            return Problem.Invalid("since", Msg("EntryBeforeExit", exited));
        return Decision.Accept(new TalentPoolEntered(post, cadre.StaffNo, since, command.Reason!.Trim()));
    }

    /// <summary>Pure: a member of the pool leaves on a day after the entry, not in the future.</summary>
    public static Decision DecideExit(PostCategory post, TalentPool? pool, ExitTalentPool command, DateOnly today)
    {
        var on = command.On!.Value;
        if (on > today) return Problem.InFuture("on");
        if (pool?.OpenMembershipOf(command.StaffNo!) is not { } open) return Problem.Conflict(Msg("NotInPool", command.StaffNo, post));
        if (on <= open.Since) return Problem.Invalid("on", Msg("ExitNotAfterEntry", open.Since));
        return Decision.Accept(new TalentPoolExited(post, command.StaffNo!, on, command.Reason!.Trim()));
    }

    /// <summary>Add a cadre to a post category's talent pool.</summary>
    /// <remarks>`post` is a post category (InspectionEnforcement, AdministrativeApproval, …). A cadre already in the pool is a 409.</remarks>
    [WolverinePost("/api/v1/talent-pools/{post}/members", OperationId = "EnterTalentPool"), Tags("Talent and care"), WriteAccess, ScopedByBody("staffNo")]
    [ProducesResponseType<PoolMemberView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Enter(string post, EnterTalentPool command, IDocumentSession session, IAccessScope scope, TimeProvider clock,
        CancellationToken cancellation)
    {
        if (!await scope.CoversCadreAsync(command.StaffNo!, cancellation)) return Problem.OutOfScope.ToResult();
        var (category, unknown) = PostOf(post);
        if (unknown is not null) return unknown.ToResult();
        var stream = await session.Events.FetchForExclusiveWriting<TalentPool>(TalentPool.StreamKey(category), cancellation);
        var cadre = await session.LoadAsync<CadreRecord>(StreamKeys.Cadre(command.StaffNo!), cancellation);
        var decision = DecideEntry(category, stream.Aggregate, command, cadre, ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem.ToResult();
        stream.AppendMany(decision.Events);
        var entered = (TalentPoolEntered)decision.Events[0];
        return Results.Created($"/api/v1/talent-pools/{category}", new PoolMemberView(entered.StaffNo, entered.Since, entered.Reason));
    }

    /// <summary>Record that a cadre left a post category's talent pool.</summary>
    /// <remarks>With the reason (the yearly review, say). A cadre not in the pool is a 409.</remarks>
    [WolverinePost("/api/v1/talent-pools/{post}/exits", OperationId = "ExitTalentPool"), Tags("Talent and care"), WriteAccess, ScopedByBody("staffNo")]
    [ProducesResponseType<PoolMemberView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Exit(string post, ExitTalentPool command, IDocumentSession session, IAccessScope scope, TimeProvider clock,
        CancellationToken cancellation)
    {
        if (!await scope.CoversCadreAsync(command.StaffNo!, cancellation)) return Problem.OutOfScope.ToResult();
        var (category, unknown) = PostOf(post);
        if (unknown is not null) return unknown.ToResult();
        var stream = await session.Events.FetchForExclusiveWriting<TalentPool>(TalentPool.StreamKey(category), cancellation);
        var decision = DecideExit(category, stream.Aggregate, command, ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem.ToResult();
        stream.AppendMany(decision.Events);
        var open = stream.Aggregate!.OpenMembershipOf(command.StaffNo!)!;
        return Results.Created($"/api/v1/talent-pools/{category}", new PoolMemberView(open.StaffNo, open.Since, open.Reason));
    }

    /// <summary>The members of a post category's talent pool on a business day.</summary>
    /// <remarks>`onDate` asks about a business day (today when absent); `asOf` reads the pool as it was recorded at an instant. Only members in the key's scope are listed.</remarks>
    /// <param name="post">A post category: InspectionEnforcement, AdministrativeApproval, FinancialManagement, SecretarialWriting, ProjectPackaging, Monitoring or General.</param>
    /// <param name="onDate">A business day (YYYY-MM-DD): the members that day.</param>
    /// <param name="asOf">An instant (RFC 3339 with offset): the pool as recorded up to then.</param>
    /// <param name="session"></param>
    /// <param name="scope"></param>
    /// <param name="clock"></param>
    /// <param name="cancellation"></param>
    [WolverineGet("/api/v1/talent-pools/{post}", OperationId = "GetTalentPool"), Tags("Talent and care"), ReadAccess]
    [NotUnitScoped("lists only the members in the key's scope")]
    [ProducesResponseType<IReadOnlyList<PoolMemberView>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string post, DateOnly? onDate, DateTimeOffset? asOf, IQuerySession session, IAccessScope scope, TimeProvider clock,
        CancellationToken cancellation)
    {
        var (category, unknown) = PostOf(post);
        if (unknown is not null) return unknown.ToResult();
        var key = TalentPool.StreamKey(category);
        var pool = asOf is null
            ? await session.LoadAsync<TalentPool>(key, cancellation)
            : (await session.ReadStreamAsync(key, asOf, cancellation: cancellation)).Aggregate((TalentPool?)null, (p, e) => TalentPoolProjection.Apply(p, key, e.Data));
        var day = onDate ?? (asOf is { } instant ? ChinaTime.DateOf(instant) : ChinaTime.Today(clock));
        var members = new List<PoolMemberView>();
        foreach (var m in pool?.MembersOn(day) ?? [])
            if (scope.IsAdmin || await scope.CoversCadreAsync(m.StaffNo, cancellation))
                members.Add(new PoolMemberView(m.StaffNo, m.Since, m.Reason));
        return Results.Ok(members.OrderBy(m => m.StaffNo, StringComparer.Ordinal).ToList());
    }
}
