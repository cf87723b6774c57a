using CapabilityOps.SharedKernel;

namespace CapabilityOps.Discipline.Contracts.Events;

/// <summary>
/// A sanction for a violation of the work-style and discipline rules (DSC-3). Confidential: its details are read only at
/// <c>GET /api/v1/cadres/{staffNo}/discipline</c>; it weighs on appraisal and promotion eligibility for its period.
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

/// <summary>
/// A lighter measure than a sanction (DSC-3): an admonition, critical education or organisational handling. Confidential as a
/// sanction is; the reason is read only at <c>GET …/discipline</c>. An admonition or organisational handling in a year means no
/// Excellent and no promotion eligibility that year; critical education has neither effect.
/// </summary>
public sealed record AdmonitionGiven(string StaffNo, AdmonitionKind Kind, DateOnly On, string Reason) : IConfidentialFact;

/// <summary>The lighter measures, in ascending weight of their effect.</summary>
public enum AdmonitionKind
{
    /// <summary>批评教育</summary>
    CriticalEducation,
    /// <summary>诫勉</summary>
    Admonition,
    /// <summary>组织处理</summary>
    OrganisationalHandling,
}

/// <summary>
/// A version of a code of conduct (DSC-1) took effect: the work code for section-level and above cadres or the system-wide
/// work-style and discipline rules. Stream <c>code-of-conduct:{version}</c>.
/// </summary>
public sealed record CodeOfConductPublished(string Version, string Title, DateOnly EffectiveOn, CodeAppliesTo AppliesTo);

/// <summary>Whom a code of conduct applies to.</summary>
public enum CodeAppliesTo
{
    /// <summary>科级以上干部（科级干部工作规范）</summary>
    SectionLevelAndAbove,
    /// <summary>全体干部（作风纪律规定）</summary>
    All,
}

/// <summary>A cadre acknowledged a version of a code of conduct that applies to them (DSC-1). In the cadre's stream.</summary>
public sealed record CodeOfConductAcknowledged(string StaffNo, string Version, DateOnly On);

/// <summary>
/// A clean-governance meeting, rectification campaign, warning-education session or theme education a unit held (DSC-2).
/// Stream <c>discipline-session:{id}</c>; each attendee's stream gets <see cref="DisciplineSessionAttended"/>.
/// <paramref name="UnitPath"/> is the unit's path from the root (units never move), so the units above it count the session
/// without looking the unit up.
/// </summary>
public sealed record DisciplineSessionHeld(Guid SessionId, string UnitCode, IReadOnlyList<string> UnitPath, DisciplineSessionKind Kind, string Title,
    DateOnly HeldOn, IReadOnlyList<string> Attendees);

/// <summary>The cadre attended a discipline session (DSC-2): the fact in the cadre's own history.</summary>
public sealed record DisciplineSessionAttended(string StaffNo, Guid SessionId, string UnitCode, DisciplineSessionKind Kind, DateOnly HeldOn);

/// <summary>The kinds of discipline session.</summary>
public enum DisciplineSessionKind
{
    /// <summary>党风廉政建设会议</summary>
    CleanGovernanceMeeting,
    /// <summary>专项整治</summary>
    RectificationCampaign,
    /// <summary>警示教育</summary>
    WarningEducation,
    /// <summary>主题教育</summary>
    ThemeEducation,
}

/// <summary>
/// Someone read a cadre's confidential discipline details (<c>GET …/discipline</c>): who (the key's name, role and unit), when,
/// which cadre. Each read is a stream of its own (<c>confidential-read:{id}</c>), so reads never wait on each other, and the
/// reads are in the tamper-evident chain with every other fact.
/// </summary>
public sealed record ConfidentialDetailsRead(Guid ReadId, string StaffNo, string ReadBy, string Role, string? KeyUnitCode, DateTimeOffset ReadAt);

/// <summary>The stream keys of Discipline's own streams.</summary>
public static class DisciplineStreamKeys
{
    public static string CodeOfConduct(string version) => "code-of-conduct:" + version;

    public static string Session(Guid sessionId) => "discipline-session:" + sessionId.ToString("D");

    public static string ConfidentialRead(Guid readId) => "confidential-read:" + readId.ToString("D");
}
