using CapabilityOps.Learning.Contracts;
using CapabilityOps.Organization.Contracts;

namespace CapabilityOps.Training.Contracts.Events;

/// <summary>A cadre asked to study for a higher education level (TRN-1); personnel approves or refuses it.</summary>
public sealed record DegreeStudyRequested(string StaffNo, Guid StudyId, EducationLevel TargetLevel, string Institution, string Programme,
    DateOnly StartsOn, decimal EstimatedFeeYuan);

/// <summary>Personnel approved the degree study, with the fee it will reimburse on a certificate.</summary>
public sealed record DegreeStudyApproved(string StaffNo, Guid StudyId, decimal ApprovedFeeYuan);

/// <summary>Personnel refused the degree study.</summary>
public sealed record DegreeStudyRefused(string StaffNo, Guid StudyId, string Reason);

/// <summary>
/// The diploma or degree certificate of an approved study was recorded. The cadre's education changes by the
/// <c>EducationAwarded</c> fact appended with it, unless that level was recorded already.
/// </summary>
public sealed record DegreeStudyCertified(string StaffNo, Guid StudyId, EducationLevel Level, DateOnly AwardedOn, string CertificateNo);

/// <summary>
/// The approved fee was paid back once (TRN-1). A training cost other modules may react to (a training earmark's spending)
/// without this module knowing them.
/// </summary>
public sealed record DegreeStudyReimbursed(string StaffNo, Guid StudyId, decimal AmountYuan, DateOnly PaidOn);

/// <summary>A cadre attended a training (TRN-2, TRN-3, TRN-4); its hours count towards LRN-1 once, in the year of <see cref="To"/>.</summary>
public sealed record TrainingAttended(string StaffNo, Guid TrainingId, string Title, TrainingKind Kind, TrainingLevel Level, string Organiser,
    DateOnly From, DateOnly To, decimal Hours, string? ExternalId) : IStudyHoursCredit
{
    Guid IStudyHoursCredit.CreditId => TrainingId;
    DateOnly IStudyHoursCredit.CreditedOn => To;
    decimal IStudyHoursCredit.CreditedHours => Hours;
    StudyChannel IStudyHoursCredit.CreditedChannel => StudyChannel.Offline;
    string IStudyHoursCredit.CreditSource => TrainingDefaults.TrainingCreditSource;
}

/// <summary>A unit held its yearly business training (TRN-5), in its own stream (<c>business-training:{id}</c>).</summary>
public sealed record BusinessTrainingHeld(Guid TrainingId, string UnitCode, string Title, DateOnly HeldOn, decimal Hours, IReadOnlyList<string> Attendees);

/// <summary>A cadre attended a unit's business training; its hours count towards LRN-1 once.</summary>
public sealed record BusinessTrainingAttended(string StaffNo, Guid TrainingId, string UnitCode, string Title, DateOnly HeldOn, decimal Hours)
    : IStudyHoursCredit
{
    Guid IStudyHoursCredit.CreditId => TrainingId;
    DateOnly IStudyHoursCredit.CreditedOn => HeldOn;
    decimal IStudyHoursCredit.CreditedHours => Hours;
    StudyChannel IStudyHoursCredit.CreditedChannel => StudyChannel.Offline;
    string IStudyHoursCredit.CreditSource => TrainingDefaults.BusinessTrainingCreditSource;
}

/// <summary>One participant's result in a practice event.</summary>
public sealed record PracticeResult(string StaffNo, int? Rank, decimal? Score, string? Award);

/// <summary>A monitoring contest, enforcement drill or case-file review was held (TRN-6), in its own stream (<c>practice-event:{id}</c>).</summary>
public sealed record PracticeEventHeld(Guid EventId, PracticeEventKind Kind, string Title, DateOnly HeldOn, string OrganiserUnitCode,
    IReadOnlyList<PracticeResult> Results);

/// <summary>A cadre's result in a practice event (TRN-6), in the cadre's history and dossier.</summary>
public sealed record PracticeResultRecorded(string StaffNo, Guid EventId, PracticeEventKind Kind, string Title, DateOnly HeldOn,
    string OrganiserUnitCode, int? Rank, decimal? Score, string? Award);
