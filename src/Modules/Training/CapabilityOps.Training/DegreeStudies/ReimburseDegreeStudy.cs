using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Training.Contracts;
using CapabilityOps.Training.Contracts.Events;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Training.DegreeStudies;

/// <summary>The approved fee paid back to the cadre.</summary>
/// <param name="AmountYuan">The amount in yuan, at most two decimals: not above the approved fee.</param>
/// <param name="PaidOn">YYYY-MM-DD of the payment: not in the future, not before the certificate.</param>
public sealed record ReimburseDegreeStudy(decimal? AmountYuan, DateOnly? PaidOn) : IHasExample<ReimburseDegreeStudy>
{
    public static ReimburseDegreeStudy Example => new(6800m, new DateOnly(2026, 8, 15));
}

public sealed class ReimburseDegreeStudyValidator : AbstractValidator<ReimburseDegreeStudy>
{
    public ReimburseDegreeStudyValidator()
    {
        RuleFor(x => x.AmountYuan).Yuan();
        RuleFor(x => x.PaidOn).Required();
    }
}

public static class ReimburseDegreeStudyEndpoint
{
    /// <summary>Only a certified study, once, and at most the approved fee.</summary>
    public static CadreFact<CadreRecord> Fact(ReimburseDegreeStudy command, Guid studyId, DegreeStudy? study)
    {
        var (amount, paidOn) = (command.AmountYuan!.Value, command.PaidOn!.Value);
        return new([FactDate.WhileCadre("paidOn", paidOn)], cadre =>
        {
            if (study is null) return DegreeStudies.NoSuchStudy(cadre.StaffNo, studyId);
            if (study.Status == DegreeStudyStatus.Reimbursed) return Problem.Conflict(Msg("ReimbursedAlready", studyId, study.ReimbursedYuan));
            if (study.Status != DegreeStudyStatus.Certified) return Problem.Conflict(Msg("ReimburseNotCertified", studyId, study.Status));
            if (amount > study.ApprovedFeeYuan) return Problem.Invalid("amountYuan", Msg("AboveApprovedFee", study.ApprovedFeeYuan));
            if (paidOn < study.AwardedOn) return Problem.Invalid("paidOn", Msg("PaidBeforeCertificate", study.AwardedOn));
            return Decision.Accept(new DegreeStudyReimbursed(cadre.StaffNo, studyId, amount, paidOn));
        });
    }

    public static Decision Decide(ReimburseDegreeStudy command, Guid studyId, DegreeStudy? study, CadreRecord cadre, DateOnly today) =>
        Fact(command, studyId, study).Decide(cadre, today);

    /// <summary>Reimburse the approved fee of a certified degree study.</summary>
    /// <remarks>Once, after the certificate, at most the approved fee; a refusal records nothing.</remarks>
    [WolverinePost("/api/v1/cadres/{staffNo}/degree-studies/{id}/reimbursements", OperationId = "ReimburseDegreeStudy"), Tags("Training"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<DegreeStudyStep>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string staffNo, Guid id, ReimburseDegreeStudy command, IDocumentSession session, TimeProvider clock) =>
        session.AppendCadreFactAsync<CadreRecord>(staffNo, clock,
            async cadre => Fact(command, id, await DegreeStudies.ReadAsync(session, cadre.StaffNo, id)),
            _ => Results.Created($"/api/v1/cadres/{staffNo}/degree-studies/{id}", new DegreeStudyStep(DegreeStudyStatus.Reimbursed)));
}
