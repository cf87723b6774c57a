using CapabilityOps.Appraisal.Compliance;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Appraisal.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Appraisal.Scoring;

/// <summary>One part of a cadre's score, with the events behind it.</summary>
public sealed record ScorePart(string Indicator, decimal Points, decimal MaxPoints, Text Detail, IReadOnlyList<Guid> Evidence);

/// <summary>A cadre's annual appraisal: a 0–100 score, the suggested grade and why.</summary>
/// <param name="Grade">Excellent (优秀), Competent (称职), BasicallyCompetent (基本称职), Incompetent (不称职), or null when no grade may be given (the reasons say why).</param>
/// <param name="Reasons">Every step from the facts to the grade, in words.</param>
/// <param name="Parts">Each indicator's points and the events behind them.</param>
public sealed record CadreAppraisalView(string StaffNo, int Year, int RulebookVersion, decimal Score, string? Grade, IReadOnlyList<Text> Reasons,
    IReadOnlyList<ScorePart> Parts, string UnitCode, DateTimeOffset? AsOf);

/// <summary>
/// Cadres sharing the score at the Excellent quota's boundary, more of them than the places left: the system does not pick
/// among them, the appraisal group does (APPRAISAL.md).
/// </summary>
/// <param name="StaffNos">The tied cadres, by staff number.</param>
/// <param name="PlacesLeft">The Excellent places left once every higher score has one.</param>
public sealed record QuotaTie(decimal Score, IReadOnlyList<string> StaffNos, int PlacesLeft);

/// <summary>
/// APR-2/APR-3 and APPRAISAL.md: compliance checks share 60 points, the appraisal group's 德能勤绩廉 40, each commendation a
/// module contributes (titles) adds 2 (at most 6); a part with no facts yet is left out and the rest scaled to 100.
/// Excellent goes to at most 15% of the unit's graded cadres, with a score of 90 or more; ties at the quota's boundary are
/// left to the appraisal group.
/// </summary>
public static class CadreAppraisal
{
    public sealed record Scored(CadreCompliance Compliance, decimal Score, List<ScorePart> Parts, List<Text> Reasons, Text? NoGradeReason, bool MayBeExcellent);

    /// <param name="effects">What the modules contribute to the cadre's year (<see cref="AppraisalContributions.EffectsOn"/>).</param>
    public static Scored Score(CadreCompliance compliance, IReadOnlyList<CadreAppraisalEffect> effects)
    {
        var (rules, year, events) = (compliance.Rulebook, compliance.Year, compliance.Events);
        var parts = new List<ScorePart>();
        var reasons = new List<Text>();

        var compliancePoints = rules.Target("cadre.compliancePoints");
        if (compliance.Checks.Count > 0)
        {
            var met = compliance.Checks.Count(c => c.Met);
            parts.Add(new ScorePart("COMPLIANCE", compliancePoints * met / compliance.Checks.Count, compliancePoints,
                Msg("ComplianceDetail", met, compliance.Checks.Count, compliance.Checks.Select(c => Msg(c.Met ? "RuleMet" : "RuleNotMet", c.Rule)).ToList()),
                compliance.Checks.SelectMany(c => c.Evidence ?? []).Distinct().ToList()));
        }
        else reasons.Add(Msg("NoRuleApplies"));

        var assessmentPoints = rules.Target("cadre.assessmentPoints");
        var assessment = events.LastOrDefault(e => e.Data is CadreAssessed a && a.Year == year.Year);
        if (assessment?.Data is CadreAssessed a)
        {
            var average = (a.Morality + a.Ability + a.Diligence + a.Achievement + a.Integrity) / 5m;
            parts.Add(new ScorePart("ASSESSMENT", assessmentPoints * average / 100, assessmentPoints,
                Msg("AssessmentDetail", a.Morality, a.Ability, a.Diligence, a.Achievement, a.Integrity, average), [assessment.Id]));
        }
        else reasons.Add(Msg("NotAssessed"));

        var present = parts.Sum(p => p.MaxPoints);
        var basis = present == 0 ? 0 : parts.Sum(p => p.Points) * 100 / present;
        if (present is > 0 and < 100) reasons.Add(Msg("PartsScaled", present));

        var commendations = effects.OfType<Commendation>().ToList();
        var bonus = Math.Min(commendations.Count * rules.Target("cadre.titleBonus"), rules.Target("cadre.titleBonusMax"));
        if (commendations.Count > 0)
            parts.Add(new ScorePart("TITLES", bonus, rules.Target("cadre.titleBonusMax"),
                Msg("Commendations", commendations.Select(c => c.Reason).ToList()), commendations.SelectMany(c => c.Evidence).ToList()));
        var score = Math.Round(Math.Min(100, basis + bonus), 1);

        Text? noGrade = null;
        if (compliance.Cadre.JoinedOn > year.ViewDate.AddYears(-1))
            noGrade = Msg("OnProbation", compliance.Cadre.JoinedOn.AddYears(1));
        noGrade ??= effects.OfType<NoGrade>().FirstOrDefault()?.Reason;
        var caps = effects.OfType<NotExcellent>().ToList();
        reasons.AddRange(caps.Select(c => c.Reason).DistinctBy(r => r.Key));
        if (present == 0) noGrade ??= Msg("NothingToScore");
        return new Scored(compliance, score, parts, reasons, noGrade, caps.Count == 0);
    }

