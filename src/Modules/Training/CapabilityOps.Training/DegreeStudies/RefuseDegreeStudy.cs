using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Training.Contracts;
using CapabilityOps.Training.Contracts.Events;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Training.DegreeStudies;

/// <summary>Personnel's refusal of a degree study.</summary>
/// <param name="Reason">Why it was refused.</param>
public sealed record RefuseDegreeStudy(string? Reason) : IHasExample<RefuseDegreeStudy>
{
    public static RefuseDegreeStudy Example => new("所学专业与岗位无关");
}

public sealed class RefuseDegreeStudyValidator : AbstractValidator<RefuseDegreeStudy>
{
    public RefuseDegreeStudyValidator() => RuleFor(x => x.Reason).RequiredText(500);
}

public static class RefuseDegreeStudyEndpoint
{
    /// <summary>A requested study is refused; a decided one cannot be decided again.</summary>
    public static Decision Decide(RefuseDegreeStudy command, string staffNo, Guid studyId, DegreeStudy? study) => study switch
    {
        null => DegreeStudies.NoSuchStudy(staffNo, studyId),
        { Status: not DegreeStudyStatus.Requested } => Problem.Conflict(Msg("StudyDecided", studyId, study.Status)),
        _ => Decision.Accept(new DegreeStudyRefused(staffNo, studyId, command.Reason!.Trim())),
    };

    /// <summary>Refuse a cadre's degree study.</summary>
    /// <remarks>Only a requested study; a decided one is a 409.</remarks>
    [WolverinePost("/api/v1/cadres/{staffNo}/degree-studies/{id}/refusal", OperationId = "RefuseDegreeStudy"), Tags("Training"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<DegreeStudyStep>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string staffNo, Guid id, RefuseDegreeStudy command, IDocumentSession session, TimeProvider clock) =>
        session.AppendCadreFactAsync<CadreRecord>(staffNo, clock,
            async cadre =>
            {
                var study = await DegreeStudies.ReadAsync(session, cadre.StaffNo, id);
                return new CadreFact<CadreRecord>(c => Decide(command, c.StaffNo, id, study));
            },
            _ => Results.Ok(new DegreeStudyStep(DegreeStudyStatus.Refused)));
}
