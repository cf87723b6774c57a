namespace CapabilityOps.Learning.Contracts;

/// <summary>One rule checked against its target, in the shape the compliance views use.</summary>
/// <param name="Rule">The requirement id, e.g. LRN-1.</param>
public sealed record LearningCheck(string Rule, decimal Target, decimal Actual, bool Met);

/// <summary>A cadre's learning in one calendar year (China Standard Time) against the LRN-1 target.</summary>
/// <param name="Hours">Study hours that count: logged, imported and credited by attended sessions, less revoked records.</param>
/// <param name="HoursByChannel">Online and Offline hours.</param>
/// <param name="HoursBySource">Hours per source (e.g. 学习强国, learning-session).</param>
/// <param name="SessionHours">Hours credited by attended sessions (part of Hours).</param>
/// <param name="Records">Study-hours records of the year, revoked ones included.</param>
/// <param name="RevokedRecords">Records revoked (their hours no longer count).</param>
/// <param name="RevokedHours">Hours of the revoked records.</param>
/// <param name="SessionsAttended">Sessions attended per kind.</param>
/// <param name="CompetitionsEntered">Contests and competitions taken part in.</param>
/// <param name="Target">The hours the cadre must reach this year: the annual target, pro-rated by whole months of membership for a cadre who joined during the year.</param>
/// <param name="AnnualTarget">The full-year target of the rules in force.</param>
/// <param name="TargetProrated">Whether <paramref name="Target"/> is pro-rated.</param>
/// <param name="MonthsOfMembership">Whole calendar months of the year the cadre was a member (12 for a full year).</param>
/// <param name="TargetBasis">How the target was set, in words.</param>
/// <param name="Applies">False for a year the cadre was not a member for a whole month.</param>
/// <param name="Met">Hours ≥ Target (true when the rule does not apply).</param>
/// <param name="Checks">LRN-1 as a compliance check.</param>
/// <param name="AsOf">The instant the view was computed as known at, when asked for.</param>
public sealed record CadreLearningYear(
    string StaffNo,
    int Year,
    decimal Hours,
    IReadOnlyDictionary<StudyChannel, decimal> HoursByChannel,
    IReadOnlyDictionary<string, decimal> HoursBySource,
    decimal SessionHours,
    int Records,
    int RevokedRecords,
    decimal RevokedHours,
    IReadOnlyDictionary<LearningSessionKind, int> SessionsAttended,
    int CompetitionsEntered,
    decimal Target,
    decimal AnnualTarget,
    bool TargetProrated,
    int MonthsOfMembership,
    string TargetBasis,
    bool Applies,
    bool Met,
    IReadOnlyList<LearningCheck> Checks,
    DateTimeOffset? AsOf);

/// <summary>A unit's own learning activities in one calendar year (not those of the units below it).</summary>
/// <param name="CentralGroupStudiesByQuarter">Central-group study sessions in Q1..Q4 (LRN-2).</param>
/// <param name="ConcentratedTrainings">Concentrated study/trainings (LRN-3).</param>
/// <param name="KnowledgeCompetitions">Knowledge competitions (LRN-4).</param>
/// <param name="SessionsByKind">Every kind of session, counted.</param>
/// <param name="EcologicalSessionsByKind">Sessions that covered ecological topics, per kind (LRN-2, LRN-5).</param>
/// <param name="LearningCornerByFormat">Learning-corner sessions per format: 我要讲, 主动问, 共同学 (LRN-6).</param>
/// <param name="FestivalActivities">Festival activities per festival (LRN-7).</param>
/// <param name="CompetitionsByKind">Contests and competitions per kind (LRN-4, LRN-6, LRN-7).</param>
/// <param name="InterestGroups">Interest groups that existed during the year, with their members then (LRN-6).</param>
/// <param name="Checks">LRN-2 (quarters with enough central-group studies, of the quarters due: ended by the view date, or already met), LRN-3 and LRN-4 against their targets.</param>
/// <param name="Sessions">The sessions counted, oldest first.</param>
/// <param name="Competitions">The competitions counted, oldest first.</param>
public sealed record UnitLearningYear(
    string UnitCode,
    int Year,
    IReadOnlyList<int> CentralGroupStudiesByQuarter,
    int ConcentratedTrainings,
    int KnowledgeCompetitions,
    IReadOnlyDictionary<LearningSessionKind, int> SessionsByKind,
    IReadOnlyDictionary<LearningSessionKind, int> EcologicalSessionsByKind,
    IReadOnlyDictionary<LearningCornerFormat, int> LearningCornerByFormat,
    IReadOnlyDictionary<Festival, int> FestivalActivities,
    IReadOnlyDictionary<CompetitionKind, int> CompetitionsByKind,
    IReadOnlyList<InterestGroupYear> InterestGroups,
    IReadOnlyList<LearningCheck> Checks,
    IReadOnlyList<SessionSummary> Sessions,
    IReadOnlyList<CompetitionSummary> Competitions);

/// <summary>An interest group in a year: members are those who belonged to it on any day of the year.</summary>
public sealed record InterestGroupYear(Guid Id, string Name, InterestGroupKind Kind, DateOnly FormedOn, IReadOnlyList<string> Members);

/// <summary>A session in a unit's year.</summary>
public sealed record SessionSummary(Guid Id, LearningSessionKind Kind, DateOnly HeldOn, string Topic, decimal? StudyHours, int Attendees);

/// <summary>A competition in a unit's year.</summary>
public sealed record CompetitionSummary(Guid Id, CompetitionKind Kind, DateOnly HeldOn, string Topic, int Participants);

/// <summary>
/// The Learning module's yearly views for other modules (the compliance and appraisal views): now, or as known
/// at an instant (cadre view), under the targets of the rulebook version that applies to the year.
/// </summary>
public interface ILearningYears
{
    /// <summary>Null when there is no such cadre (or there was none at <paramref name="asOf"/>).</summary>
    Task<CadreLearningYear?> ForCadreAsync(string staffNo, int year, LearningTargets targets, DateTimeOffset? asOf = null, CancellationToken cancellation = default);

    /// <summary>Null when there is no such unit.</summary>
    /// <param name="viewDate">The day the year is measured on: 31 December of a past year, today for the current one.</param>
    Task<UnitLearningYear?> ForUnitAsync(string unitCode, int year, DateOnly viewDate, LearningTargets targets, CancellationToken cancellation = default);
}
