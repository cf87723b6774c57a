using CapabilityOps.SharedKernel;

namespace CapabilityOps.Discipline.Contracts.Events;

/// <summary>
/// A sanction for a violation of the work-style and discipline rules (DSC-3). Confidential: only administrators
/// read its details; it weighs on appraisal and promotion eligibility for its period.
/// </summary>
public sealed record SanctionImposed(string StaffNo, SanctionSeverity Severity, DateOnly ImposedOn, string Violation, string? Outcome) : IConfidentialFact
{
    /// <summary>The sanction's period (处分期): 6 months for a warning, 12 for a demerit, 18 for a major demerit, 24 for demotion or dismissal.</summary>
    public DateOnly PeriodEnds => ImposedOn.AddMonths(Severity switch
    {
        SanctionSeverity.Warning => 6,
        SanctionSeverity.Demerit => 12,
        SanctionSeverity.MajorDemerit => 18,
        _ => 24,
    });
}

/// <summary>Sanctions in ascending severity.</summary>
public enum SanctionSeverity
{
    /// <summary>警告</summary>
    Warning,
    /// <summary>记过</summary>
    Demerit,
    /// <summary>记大过</summary>
    MajorDemerit,
    /// <summary>降级</summary>
    Demotion,
    /// <summary>撤职</summary>
    Dismissal,
}
