using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Training.Contracts;
using CapabilityOps.Training.Contracts.Events;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Training.DegreeStudies;

/// <summary>A cadre's request to study for a higher education level (TRN-1).</summary>
/// <param name="TargetLevel">The level studied for: above the cadre's current education.</param>
/// <param name="Institution">The school or university.</param>
/// <param name="Programme">The programme of study.</param>
/// <param name="StartsOn">YYYY-MM-DD the study starts.</param>
/// <param name="EstimatedFeeYuan">The expected fee in yuan, at most two decimals.</param>
public sealed record RequestDegreeStudy(EducationLevel? TargetLevel, string? Institution, string? Programme, DateOnly? StartsOn,
    decimal? EstimatedFeeYuan) : IHasExample<RequestDegreeStudy>
{
    public static RequestDegreeStudy Example => new(EducationLevel.JuniorCollege, "江苏开放大学", "环境工程技术（专科）", new DateOnly(2026, 9, 1), 6800m);
}

public sealed class RequestDegreeStudyValidator : AbstractValidator<RequestDegreeStudy>
{
    public RequestDegreeStudyValidator()
    {
        RuleFor(x => x.TargetLevel).KnownEnum();
        RuleFor(x => x.Institution).RequiredText(200);
        RuleFor(x => x.Programme).RequiredText(200);
        RuleFor(x => x.StartsOn).Required();
        RuleFor(x => x.EstimatedFeeYuan).Yuan();
    }
}

public static class RequestDegreeStudyEndpoint
{
    /// <summary>The request as the appender takes it: for a level above the one the cadre holds.</summary>
    public static CadreFact<CadreRecord> Fact(RequestDegreeStudy command, Guid studyId) =>
        new(cadre => command.TargetLevel!.Value <= cadre.Education
            ? Problem.Invalid("targetLevel", Msg("TargetNotAbove", command.TargetLevel, cadre.Education))
            : Decision.Accept(new DegreeStudyRequested(cadre.StaffNo, studyId, command.TargetLevel.Value, command.Institution!.Trim(),
                command.Programme!.Trim(), command.StartsOn!.Value, command.EstimatedFeeYuan!.Value)));

    public static Decision Decide(RequestDegreeStudy command, Guid studyId, CadreRecord cadre, DateOnly today) => Fact(command, studyId).Decide(cadre, today);

    /// <summary>Request a degree study for a cadre.</summary>
    /// <remarks>Personnel then approves or refuses it; the approved fee is reimbursed once, after the certificate.</remarks>
    [WolverinePost("/api/v1/cadres/{staffNo}/degree-studies", OperationId = "RequestDegreeStudy"), Tags("Training"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<DegreeStudyRequestedView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static Task<IResult> Post(string staffNo, RequestDegreeStudy command, IDocumentSession session, TimeProvider clock)
    {
        var studyId = Guid.CreateVersion7();
        return session.AppendCadreFactAsync(staffNo, clock, Fact(command, studyId), _ =>
            Results.Created($"/api/v1/cadres/{staffNo}/degree-studies/{studyId}", new DegreeStudyRequestedView(studyId, DegreeStudyStatus.Requested)));
    }
}

/// <summary>The requested study.</summary>
/// <param name="Id">The study's id, for the later steps.</param>
/// <param name="Status">Requested.</param>
public sealed record DegreeStudyRequestedView(Guid Id, DegreeStudyStatus Status);
