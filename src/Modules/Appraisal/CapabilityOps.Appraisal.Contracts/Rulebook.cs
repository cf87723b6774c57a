using CapabilityOps.Organization.Contracts;

namespace CapabilityOps.Appraisal.Contracts;

/// <summary>
/// One version of the programme's rulebook: every target and appraisal weight, as data (APR-4).
/// A version applies from <see cref="EffectiveFromYear"/> until a later version takes over; every
/// compliance result and score names the version it was computed under.
/// </summary>
public sealed record RulebookVersion(
    int Version,
    string Name,
    int EffectiveFromYear,
    IReadOnlyDictionary<string, decimal> Targets,
    IReadOnlyDictionary<UnitKind, IReadOnlyDictionary<string, decimal>> UnitWeights)
{
    /// <summary>A target by key (e.g. <c>LRN-1.hoursPerYear</c>); a version written before a rule existed uses the programme's default.</summary>
    public decimal Target(string key) =>
        Targets.TryGetValue(key, out var value) ? value
        : RulebookDefaults.Targets.TryGetValue(key, out var fallback) ? fallback
        : throw new KeyNotFoundException($"The rulebook has no target '{key}'.");

    public int Whole(string key) => (int)Target(key);
}

/// <summary>The programme document's numbers (seed/000…txt, APPRAISAL.md): rulebook version 1.</summary>
public static class RulebookDefaults
{
    /// <summary>The programme started in 2020; its time windows count from it.</summary>
    public const int ProgrammeStartYear = 2020;

    public static readonly IReadOnlyDictionary<string, decimal> Targets = new Dictionary<string, decimal>
    {
        ["LRN-1.hoursPerYear"] = 60,
        ["LRN-2.sessionsPerQuarter"] = 1,
        ["LRN-3.trainingsPerYear"] = 1,
        ["LRN-4.competitionsPerYear"] = 1,
        ["TRN-1.ageLimit"] = 45,
        ["TRN-1.minimumLevel"] = (int)EducationLevel.JuniorCollege,
        ["TRN-1.deadlineYear"] = ProgrammeStartYear + 2, // "三年内": within 2020, 2021 and 2022
        ["TRN-5.trainingsPerYear"] = 1,
        ["TRN-7.postExperts"] = 5,
        ["TRN-7.pacesetters"] = 5,
        ["SVC-1.days"] = 60,
        ["SVC-1.enterprises"] = 2,
        ["SVC-1.articles"] = 1,
        ["SVC-2.days"] = 40,
        ["SVC-2.enterprises"] = 1,
        ["SVC-2.suggestions"] = 1,
        ["CARE-1.talksPerYear"] = 1,
        ["CARE-3.healthChecksPerYear"] = 1,
        ["RPT-1.deadlineDay"] = 28,
        ["unit.titleBonus"] = 1,
        ["unit.titleBonusMax"] = 5,
        ["cadre.compliancePoints"] = 60,
        ["cadre.assessmentPoints"] = 40,
        ["cadre.titleBonus"] = 2,
        ["cadre.titleBonusMax"] = 6,
        ["grade.excellentShare"] = 0.15m,
        ["grade.excellentMinimum"] = 90,
        ["grade.competentMinimum"] = 70,
        ["grade.basicallyCompetentMinimum"] = 60,
    };

    /// <summary>APPRAISAL.md's weights per kind of unit (the differentiated indicators of APR-1).</summary>
    public static readonly IReadOnlyDictionary<UnitKind, IReadOnlyDictionary<string, decimal>> UnitWeights =
        new Dictionary<UnitKind, IReadOnlyDictionary<string, decimal>>
        {
            [UnitKind.Department] = Weights(10, 5, 5, 5, 5, 0, 5, 40, 20),
            [UnitKind.DirectUnit] = Weights(10, 5, 5, 5, 5, 10, 5, 35, 20),
            [UnitKind.CountyBureau] = Weights(10, 5, 10, 5, 5, 5, 5, 35, 20),
            [UnitKind.CityBureau] = Weights(10, 5, 5, 5, 5, 5, 5, 35, 20),
        };

    public static readonly RulebookVersion Version1 = new(1, "Programme defaults (实施方案, 2020)", ProgrammeStartYear, Targets, UnitWeights);

    private static IReadOnlyDictionary<string, decimal> Weights(
        decimal learning, decimal training, decimal service, decimal care, decimal reports, decimal equipment, decimal discipline,
        decimal business, decimal daily) =>
        new Dictionary<string, decimal>
        {
            [Indicators.StudyHours] = learning,
            [Indicators.UnitTraining] = training,
            [Indicators.ServiceVisits] = service,
            [Indicators.Care] = care,
            [Indicators.MonthlyReports] = reports,
            [Indicators.EquipmentAndInformatization] = equipment,
            [Indicators.Discipline] = discipline,
            [Indicators.BusinessTargets] = business,
            [Indicators.DailyWork] = daily,
        };
}

/// <summary>The unit appraisal's indicators (APPRAISAL.md).</summary>
public static class Indicators
{
    public const string StudyHours = "LRN-1";
    public const string UnitTraining = "LRN-3/TRN-5";
    public const string ServiceVisits = "SVC";
    public const string Care = "CARE";
    public const string MonthlyReports = "RPT-1";
    public const string EquipmentAndInformatization = "EQP/INF";
    public const string Discipline = "DSC";
    public const string BusinessTargets = "BUSINESS";
    public const string DailyWork = "DAILY";

    /// <summary>Indicators the appraisal group scores by hand (recorded as events), not computed.</summary>
    public static readonly IReadOnlySet<string> Recorded = new HashSet<string> { BusinessTargets, DailyWork };
}
