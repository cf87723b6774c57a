using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.SharedKernel;
using CapabilityOps.Training.Contracts;
using CapabilityOps.Training.Contracts.Events;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Training.DegreeStudies;

/// <summary>The diploma or degree certificate of an approved study.</summary>
/// <param name="Level">The level awarded: not below the study's target.</param>
/// <param name="AwardedOn">YYYY-MM-DD of the certificate: not in the future, not before the study started.</param>
/// <param name="CertificateNo">The certificate's number.</param>
public sealed record CertifyDegreeStudy(EducationLevel? Level, DateOnly? AwardedOn, string? CertificateNo) : IHasExample<CertifyDegreeStudy>
{
    public static CertifyDegreeStudy Example => new(EducationLevel.JuniorCollege, new DateOnly(2026, 7, 1), "138321202605001234");
}

public sealed class CertifyDegreeStudyValidator : AbstractValidator<CertifyDegreeStudy>
{
    public CertifyDegreeStudyValidator()
    {
        RuleFor(x => x.Level).KnownEnum();
        RuleFor(x => x.AwardedOn).Required();
        RuleFor(x => x.CertificateNo).RequiredText(64);
    }
}

public static class CertifyDegreeStudyEndpoint
{
    /// <summary>
    /// The certificate as the appender takes it. The cadre's education becomes <c>level</c> from <c>awardedOn</c> by the same
    /// <see cref="EducationAwarded"/> fact <c>POST …/education</c> records, and only when that level is not recorded already.
    /// </summary>
    public static CadreFact<CadreRecord> Fact(CertifyDegreeStudy command, Guid studyId, DegreeStudy? study)
    {
        var (level, awardedOn) = (command.Level!.Value, command.AwardedOn!.Value);
        return new([FactDate.NotInFuture("awardedOn", awardedOn)], cadre =>
        {
            if (study is null) return DegreeStudies.NoSuchStudy(cadre.StaffNo, studyId);
            if (study.Status != DegreeStudyStatus.Approved)
                return Problem.Conflict(Msg(study.Status == DegreeStudyStatus.Requested || study.Status == DegreeStudyStatus.Refused ? "CertifyNotApproved" : "CertifiedAlready",
                    studyId, study.Status));
            if (level < study.TargetLevel) return Problem.Invalid("level", Msg("LevelBelowTarget", level, study.TargetLevel));
            if (awardedOn < study.StartsOn) return Problem.Invalid("awardedOn", Msg("AwardedBeforeStart", study.StartsOn));
            var certified = new DegreeStudyCertified(cadre.StaffNo, studyId, level, awardedOn, command.CertificateNo!.Trim());
            return cadre.Educations.Any(e => e.Value == level)
                ? Decision.Accept(certified)
                : Decision.Accept(certified, new EducationAwarded(cadre.StaffNo, level, awardedOn));
        });
    }

    public static Decision Decide(CertifyDegreeStudy command, Guid studyId, DegreeStudy? study, CadreRecord cadre, DateOnly today) =>
        Fact(command, studyId, study).Decide(cadre, today);

    /// <summary>Record the certificate of an approved degree study.</summary>
    /// <remarks>
    /// The cadre's education becomes the certified level from the award date (the same fact as <c>POST …/education</c>, not
    /// recorded twice). Only an approved study; otherwise 409.
    /// </remarks>
    [WolverinePost("/api/v1/cadres/{staffNo}/degree-studies/{id}/certificate", OperationId = "CertifyDegreeStudy"), Tags("Training"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<DegreeStudyStep>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string staffNo, Guid id, CertifyDegreeStudy command, IDocumentSession session, TimeProvider clock) =>
        session.AppendCadreFactAsync<CadreRecord>(staffNo, clock,
            async cadre => Fact(command, id, await DegreeStudies.ReadAsync(session, cadre.StaffNo, id)),
            _ => Results.Created($"/api/v1/cadres/{staffNo}/degree-studies/{id}", new DegreeStudyStep(DegreeStudyStatus.Certified)));
}
