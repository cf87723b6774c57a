using CapabilityOps.Discipline.Contracts.Events;
using CapabilityOps.Discipline.Records;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Discipline.Codes;

/// <summary>Publish a version of a code of conduct.</summary>
/// <param name="Version">The version's code, e.g. ZFJL-2020: 1–32 letters, digits or '-'; unique.</param>
/// <param name="Title">The document's title, 1–200 characters.</param>
/// <param name="EffectiveOn">YYYY-MM-DD it took effect: not in the future.</param>
/// <param name="AppliesTo">SectionLevelAndAbove (科级以上干部工作规范) or All (作风纪律规定).</param>
public sealed record PublishCodeOfConduct(string? Version, string? Title, DateOnly? EffectiveOn, CodeAppliesTo? AppliesTo) : IHasExample<PublishCodeOfConduct>
{
    public static PublishCodeOfConduct Example => new("ZFJL-2020", "全市生态环境系统作风纪律规定", new DateOnly(2020, 12, 1), CodeAppliesTo.All);
}

public sealed class PublishCodeOfConductValidator : AbstractValidator<PublishCodeOfConduct>
{
    public PublishCodeOfConductValidator()
    {
        RuleFor(x => x.Version).Code();
        RuleFor(x => x.Title).RequiredText(200);
        RuleFor(x => x.EffectiveOn).Required();
        RuleFor(x => x.AppliesTo).KnownEnum();
    }
}

/// <summary>A code of conduct's version.</summary>
public sealed record CodeOfConductView(string Version, string Title, DateOnly EffectiveOn, CodeAppliesTo AppliesTo);

public static class PublishCodeOfConductEndpoint
{
    public static Decision Decide(PublishCodeOfConduct command, CodeOfConductRecord? existing, DateOnly today)
    {
        var version = command.Version!.Trim();
        if (existing is not null) return Problem.Conflict(Msg("CodeVersionExists", version));
        if (command.EffectiveOn > today) return Problem.InFuture("effectiveOn");
        return Decision.Accept(new CodeOfConductPublished(version, command.Title!.Trim(), command.EffectiveOn!.Value, command.AppliesTo!.Value));
    }

    /// <summary>Publish a version of a code of conduct (DSC-1).</summary>
    /// <remarks>The work code for section-level and above cadres (`SectionLevelAndAbove`) or the system-wide work-style and discipline rules (`All`). The cadres it applies to acknowledge it at `POST /api/v1/cadres/{staffNo}/code-acknowledgements`.</remarks>
    [WolverinePost("/api/v1/codes-of-conduct", OperationId = "PublishCodeOfConduct"), Tags("Discipline"), AdminAccess]
    [NotUnitScoped("administration: a code of conduct applies to every unit")]
    [ProducesResponseType<CodeOfConductView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(PublishCodeOfConduct command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var key = DisciplineStreamKeys.CodeOfConduct(command.Version!.Trim());
        var existing = await session.LoadAsync<CodeOfConductRecord>(key, cancellation);
        var decision = Decide(command, existing, ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem.ToResult();
        // Starting the stream makes a concurrent second publication of the version collide (409), not overwrite.
        session.Events.StartStream(key, decision.Events);
        var p = (CodeOfConductPublished)decision.Events[0];
        return Results.Created($"/api/v1/codes-of-conduct/{p.Version}/acknowledgements", new CodeOfConductView(p.Version, p.Title, p.EffectiveOn, p.AppliesTo));
    }
}