    /// <summary>
    /// The tie at the unit's Excellent quota, if any: the cadres who may be Excellent, ordered by score, fill the quota, and
    /// the last place falls inside a group of equal scores that is larger than the places left for it.
    /// </summary>
    public static QuotaTie? TieAtQuota(IReadOnlyList<Scored> unitCadres)
    {
        var (candidates, quota) = Candidates(unitCadres);
        if (quota == 0 || candidates.Count <= quota || candidates[quota - 1].Score != candidates[quota].Score) return null;
        var score = candidates[quota].Score;
        var above = candidates.Count(s => s.Score > score);
        return new QuotaTie(score, candidates.Where(s => s.Score == score).Select(s => s.Compliance.Cadre.StaffNo).ToList(), quota - above);
    }

    /// <summary>Grades the cadres of one unit together, since Excellent is a share of the unit's graded cadres.</summary>
    /// <param name="chosen">The appraisal group's last choice among the tied cadres for the unit and year (<see cref="ExcellentPlacesChosen"/>).
    /// It applies while the cadres it names are still tied and fit in the places left.</param>
    public static IReadOnlyDictionary<string, (string? Grade, List<Text> Reasons)> Grade(IReadOnlyList<Scored> unitCadres,
        IReadOnlyCollection<string>? chosen = null)
    {
        if (unitCadres.Count == 0) return new Dictionary<string, (string?, List<Text>)>();
        var rules = unitCadres[0].Compliance.Rulebook;
        var (candidates, quota) = Candidates(unitCadres);
        var graded = unitCadres.Count(s => s.NoGradeReason is null);
        var excellentMinimum = rules.Target("grade.excellentMinimum");
        var tie = TieAtQuota(unitCadres);
        var tied = tie?.StaffNos.ToHashSet() ?? [];
        var chosenTied = chosen?.Where(tied.Contains).ToHashSet() ?? [];
        var choiceApplies = tie is not null && chosenTied.Count > 0 && chosenTied.Count <= tie.PlacesLeft;
        var excellent = tie is null
            ? candidates.Take(quota).Select(s => s.Compliance.Cadre.StaffNo).ToHashSet()
            : candidates.Where(s => s.Score > tie.Score).Select(s => s.Compliance.Cadre.StaffNo).ToHashSet();
        if (choiceApplies) excellent.UnionWith(chosenTied);
        var tieText = tie is null ? Text.Verbatim("")
            : Msg(tie.StaffNos.Count == 2 ? (tie.PlacesLeft == 1 ? "TieOneOtherOnePlace" : "TieOneOtherPlaces") : (tie.PlacesLeft == 1 ? "TieOthersOnePlace" : "TieOthersPlaces"),
                tie.Score, tie.StaffNos.Count - 1, tie.PlacesLeft);

        var result = new Dictionary<string, (string?, List<Text>)>();
        foreach (var s in unitCadres)
        {
            var staffNo = s.Compliance.Cadre.StaffNo;
            var reasons = new List<Text>(s.Reasons);
            string? grade;
            if (s.NoGradeReason is not null)
            {
                grade = null;
                reasons.Add(s.NoGradeReason);
            }
            else if (excellent.Contains(staffNo))
            {
                grade = "Excellent";
                reasons.Add(tied.Contains(staffNo)
                    ? Msg("ExcellentChosen", s.Score, excellentMinimum, tieText)
                    : Msg("ExcellentBest", s.Score, excellentMinimum, quota, graded, Percent(rules.Target("grade.excellentShare"))));
            }
            else
            {
                if (tied.Contains(staffNo))
                    reasons.Add(choiceApplies
                        ? Msg("TiedChosenOthers", tieText, chosenTied.Count, tie!.StaffNos.Count)
                        : Msg("TiedGroupDecides", tieText));
                else if (s.Score >= excellentMinimum && s.MayBeExcellent)
                    reasons.Add(quota == 0
                        ? Msg("QuotaZero", s.Score, excellentMinimum, Percent(rules.Target("grade.excellentShare")), graded)
                        : Msg("QuotaTaken", s.Score, excellentMinimum, quota, graded));
                grade = s.Score >= rules.Target("grade.competentMinimum") ? "Competent"
                    : s.Score >= rules.Target("grade.basicallyCompetentMinimum") ? "BasicallyCompetent" : "Incompetent";
                reasons.Add(Msg("GradeByScore", s.Score, Msg($"Grade.{grade}"), rules.Target("grade.competentMinimum"), rules.Target("grade.basicallyCompetentMinimum")));
            }
            result[staffNo] = (grade, reasons);
        }
        return result;
    }

