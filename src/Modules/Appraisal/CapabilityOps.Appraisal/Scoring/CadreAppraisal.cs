using CapabilityOps.Appraisal.Compliance;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Appraisal.Contracts.Events;
using CapabilityOps.Discipline.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Talent.Contracts.Events;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Appraisal.Scoring;

/// <summary>One part of a cadre's score, with the events behind it.</summary>
public sealed record ScorePart(string Indicator, decimal Points, decimal MaxPoints, string Detail, IReadOnlyList<Guid> Evidence);

/// <summary>A cadre's annual appraisal: a 0–100 score, the suggested grade and why.</summary>
/// <param name="Grade">Excellent (优秀), Competent (称职), BasicallyCompetent (基本称职), Incompetent (不称职), or null when no grade may be given (the reasons say why).</param>
/// <param name="Reasons">Every step from the facts to the grade, in words.</param>
/// <param name="Parts">Each indicator's points and the events behind them.</param>
public sealed record CadreAppraisalView(string StaffNo, int Year, int RulebookVersion, decimal Score, string? Grade, IReadOnlyList<string> Reasons,
    IReadOnlyList<ScorePart> Parts, string UnitCode, DateTimeOffset? AsOf);

/// <summary>
/// APR-2/APR-3 and APPRAISAL.md: compliance checks share 60 points, the appraisal group's 德能勤绩廉 40, provincial or
/// municipal titles add 2 each (at most 6); a part with no facts yet is left out and the rest scaled to 100.
/// Excellent goes to at most 15% of the unit's graded cadres, with a score of 90 or more.
/// </summary>
public static class CadreAppraisal
{
    private static readonly HashSet<TitleLevel> WeighingLevels = [TitleLevel.National, TitleLevel.Provincial, TitleLevel.Municipal];

    public sealed record Scored(CadreCompliance Compliance, decimal Score, List<ScorePart> Parts, List<string> Reasons, string? NoGradeReason, bool MayBeExcellent);

    public static Scored Score(CadreCompliance compliance)
    {
        var (rules, year, events) = (compliance.Rulebook, compliance.Year, compliance.Events);
        var parts = new List<ScorePart>();
        var reasons = new List<string>();

        var compliancePoints = rules.Target("cadre.compliancePoints");
        if (compliance.Checks.Count > 0)
        {
            var met = compliance.Checks.Count(c => c.Met);
            parts.Add(new ScorePart("COMPLIANCE", compliancePoints * met / compliance.Checks.Count, compliancePoints,
                $"{met} of {compliance.Checks.Count} applicable rules met ({string.Join(", ", compliance.Checks.Select(c => $"{c.Rule} {(c.Met ? "met" : "not met")}"))}).",
                compliance.Checks.SelectMany(c => c.Evidence ?? []).Distinct().ToList()));
        }
        else reasons.Add("No programme rule applies to this cadre this year: the compliance part is left out.");

        var assessmentPoints = rules.Target("cadre.assessmentPoints");
        var assessment = events.LastOrDefault(e => e.Data is CadreAssessed a && a.Year == year.Year);
        if (assessment?.Data is CadreAssessed a)
        {
            var average = (a.Morality + a.Ability + a.Diligence + a.Achievement + a.Integrity) / 5m;
            parts.Add(new ScorePart("ASSESSMENT", assessmentPoints * average / 100, assessmentPoints,
                $"德 {a.Morality}, 能 {a.Ability}, 勤 {a.Diligence}, 绩 {a.Achievement}, 廉 {a.Integrity}: average {average:0.#}.", [assessment.Id]));
        }
        else reasons.Add("The appraisal group has not assessed this year yet: the assessment part is left out.");

        var present = parts.Sum(p => p.MaxPoints);
        var basis = present == 0 ? 0 : parts.Sum(p => p.Points) * 100 / present;
        if (present is > 0 and < 100) reasons.Add($"Parts present weigh {present:0.#} points: scaled to 100.");

        var titles = events.Where(e => e.Data is TitleConferred t && t.ConferredOn.Year == year.Year && t.ConferredOn <= year.ViewDate
                                       && WeighingLevels.Contains(t.Level)).ToList();
        var bonus = Math.Min(titles.Count * rules.Target("cadre.titleBonus"), rules.Target("cadre.titleBonusMax"));
        if (titles.Count > 0)
            parts.Add(new ScorePart("TITLES", bonus, rules.Target("cadre.titleBonusMax"),
                string.Join("; ", titles.Select(t => (TitleConferred)t.Data).Select(t => $"{t.Level} {t.Kind}: {t.Title}")), titles.Select(t => t.Id).ToList()));
        var score = Math.Round(Math.Min(100, basis + bonus), 1);

        string? noGrade = null;
        var mayBeExcellent = true;
        if (compliance.Cadre.JoinedOn > year.ViewDate.AddYears(-1))
            noGrade = $"On probation (试用期) until {compliance.Cadre.JoinedOn.AddYears(1):yyyy-MM-dd}: no grade is given in the trial year.";
        var yearStart = new DateOnly(year.Year, 1, 1);
        var sanctions = events.Select(e => e.Data).OfType<SanctionImposed>().Where(s => s.ImposedOn <= year.ViewDate).ToList();
        // Only the effect of a sanction is ever stated here, never its details (DSC-3).
        if (sanctions.Any(s => s.Severity > SanctionSeverity.Warning && s.PeriodEnds >= yearStart))
            noGrade ??= "Under a sanction of demerit (记过) or heavier in its period: no grade, comments only.";
        if (sanctions.Any(s => s.Severity == SanctionSeverity.Warning && s.ImposedOn.Year == year.Year))
        {
            mayBeExcellent = false;
            reasons.Add("Warned (警告) this year: cannot be Excellent.");
        }
        if (present == 0) noGrade ??= "No facts to score yet: no grade.";
        return new Scored(compliance, score, parts, reasons, noGrade, mayBeExcellent);
    }

