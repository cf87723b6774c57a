namespace CapabilityOps.Appraisal.Contracts.Events;

/// <summary>
/// The appraisal group's assessment of a cadre's year: 德 morality, 能 ability, 勤 diligence, 绩 achievement,
/// 廉 integrity, each 0–100 (APR-2). Appended to the cadre's stream; a later assessment of the same year replaces it.
/// </summary>
public sealed record CadreAssessed(string StaffNo, int Year, int Morality, int Ability, int Diligence, int Achievement, int Integrity, string? Comment);

/// <summary>
/// The appraisal group scored a unit's business targets (业务目标) or daily work (日常工作) for a year, 0–100, with
/// its reason (APR-1). Appended to the unit's stream; a later score of the same indicator and year replaces it.
/// </summary>
public sealed record UnitTargetScored(string UnitCode, int Year, string Indicator, decimal Score, string Reason);

/// <summary>
/// The appraisal group chose which of the cadres tied at the Excellent quota's boundary take the places left (APPRAISAL.md):
/// the chosen are Excellent, the other tied cadres Competent. Appended to the unit's stream; a later choice for the same year
/// replaces it.
/// </summary>
public sealed record ExcellentPlacesChosen(string UnitCode, int Year, IReadOnlyList<string> StaffNos);
