using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Talent.Contracts.Events;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Talent.Staffing;

/// <summary>Open a recruitment campaign for a unit's vacancies (TAL-1).</summary>
/// <param name="Kind">OpenRecruitment (公开招聘), Transfer (选调), TalentIntroduction (引进) or Selection (遴选).</param>
/// <param name="UnitCode">The unit recruiting.</param>
/// <param name="Posts">How many posts, 1 or more: at most the unit's vacancies not held by other open campaigns.</param>
/// <param name="OpensOn">YYYY-MM-DD the campaign opens.</param>
public sealed record OpenRecruitmentCampaign(RecruitmentKind? Kind, string? UnitCode, int? Posts, DateOnly? OpensOn) : IHasExample<OpenRecruitmentCampaign>
{
    public static OpenRecruitmentCampaign Example => new(RecruitmentKind.OpenRecruitment, "U-CITY", 2, new DateOnly(2026, 9, 1));
}

public sealed class OpenRecruitmentCampaignValidator : AbstractValidator<OpenRecruitmentCampaign>
{
    public OpenRecruitmentCampaignValidator()
    {
        RuleFor(x => x.Kind).KnownEnum();
        RuleFor(x => x.UnitCode).Code();
        RuleFor(x => x.Posts).Required().GreaterThanOrEqualTo(1).WithText(Msg("AtLeastOne"));
        RuleFor(x => x.OpensOn).Required();
    }
}

/// <summary>The id of the campaign opened.</summary>
public sealed record CampaignOpened(Guid Id);

public static class OpenRecruitmentCampaignEndpoint
{
    /// <summary>Pure: a campaign opens no more posts than the unit's vacancies not already held by open campaigns (409 beyond).</summary>
    public static Decision Decide(OpenRecruitmentCampaign command, Guid id, VacanciesView vacancies) =>
        command.Posts > vacancies.Available
            ? Problem.Conflict(Msg("BeyondVacancies", command.Posts, vacancies.UnitCode, vacancies.Quota ?? 0, vacancies.Staffed, vacancies.OpenPosts, vacancies.Available))
            : Decision.Accept(new RecruitmentCampaignOpened(id, command.Kind!.Value, command.UnitCode!, command.Posts!.Value, command.OpensOn!.Value));

    /// <summary>Open a recruitment campaign for a unit's vacancies.</summary>
    /// <remarks>
    /// A campaign opens at most the unit's vacancies today (quota less the members of the unit) less the posts of its other
    /// campaigns not yet filled: beyond that, 409 and nothing recorded. Concurrent campaigns of one unit are decided one after the other.
    /// </remarks>
    [WolverinePost("/api/v1/recruitment-campaigns", OperationId = "OpenRecruitmentCampaign"), Tags("Talent and care"), WriteAccess, ScopedByBody("unitCode")]
    [ProducesResponseType<CampaignOpened>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(OpenRecruitmentCampaign command, IDocumentSession session, IAccessScope scope, TimeProvider clock,
        CancellationToken cancellation)
    {
        var code = command.UnitCode!;
        if (!await scope.CoversUnitAsync(code, cancellation)) return Problem.OutOfScope.ToResult();
        if (await session.LoadAsync<UnitRecord>(StreamKeys.Unit(code), cancellation) is null) return Problem.UnknownUnit("unitCode", code).ToResult();
        var today = ChinaTime.Today(clock);
        if (command.OpensOn > today.AddYears(1)) return Problem.Invalid("opensOn", Msg("OpensWithinAYear")).ToResult();

        var stream = await session.Events.FetchForExclusiveWriting<UnitStaffing>(StaffingStreams.Of(code), cancellation);
        var vacancies = VacanciesView.Of(code, today, stream.Aggregate, await VacanciesView.StaffedAsync(session, code, today, cancellation));
        var id = Guid.CreateVersion7();
        var decision = Decide(command, id, vacancies);
        if (decision.Problem is { } problem) return problem.ToResult();
        stream.AppendMany(decision.Events);
        return Results.Created($"/api/v1/units/{code}/vacancies", new CampaignOpened(id));
    }
}
