namespace CapabilityOps.Appraisal.Contracts.Events;

/// <summary>
/// A unit reported its progress, practices and highlights for a month to the Personnel department (RPT-1),
/// appended to the unit's stream. A later report for the same month amends it; timeliness is the first's.
/// </summary>
public sealed record MonthlyReportSubmitted(string UnitCode, int Year, int Month, string Progress, string? Practices, string? Highlights);

/// <summary>Progress on one of the programme's construction items (RPT-3), appended to <c>programme-task:{number}</c>.</summary>
public sealed record ProgrammeTaskProgressReported(int TaskNumber, ProgrammeTaskStatus Status, string Note, DateOnly ReportedOn);

/// <summary>Where a construction item stands.</summary>
public enum ProgrammeTaskStatus
{
    NotStarted,
    InProgress,
    Done,
}

/// <summary>A unit published an item about the programme (RPT-2: WeChat, Weibo, the portal), appended to the unit's stream.</summary>
public sealed record PublicityItemPublished(string UnitCode, PublicityChannel Channel, string Title, DateOnly PublishedOn, string? Url);

/// <summary>Where a publicity item appeared.</summary>
public enum PublicityChannel
{
    WeChat,
    Weibo,
    Portal,
    Other,
}
