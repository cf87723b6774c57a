using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Training.Contracts;
using CapabilityOps.Training.Contracts.Events;
using JasperFx.Events;
using Marten;

namespace CapabilityOps.Training.DegreeStudies;

/// <summary>One degree study as its facts in the cadre's stream make it.</summary>
public sealed record DegreeStudy(Guid Id, string StaffNo, EducationLevel TargetLevel, DateOnly StartsOn, DegreeStudyStatus Status,
    decimal? ApprovedFeeYuan = null, decimal? ReimbursedYuan = null, DateOnly? AwardedOn = null);

/// <summary>
/// A cadre's degree studies, folded from the cadre's stream (no document of their own): the appender locks the stream, and the
/// slice reads the study under that lock (<see cref="ReadAsync"/>), so two decisions about one study queue.
/// </summary>
public static class DegreeStudies
{
    public static readonly IReadOnlyCollection<Type> EventTypes =
        [typeof(DegreeStudyRequested), typeof(DegreeStudyApproved), typeof(DegreeStudyRefused), typeof(DegreeStudyCertified), typeof(DegreeStudyReimbursed)];

    public static DegreeStudy? Apply(DegreeStudy? study, Guid id, object data) => data switch
    {
        DegreeStudyRequested r when r.StudyId == id => new DegreeStudy(id, r.StaffNo, r.TargetLevel, r.StartsOn, DegreeStudyStatus.Requested),
        DegreeStudyApproved a when a.StudyId == id && study is not null => study with { Status = DegreeStudyStatus.Approved, ApprovedFeeYuan = a.ApprovedFeeYuan },
        DegreeStudyRefused r when r.StudyId == id && study is not null => study with { Status = DegreeStudyStatus.Refused },
        DegreeStudyCertified c when c.StudyId == id && study is not null => study with { Status = DegreeStudyStatus.Certified, AwardedOn = c.AwardedOn },
        DegreeStudyReimbursed r when r.StudyId == id && study is not null => study with { Status = DegreeStudyStatus.Reimbursed, ReimbursedYuan = r.AmountYuan },
        _ => study,
    };

    public static DegreeStudy? Of(Guid id, IEnumerable<IEvent> events) => events.Aggregate((DegreeStudy?)null, (s, e) => Apply(s, id, e.Data));

    public static async Task<DegreeStudy?> ReadAsync(IQuerySession session, string staffNo, Guid id, CancellationToken cancellation = default) =>
        Of(id, await session.ReadStreamAsync(StreamKeys.Cadre(staffNo), null, EventTypes, cancellation));

    public static Problem NoSuchStudy(string staffNo, Guid id) => Problem.NotFound(Msg("NoSuchStudy", id, staffNo));
}

/// <summary>A degree study's state after a step.</summary>
public sealed record DegreeStudyStep(DegreeStudyStatus Status);

/// <summary>A degree study as the routes show it.</summary>
/// <param name="Id">The study's id.</param>
/// <param name="StaffNo">The cadre.</param>
/// <param name="TargetLevel">The education level studied for.</param>
/// <param name="Status">Requested, Approved, Refused, Certified or Reimbursed.</param>
/// <param name="ApprovedFeeYuan">The fee approved for reimbursement, in yuan; null until approved.</param>
/// <param name="ReimbursedYuan">The amount paid back, in yuan; null until reimbursed.</param>
public sealed record DegreeStudyView(Guid Id, string StaffNo, EducationLevel TargetLevel, DegreeStudyStatus Status, decimal? ApprovedFeeYuan,
    decimal? ReimbursedYuan)
{
    public static DegreeStudyView From(DegreeStudy s) => new(s.Id, s.StaffNo, s.TargetLevel, s.Status, s.ApprovedFeeYuan, s.ReimbursedYuan);
}
