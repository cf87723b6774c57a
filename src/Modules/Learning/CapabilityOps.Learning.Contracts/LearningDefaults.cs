namespace CapabilityOps.Learning.Contracts;

/// <summary>
/// The learning targets a compliance view is computed under. A versioned rulebook (APR-4) will supply them;
/// until then <see cref="LearningDefaults.Targets"/> holds the programme document's numbers.
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

/// <summary>Every default number of the Learning module in one place.</summary>
public static class LearningDefaults
{
    /// <summary>The programme document's targets (§三(一)): 60 hours, 1 per quarter, 1 per year, 1 per year.</summary>
    public static readonly LearningTargets Targets = new(
        AnnualStudyHours: 60m,
        CentralGroupStudiesPerQuarter: 1,
        ConcentratedTrainingsPerYear: 1,
        KnowledgeCompetitionsPerYear: 1);

    /// <summary>A fixed limit, not a target: no cadre studies more than 24 hours in one calendar day, whatever the records say.</summary>
    public const decimal MaxHoursPerDay = 24m;

    /// <summary>The source under which hours credited by attending a learning session are counted.</summary>
    public const string SessionCreditSource = "learning-session";
}
