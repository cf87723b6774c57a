using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Training.Contracts;
using CapabilityOps.Training.Contracts.Events;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Training.DegreeStudies;

/// <summary>Personnel's approval of a degree study.</summary>
/// <param name="ApprovedFeeYuan">The fee to be reimbursed on the certificate, in yuan, at most two decimals.</param>
public sealed record ApproveDegreeStudy(decimal? ApprovedFeeYuan) : IHasExample<ApproveDegreeStudy>
{
    public static ApproveDegreeStudy Example => new(6800m);
}

public sealed class ApproveDegreeStudyValidator : AbstractValidator<ApproveDegreeStudy>
{
    public ApproveDegreeStudyValidator() => RuleFor(x => x.ApprovedFeeYuan).Yuan();
}

public static class ApproveDegreeStudyEndpoint
{
    /// <summary>A requested study is approved; a decided one cannot be decided again.</summary>
    public static Decision Decide(ApproveDegreeStudy command, string staffNo, Guid studyId, DegreeStudy? study) => study switch
    {
        null => DegreeStudies.NoSuchStudy(staffNo, studyId),
        { Status: not DegreeStudyStatus.Requested } => Problem.Conflict(Msg("StudyDecided", studyId, study.Status)),
        _ => Decision.Accept(new DegreeStudyApproved(staffNo, studyId, command.ApprovedFeeYuan!.Value)),
    };

    /// <summary>Approve a cadre's degree study.</summary>
    /// <remarks>Only a requested study; a decided one is a 409.</remarks>
    [WolverinePost("/api/v1/cadres/{staffNo}/degree-studies/{id}/approval", OperationId = "ApproveDegreeStudy"), Tags("Training"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<DegreeStudyStep>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string staffNo, Guid id, ApproveDegreeStudy command, IDocumentSession session, TimeProvider clock) =>
        session.AppendCadreFactAsync<CadreRecord>(staffNo, clock,
            async cadre =>
            {
                var study = await DegreeStudies.ReadAsync(session, cadre.StaffNo, id);
                return new CadreFact<CadreRecord>(c => Decide(command, c.StaffNo, id, study));
            },
            _ => Results.Ok(new DegreeStudyStep(DegreeStudyStatus.Approved)));
}
