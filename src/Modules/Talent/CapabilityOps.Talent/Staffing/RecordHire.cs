using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Talent.Contracts.Events;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Talent.Staffing;

/// <summary>Record a hire of a recruitment campaign: a cadre registered first through <c>POST /api/v1/cadres</c>.</summary>
/// <param name="StaffNo">The registered cadre's staff number.</param>
/// <param name="Degree">The degree held: Bachelor, Master or Doctorate (any education level).</param>
/// <param name="Background">The hire's background (school, major, former employer), up to 200 characters.</param>
public sealed record RecordHire(string? StaffNo, EducationLevel? Degree, string? Background) : IHasExample<RecordHire>
{
    public static RecordHire Example => new("E-0101", EducationLevel.Master, "南京大学环境科学专业");
}

public sealed class RecordHireValidator : AbstractValidator<RecordHire>
{
    public RecordHireValidator()
    {
        RuleFor(x => x.StaffNo).Code();
        RuleFor(x => x.Degree).KnownEnum();
        RuleFor(x => x.Background).RequiredText(200);
    }
}

/// <summary>The hire recorded, with the campaign's posts and hires so far.</summary>
public sealed record HireRecorded(Guid CampaignId, string StaffNo, int Posts, int Hired);

public static class RecordHireEndpoint
{
    /// <summary>Pure: a known cadre (else 400), hired once, within the campaign's posts (409 beyond).</summary>
    public static Decision Decide(RecruitmentCampaign campaign, RecordHire command, CadreRecord? cadre)
    {
        if (cadre is null) return Problem.Invalid("staffNo", Msg("HireUnknownCadre", command.StaffNo));
        if (campaign.Hires.Any(h => h.StaffNo == cadre.StaffNo)) return Problem.Conflict(Msg("AlreadyHired", cadre.StaffNo));
        if (campaign.Hires.Count >= campaign.Posts) return Problem.Conflict(Msg("CampaignFull", campaign.Posts));
        return Decision.Accept(new RecruitmentHireRecorded(campaign.Id, cadre.StaffNo, command.Degree!.Value, command.Background!.Trim()));
    }

    /// <summary>Record a hire of a recruitment campaign.</summary>
    /// <remarks>The cadre is registered first (`POST /api/v1/cadres`): an unknown staff number is a 400. A campaign hires at most its posts (409).</remarks>
    [WolverinePost("/api/v1/recruitment-campaigns/{id}/hires", OperationId = "RecordHire"), Tags("Talent and care"), WriteAccess]
    [NotUnitScoped("the campaign's unit: the endpoint checks it is the key's unit or below it")]
    [ProducesResponseType<HireRecorded>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(Guid id, RecordHire command, IDocumentSession session, IAccessScope scope, CancellationToken cancellation)
    {
        var unit = await session.Query<UnitStaffing>().Where(s => s.Campaigns.Any(c => c.Id == id)).Select(s => s.UnitCode).FirstOrDefaultAsync(cancellation);
        if (unit is null) return Problem.NotFound(Msg("NoCampaign", id)).ToResult();
        if (!await scope.CoversUnitAsync(unit, cancellation)) return Problem.OutOfScope.ToResult();

        var stream = await session.Events.FetchForExclusiveWriting<UnitStaffing>(StaffingStreams.Of(unit), cancellation);
        var campaign = stream.Aggregate!.Campaigns.Single(c => c.Id == id);
        var cadre = await session.LoadAsync<CadreRecord>(StreamKeys.Cadre(command.StaffNo!), cancellation);
        var decision = Decide(campaign, command, cadre);
        if (decision.Problem is { } problem) return problem.ToResult();
        stream.AppendMany(decision.Events);
        return Results.Created($"/api/v1/cadres/{cadre!.StaffNo}", new HireRecorded(id, cadre.StaffNo, campaign.Posts, campaign.Hires.Count + 1));
    }
}