    /// <summary>Grades the cadres of one unit together, since Excellent is a share of the unit's graded cadres.</summary>
    public static IReadOnlyDictionary<string, (string? Grade, List<string> Reasons)> Grade(IReadOnlyList<Scored> unitCadres)
    {
        if (unitCadres.Count == 0) return new Dictionary<string, (string?, List<string>)>();
        var rules = unitCadres[0].Compliance.Rulebook;
        var graded = unitCadres.Where(s => s.NoGradeReason is null).ToList();
        var quota = (int)Math.Floor(graded.Count * rules.Target("grade.excellentShare"));
        var excellentMinimum = rules.Target("grade.excellentMinimum");
        var excellent = graded.Where(s => s.MayBeExcellent && s.Score >= excellentMinimum)
            .OrderByDescending(s => s.Score).ThenBy(s => s.Compliance.Cadre.StaffNo, StringComparer.Ordinal).Take(quota)
            .Select(s => s.Compliance.Cadre.StaffNo).ToHashSet();

        var result = new Dictionary<string, (string?, List<string>)>();
        foreach (var s in unitCadres)
        {
            var reasons = new List<string>(s.Reasons);
            string? grade;
            if (s.NoGradeReason is not null)
            {
                grade = null;
                reasons.Add(s.NoGradeReason);
            }
            else if (excellent.Contains(s.Compliance.Cadre.StaffNo))
            {
                grade = "Excellent";
                reasons.Add($"Score {s.Score} ≥ {excellentMinimum} and among the best {quota} of {graded.Count} graded cadres of the unit ({rules.Target("grade.excellentShare"):P0}).");
            }
            else
            {
                if (s.Score >= excellentMinimum && s.MayBeExcellent)
                    reasons.Add($"Score {s.Score} ≥ {excellentMinimum}, but the unit's Excellent quota ({quota} of {graded.Count}) went to higher scores.");
                grade = s.Score >= rules.Target("grade.competentMinimum") ? "Competent"
                    : s.Score >= rules.Target("grade.basicallyCompetentMinimum") ? "BasicallyCompetent" : "Incompetent";
                reasons.Add($"Score {s.Score}: {grade} (Competent ≥ {rules.Target("grade.competentMinimum")}, BasicallyCompetent ≥ {rules.Target("grade.basicallyCompetentMinimum")}).");
            }
            result[s.Compliance.Cadre.StaffNo] = (grade, reasons);
        }
        return result;
    }
}

public static class GetCadreAppraisalEndpoint
{
    /// <summary>A cadre's annual appraisal score and suggested grade, with the reasons.</summary>
    /// <remarks>The grade compares the cadre with the other cadres of the same unit (the Excellent quota), so the unit's cadres are scored together.</remarks>
    /// <param name="staffNo">The staff number.</param>
    /// <param name="year">The calendar year; this year when absent.</param>
    /// <param name="asOf">As it was known at this instant.</param>
    /// <param name="rulebook">Recompute under this rulebook version.</param>
    [WolverineGet("/api/v1/appraisals/cadres/{staffNo}", OperationId = "GetCadreAppraisal"), Tags("Appraisal"), ReadAccess, ScopedToCadre]
    [ProducesResponseType<CadreAppraisalView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string staffNo, int? year, DateTimeOffset? asOf, int? rulebook, IQuerySession session,
        IYearViews years, ComplianceCalculator calculator, CancellationToken cancellation)
    {
        var (resolved, problem) = await years.ResolveAsync(session, year, asOf, null, rulebook, cancellation);
        if (problem is not null) return problem.ToResult();
        var events = asOf is { } instant
            ? await session.Events.FetchStreamAsync(StreamKeys.Cadre(staffNo), timestamp: instant.ToUniversalTime(), token: cancellation)
            : await session.Events.FetchStreamAsync(StreamKeys.Cadre(staffNo), token: cancellation);
        var cadre = CadreRecordFold.Fold(StreamKeys.Cadre(staffNo), events);
        if (cadre is null || cadre.JoinedOn.Year > resolved!.Year)
            return Problem.NotFound($"There is no cadre '{staffNo}' in {resolved?.Year}{(asOf is null ? "" : $" as of {asOf:O}")}.").ToResult();

        var unitCode = cadre.UnitOn(resolved.ViewDate);
        var (unit, unitProblem) = await calculator.EvaluateUnitAsync(session, unitCode, resolved, cancellation);
        if (unitProblem is not null) return unitProblem.ToResult();
        var peers = unit!.Cadres.Where(c => c.Cadre.UnitOn(resolved.ViewDate) == unitCode).Select(CadreAppraisal.Score).ToList();
        var mine = peers.Single(p => p.Compliance.Cadre.StaffNo == staffNo);
        var (grade, reasons) = CadreAppraisal.Grade(peers)[staffNo];
        return Results.Ok(new CadreAppraisalView(staffNo, resolved.Year, unit.Rulebook.Version, mine.Score, grade, reasons, mine.Parts, unitCode, asOf));
    }
}
