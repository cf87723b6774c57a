using CapabilityOps.Appraisal.Compliance;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Appraisal.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using JasperFx.Events;
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
    public sealed record Scored(CadreCompliance Compliance, decimal Score, List<ScorePart> Parts, List<Text> Reasons, Text? NoGradeReason, bool MayBeExcellent)
    {
        public Peer AsPeer() => new(Compliance.Cadre.StaffNo, Score, Reasons, NoGradeReason, MayBeExcellent);
    }

    /// <summary>What grading reads of a scored cadre: the live appraisal has these from the read model, without the cadre's events.</summary>
    public sealed record Peer(string StaffNo, decimal Score, IReadOnlyList<Text> Reasons, Text? NoGradeReason, bool MayBeExcellent);

    /// <summary>The appraisal group's last scores of the cadre for the year, with the event that recorded them.</summary>
    public sealed record Assessed(Guid EventId, CadreAssessed Scores);

    /// <summary>The last <see cref="CadreAssessed"/> of <paramref name="year"/> among the cadre's events; null before any.</summary>
    public static Assessed? AssessmentOf(IReadOnlyList<IEvent> events, int year) =>
        events.LastOrDefault(e => e.Data is CadreAssessed a && a.Year == year) is { } e ? new Assessed(e.Id, (CadreAssessed)e.Data) : null;

    /// <param name="effects">What the modules contribute to the cadre's year (<see cref="AppraisalContributions.EffectsOn(CadreCompliance)"/>).</param>
    /// <param name="assessment">The appraisal group's scores of the year (<see cref="AssessmentOf"/>).</param>
    public static Scored Score(CadreCompliance compliance, IReadOnlyList<CadreAppraisalEffect> effects, Assessed? assessment)
    {
        var (rules, year) = (compliance.Rulebook, compliance.Year);
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
        if (assessment is { Scores: var a })
        {
            var average = (a.Morality + a.Ability + a.Diligence + a.Achievement + a.Integrity) / 5m;
            parts.Add(new ScorePart("ASSESSMENT", assessmentPoints * average / 100, assessmentPoints,
                Msg("AssessmentDetail", a.Morality, a.Ability, a.Diligence, a.Achievement, a.Integrity, average), [assessment.EventId]));
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
    public static QuotaTie? TieAtQuota(IReadOnlyList<Scored> unitCadres) =>
        unitCadres.Count == 0 ? null : TieAtQuota(unitCadres[0].Compliance.Rulebook, unitCadres.Select(s => s.AsPeer()).ToList());

    /// <inheritdoc cref="TieAtQuota(IReadOnlyList{Scored})"/>
    public static QuotaTie? TieAtQuota(RulebookVersion rules, IReadOnlyList<Peer> unitCadres)
    {
        var (candidates, quota) = Candidates(rules, unitCadres);
        if (quota == 0 || candidates.Count <= quota || candidates[quota - 1].Score != candidates[quota].Score) return null;
        var score = candidates[quota].Score;
        var above = candidates.Count(s => s.Score > score);
        return new QuotaTie(score, candidates.Where(s => s.Score == score).Select(s => s.StaffNo).ToList(), quota - above);
    }

    /// <summary>Grades the cadres of one unit together, since Excellent is a share of the unit's graded cadres.</summary>
    /// <param name="chosen">The appraisal group's last choice among the tied cadres for the unit and year (<see cref="ExcellentPlacesChosen"/>).
    /// It applies while the cadres it names are still tied and fit in the places left.</param>
    public static IReadOnlyDictionary<string, (string? Grade, List<Text> Reasons)> Grade(IReadOnlyList<Scored> unitCadres,
        IReadOnlyCollection<string>? chosen = null) =>
        unitCadres.Count == 0
            ? new Dictionary<string, (string?, List<Text>)>()
            : Grade(unitCadres[0].Compliance.Rulebook, unitCadres.Select(s => s.AsPeer()).ToList(), chosen);

    /// <inheritdoc cref="Grade(IReadOnlyList{Scored}, IReadOnlyCollection{string}?)"/>
    /// <param name="rules">The rulebook version the cadres were scored under.</param>
    public static IReadOnlyDictionary<string, (string? Grade, List<Text> Reasons)> Grade(RulebookVersion rules, IReadOnlyList<Peer> unitCadres,
        IReadOnlyCollection<string>? chosen = null)
    {
        if (unitCadres.Count == 0) return new Dictionary<string, (string?, List<Text>)>();
        var (candidates, quota) = Candidates(rules, unitCadres);
        var graded = unitCadres.Count(s => s.NoGradeReason is null);
        var excellentMinimum = rules.Target("grade.excellentMinimum");
        var tie = TieAtQuota(rules, unitCadres);
        var tied = tie?.StaffNos.ToHashSet() ?? [];
        var chosenTied = chosen?.Where(tied.Contains).ToHashSet() ?? [];
        var choiceApplies = tie is not null && chosenTied.Count > 0 && chosenTied.Count <= tie.PlacesLeft;
        var excellent = tie is null
            ? candidates.Take(quota).Select(s => s.StaffNo).ToHashSet()
            : candidates.Where(s => s.Score > tie.Score).Select(s => s.StaffNo).ToHashSet();
        if (choiceApplies) excellent.UnionWith(chosenTied);
        var tieText = tie is null ? Text.Verbatim("")
            : Msg(tie.StaffNos.Count == 2 ? (tie.PlacesLeft == 1 ? "TieOneOtherOnePlace" : "TieOneOtherPlaces") : (tie.PlacesLeft == 1 ? "TieOthersOnePlace" : "TieOthersPlaces"),
                tie.Score, tie.StaffNos.Count - 1, tie.PlacesLeft);

        var result = new Dictionary<string, (string?, List<Text>)>();
        foreach (var s in unitCadres)
        {
            var staffNo = s.StaffNo;
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
    private static (List<Peer> Candidates, int Quota) Candidates(RulebookVersion rules, IReadOnlyList<Peer> unitCadres)
    {
        var graded = unitCadres.Where(s => s.NoGradeReason is null).ToList();
        var quota = (int)Math.Floor(graded.Count * rules.Target("grade.excellentShare"));
        var candidates = graded.Where(s => s.MayBeExcellent && s.Score >= rules.Target("grade.excellentMinimum"))
            .OrderByDescending(s => s.Score).ThenBy(s => s.StaffNo, StringComparer.Ordinal).ToList();
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
        YearViews years, ComplianceCalculator calculator, AppraisalContributions contributions, LiveCompliance live, CancellationToken cancellation)
    {
        // The rows' reasons are Chinese (ComplianceMemo.Language): a reader of another language gets the appraisal computed.
        if (asOf is null && rulebook is null && ComplianceMemo.ServesCurrentLanguage)
        {
            var (dates, wrong) = years.Dates(year, null, null);
            if (wrong is not null) return wrong.ToResult();
            if (await LiveAsync(staffNo, dates!.Value.Year, dates.Value.ViewDate, session, live, cancellation) is { } answer) return answer;
        }
        var (resolved, problem) = await years.ResolveAsync(session, year, asOf, null, rulebook, cancellation);
        if (problem is not null) return problem.ToResult();
        var events = asOf is { } instant
            ? await session.Events.FetchStreamAsync(StreamKeys.Cadre(staffNo), timestamp: instant.ToUniversalTime(), token: cancellation)
            : await session.Events.FetchStreamAsync(StreamKeys.Cadre(staffNo), token: cancellation);
        var cadre = CadreRecordFold.Fold(StreamKeys.Cadre(staffNo), events);
        if (cadre is null || cadre.JoinedOn.Year > resolved!.Year)
            return Problem.NotFound(asOf is null ? Msg("NoCadreInYear", staffNo, resolved?.Year) : Msg("NoCadreInYearAsOf", staffNo, resolved?.Year, asOf)).ToResult();

        // A cadre who had left the system by the view date is appraised nowhere, and counts in no unit's quota.
        if (cadre.AwayOn(resolved.ViewDate) is { } left)
            return Problem.NotFound(Msg("LeftNoAppraisal", staffNo, left.LeftOn, left.Kind, resolved.Year)).ToResult();

        var unitCode = cadre.UnitOn(resolved.ViewDate);
        var (unit, unitProblem) = await calculator.EvaluateUnitAsync(session, unitCode, resolved, cancellation);
        if (unitProblem is not null) return unitProblem.ToResult();
        var peers = unit!.Cadres.Where(c => c.CountsIn == unitCode).Select(contributions.Score).ToList();
        if (peers.FirstOrDefault(p => p.Compliance.Cadre.StaffNo == staffNo) is not { } mine)
            return GetCadreComplianceEndpoint.NotTheCadresYear(staffNo, resolved.Year).ToResult();
        var choices = await ExcellentChoices.LoadAsync(session, [unitCode], resolved.Year, asOf, cancellation);
        var (grade, reasons) = CadreAppraisal.Grade(peers, choices.GetValueOrDefault(unitCode))[staffNo];
        return Results.Ok(new CadreAppraisalView(staffNo, resolved.Year, unit.Rulebook.Version, mine.Score, grade, reasons, mine.Parts, unitCode, asOf));
    }

    /// <summary>
    /// The live appraisal: the cadre's own row fresh (read-your-writes, recomputing only this cadre), graded with the unit's
    /// other cadres as the compliance read model holds them (an older year's stale rows recomputed first). Null when writes keep
    /// racing an older year's tally, or the cadre had left by the view date: the caller computes it all.
    /// </summary>
    private static async Task<IResult?> LiveAsync(string staffNo, int year, DateOnly viewDate, IQuerySession session, LiveCompliance live,
        CancellationToken cancellation)
    {
        var (row, missing) = await live.CadreRowAsync(session, null, staffNo, year, viewDate, cancellation);
        if (missing is not null || row is not { Applies: true, View: not null, Appraisal: not null })
            return Problem.NotFound(Msg("NoCadreInYear", staffNo, year)).ToResult();
        var shown = System.Text.Json.Nodes.JsonNode.Parse(row.View)!;
        // A cadre who had left by the view date counts in no unit: the computed path says since when.
        if (shown["unitCode"]?.GetValue<string>() is not { } unitCode) return null;
        var unit = await session.LoadAsync<Organization.Contracts.UnitRecord>(StreamKeys.Unit(unitCode), cancellation);
        if (unit is null) return Problem.NoSuchUnit(unitCode).ToResult();
        if (await live.TallyAsync(session, unit, [unitCode], year, viewDate, cancellation) is not { } counted) return null;
        var mine = live.ReadAppraisal(row.Appraisal);
        await using var connection = await live.Memo.OpenAsync(cancellation);
        var peers = (await live.Memo.PeersAsync(connection, unitCode, year, cancellation))
            .Where(p => p.StaffNo != staffNo)
            .Select(p => new CadreAppraisal.Peer(p.StaffNo, p.Score, [], p.NoGrade ? Text.Verbatim("") : null, p.MayBeExcellent))
            .Append(new CadreAppraisal.Peer(staffNo, mine.Score, mine.Reasons, mine.NoGradeReason, mine.MayBeExcellent))
            .ToList();
        var choices = await ExcellentChoices.LoadAsync(session, [unitCode], year, null, cancellation);
        var (grade, reasons) = CadreAppraisal.Grade(counted.View.Rulebook, peers, choices.GetValueOrDefault(unitCode))[staffNo];
        return Results.Ok(new CadreAppraisalView(staffNo, year, shown["rulebookVersion"]!.GetValue<int>(), mine.Score, grade, reasons, mine.Parts,
            unitCode, null));
    }
}
