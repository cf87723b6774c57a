using CapabilityOps.Organization.Contracts;
using Marten;
using Microsoft.Extensions.DependencyInjection;

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
    /// <summary>A target by key (e.g. <c>LRN-1.hoursPerYear</c>). Every key some module declared is present: a version stored before
    /// a key existed has the key's default filled in when the rulebook is loaded (<see cref="IRulebooks"/>).</summary>
    public decimal Target(string key) =>
        Targets.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The rulebook has no target '{key}'.");

    public int Whole(string key) => (int)Target(key);
}

/// <summary>
/// A module's default targets: the keys its rules read, with the programme document's numbers. Registered from the module's
/// <c>AddXModule()</c> (<see cref="RulebookTargetRegistration.AddRulebookTargets"/>); every module's defaults together are
/// rulebook version 1.
/// </summary>
public sealed record RulebookTargets(IReadOnlyDictionary<string, decimal> Defaults);

public static class RulebookTargetRegistration
{
    /// <summary>Declares a module's target keys and their defaults (part of rulebook version 1).</summary>
    public static IServiceCollection AddRulebookTargets(this IServiceCollection services, IReadOnlyDictionary<string, decimal> defaults) =>
        services.AddSingleton(new RulebookTargets(defaults));
}

/// <summary>
/// The rulebook as every module reads it: the version that applies to a year, or a version by number, each with every declared
/// key (the defaults filled in where a stored version predates a key).
/// </summary>
public interface IRulebooks
{
    /// <summary>Rulebook version 1: every module's default targets and the programme's appraisal weights.</summary>
    RulebookVersion Defaults { get; }

    /// <summary>The version that applies to <paramref name="year"/>, as published up to <paramref name="asOf"/> when given.</summary>
    Task<RulebookVersion> ForYearAsync(IQuerySession session, int year, DateTimeOffset? asOf = null, CancellationToken cancellation = default);

    /// <summary>A version by number; null when there is none.</summary>
    Task<RulebookVersion?> NumberAsync(IQuerySession session, int version, CancellationToken cancellation = default);
}

/// <summary>The programme document's numbers that belong to no module's rules (seed/000…txt, APPRAISAL.md).</summary>
public static class RulebookDefaults
{
    /// <summary>The programme started in 2020; its time windows count from it, and no year-based view goes further back.</summary>
    public const int ProgrammeStartYear = 2020;

    public const string Version1Name = "Programme defaults (实施方案, 2020)";

    /// <summary>The Appraisal module's own targets: the monthly report deadline (RPT-1), the score's parts and the grades.</summary>
    public static readonly IReadOnlyDictionary<string, decimal> AppraisalTargets = new Dictionary<string, decimal>
    {
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

    /// <summary>Rulebook version 1 from the modules' declared defaults; a key declared twice is a programming error.</summary>
    public static RulebookVersion Compose(IEnumerable<IReadOnlyDictionary<string, decimal>> moduleDefaults)
    {
        var targets = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var defaults in moduleDefaults)
        foreach (var (key, value) in defaults)
            if (!targets.TryAdd(key, value)) throw new InvalidOperationException($"The rulebook target '{key}' is declared by two modules.");
        return new RulebookVersion(1, Version1Name, ProgrammeStartYear, targets, UnitWeights);
    }

    /// <summary>Rulebook version 1 from the given modules' defaults and the Appraisal module's own (for tests of one module's rules).</summary>
    public static RulebookVersion Version1With(params IReadOnlyDictionary<string, decimal>[] moduleDefaults) =>
        Compose(moduleDefaults.Append(AppraisalTargets));

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