    /// <summary>A share as a whole percentage, e.g. 15%.</summary>
    private static string Percent(decimal share) => share.ToString("P0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The graded cadres who may be Excellent with a score high enough, best first, and the unit's quota.</summary>
    private static (List<Scored> Candidates, int Quota) Candidates(IReadOnlyList<Scored> unitCadres)
    {
        var rules = unitCadres[0].Compliance.Rulebook;
        var graded = unitCadres.Where(s => s.NoGradeReason is null).ToList();
        var quota = (int)Math.Floor(graded.Count * rules.Target("grade.excellentShare"));
        var candidates = graded.Where(s => s.MayBeExcellent && s.Score >= rules.Target("grade.excellentMinimum"))
            .OrderByDescending(s => s.Score).ThenBy(s => s.Compliance.Cadre.StaffNo, StringComparer.Ordinal).ToList();
        return (candidates, quota);
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
        IYearViews years, ComplianceCalculator calculator, AppraisalContributions contributions, CancellationToken cancellation)
    {
        var (resolved, problem) = await years.ResolveAsync(session, year, asOf, null, rulebook, cancellation);
        if (problem is not null) return problem.ToResult();
        var events = asOf is { } instant
            ? await session.Events.FetchStreamAsync(StreamKeys.Cadre(staffNo), timestamp: instant.ToUniversalTime(), token: cancellation)
            : await session.Events.FetchStreamAsync(StreamKeys.Cadre(staffNo), token: cancellation);
        var cadre = CadreRecordFold.Fold(StreamKeys.Cadre(staffNo), events);
        if (cadre is null || cadre.JoinedOn.Year > resolved!.Year)
            return Problem.NotFound(asOf is null ? Msg("NoCadreInYear", staffNo, resolved?.Year) : Msg("NoCadreInYearAsOf", staffNo, resolved?.Year, asOf)).ToResult();

        var unitCode = cadre.UnitOn(resolved.ViewDate);
        var (unit, unitProblem) = await calculator.EvaluateUnitAsync(session, unitCode, resolved, cancellation);
        if (unitProblem is not null) return unitProblem.ToResult();
        var peers = unit!.Cadres.Where(c => c.Cadre.UnitOn(resolved.ViewDate) == unitCode).Select(contributions.Score).ToList();
        var mine = peers.Single(p => p.Compliance.Cadre.StaffNo == staffNo);
        var choices = await ExcellentChoices.LoadAsync(session, [unitCode], resolved.Year, asOf, cancellation);
        var (grade, reasons) = CadreAppraisal.Grade(peers, choices.GetValueOrDefault(unitCode))[staffNo];
        return Results.Ok(new CadreAppraisalView(staffNo, resolved.Year, unit.Rulebook.Version, mine.Score, grade, reasons, mine.Parts, unitCode, asOf));
    }
}
