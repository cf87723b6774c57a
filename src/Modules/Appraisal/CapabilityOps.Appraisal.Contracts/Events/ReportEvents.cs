namespace CapabilityOps.Appraisal.Contracts.Events;

/// <summary>
/// A unit reported its progress, practices and highlights for a month to the Personnel department (RPT-1),
/// appended to the unit's stream. A later report for the same month amends it; timeliness is the first's.
/// </summary>
public sealed record MonthlyReportSubmitted(string UnitCode, int Year, int Month, string Progress, string? Practices, string? Highlights);
