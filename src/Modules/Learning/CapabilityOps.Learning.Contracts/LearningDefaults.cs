namespace CapabilityOps.Learning.Contracts;

/// <summary>
/// The learning targets of a rulebook version in the module's own shape (the Learning module's <c>LearningRules</c> declares
/// their keys and defaults and reads them from the version that applies to the year).
/// </summary>
/// <param name="AnnualStudyHours">LRN-1: study hours per cadre per calendar year (pro-rated for a partial year of membership).</param>
/// <param name="CentralGroupStudiesPerQuarter">LRN-2: central-group study sessions per quarter.</param>
/// <param name="ConcentratedTrainingsPerYear">LRN-3: concentrated study/trainings per unit per year.</param>
/// <param name="KnowledgeCompetitionsPerYear">LRN-4: knowledge competitions per unit per year.</param>
public sealed record LearningTargets(
    decimal AnnualStudyHours,
    int CentralGroupStudiesPerQuarter,
    int ConcentratedTrainingsPerYear,
    int KnowledgeCompetitionsPerYear);

/// <summary>The Learning module's fixed limits and names: not targets (those are in the rulebook).</summary>
public static class LearningDefaults
{
    /// <summary>A fixed limit, not a target: no cadre studies more than 24 hours in one calendar day, whatever the records say.</summary>
    public const decimal MaxHoursPerDay = 24m;

    /// <summary>The source under which hours credited by attending a learning session are counted.</summary>
    public const string SessionCreditSource = "learning-session";
}
