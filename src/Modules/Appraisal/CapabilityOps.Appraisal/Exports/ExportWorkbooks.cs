using CapabilityOps.Appraisal.Compliance;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Appraisal.Scoring;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using MiniExcelLibs;
using Wolverine.Http;

namespace CapabilityOps.Appraisal.Exports;

/// <summary>
/// The unit compliance view and the appraisal as .xlsx workbooks with Chinese headers — the form bureau staff
/// pass on. The numbers are those of the JSON routes (the same evaluation), only laid out as sheets; the cells a person
/// reads (ranks, 是/否, notes, reasons, indicator names) are in the request's language, Chinese by default.
/// </summary>
public static class ExportWorkbooks
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>A unit's compliance in a year as an .xlsx workbook (汇总, 规则, 干部, 单位指标).</summary>
    /// <param name="code">The unit's code.</param>
    /// <param name="year">The calendar year; this year when absent.</param>
    /// <param name="rulebook">Recompute under this rulebook version instead of the one that applies to the year.</param>
    [WolverineGet("/api/v1/exports/compliance/units/{code}", OperationId = "ExportUnitCompliance"), Tags("Appraisal"), ReadAccess, ScopedToUnit]
    [Produces(Xlsx)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Compliance(string code, int? year, int? rulebook, IQuerySession session, IYearViews years,
        ComplianceCalculator calculator, CancellationToken cancellation)
    {
        var (resolved, invalid) = await years.ResolveAsync(session, year, rulebook: rulebook, cancellation: cancellation);
        if (invalid is not null) return invalid.ToResult();
        var (unit, problem) = await calculator.EvaluateUnitAsync(session, code, resolved!, cancellation);
        if (problem is not null) return problem.ToResult();
        var u = unit!;
        var rules = u.Cadres.SelectMany(c => c.Checks).Select(c => c.Rule).Distinct().Order(StringComparer.Ordinal).ToList();
        var sheets = new Dictionary<string, object>
        {
            ["汇总"] = new[]
            {
                Row(("单位代码", u.Unit.Code), ("单位名称", u.Unit.Name), ("年度", u.Year.Year), ("统计日期", u.Year.ViewDate.ToString("yyyy-MM-dd")),
                    ("规则版本", u.Rulebook.Version), ("干部人数", u.Cadres.Count), ("达标人数", u.Cadres.Count(c => c.Compliant))),
            },
            ["规则"] = rules.Select(r => Row(("规则", r), ("达标人数", u.Cadres.Count(c => c.Checks.Any(k => k.Rule == r && k.Met))),
                ("适用人数", u.Cadres.Count(c => c.Checks.Any(k => k.Rule == r))))).ToList(),
            ["干部"] = u.Cadres.Select(c => Row([
                ("工号", c.Cadre.StaffNo), ("姓名", c.Cadre.Name), ("所在单位", c.Cadre.UnitOn(u.Year.ViewDate)),
                ("职级", Cell(c.Cadre.RankOn(u.Year.ViewDate))), ("是否达标", YesNo(c.Compliant)),
                .. rules.SelectMany(r => c.Checks.FirstOrDefault(k => k.Rule == r) is { } k
                    ? new (string, object?)[] { ($"{r} 实际", k.Actual), ($"{r} 目标", k.Target), ($"{r} 达标", YesNo(k.Met)) }
                    : [($"{r} 实际", null), ($"{r} 目标", null), ($"{r} 达标", Cell(Msg("NotApplicable")))]),
            ])).ToList(),
            ["单位指标"] = u.UnitChecks.Select(k => Row(("规则", k.Rule), ("目标", k.Target), ("实际", k.Actual), ("达标", YesNo(k.Met)), ("说明", Cell(k.Note)))).ToList(),
        };
        return await Workbook(sheets, $"compliance-{u.Unit.Code}-{u.Year.Year}.xlsx");
    }

    /// <summary>A unit's appraisal in a year as an .xlsx workbook (考核指标, 未计入, 干部等次).</summary>
    /// <param name="code">The unit's code.</param>
    /// <param name="year">The calendar year; this year when absent.</param>
    /// <param name="rulebook">Recompute under this rulebook version instead of the one that applies to the year.</param>
    [WolverineGet("/api/v1/exports/appraisals/units/{code}", OperationId = "ExportUnitAppraisal"), Tags("Appraisal"), ReadAccess, ScopedToUnit]
    [Produces(Xlsx)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Appraisal(string code, int? year, int? rulebook, IQuerySession session, IYearViews years,
        ComplianceCalculator calculator, AppraisalContributions contributions, CancellationToken cancellation)
    {
        var (resolved, invalid) = await years.ResolveAsync(session, year, rulebook: rulebook, cancellation: cancellation);
        if (invalid is not null) return invalid.ToResult();
        var (unit, problem) = await calculator.EvaluateUnitAsync(session, code, resolved!, cancellation);
        if (problem is not null) return problem.ToResult();
        var u = unit!;
        var view = await contributions.ScoreUnitAsync(u, null, session, cancellation);
        // The weights of the indicators measured are scaled to 100 (those left out weigh nothing): 得分 = 折算权重 × 完成率.
        var present = view.Indicators.Sum(i => i.Weight);
        decimal? Scaled(decimal weight) => present == 0 ? null : Math.Round(weight * 100 / present, 2);
        var byUnit = u.Cadres.GroupBy(c => c.Cadre.UnitOn(u.Year.ViewDate)).ToList();
        var choices = await ExcellentChoices.LoadAsync(session, byUnit.Select(g => g.Key).ToList(), u.Year.Year, null, cancellation);
        var cadres = byUnit.SelectMany(group =>
        {
            var scored = group.Select(contributions.Score).ToList();
            var grades = CadreAppraisal.Grade(scored, choices.GetValueOrDefault(group.Key));
            return scored.Select(s => Row(("工号", s.Compliance.Cadre.StaffNo), ("姓名", s.Compliance.Cadre.Name), ("所在单位", group.Key),
                ("得分", s.Score), ("建议等次", Cell(Msg(grades[s.Compliance.Cadre.StaffNo].Grade is { } grade ? $"Grade.{grade}" : "NoGradeGiven"))),
                ("理由", string.Join(Cell(Msg("ReasonSeparator")), grades[s.Compliance.Cadre.StaffNo].Reasons.Select(Cell)))));
        }).ToList();
        var sheets = new Dictionary<string, object>
        {
            ["考核指标"] = view.Indicators.Select(i => Row(("指标", i.Id), ("名称", Cell(i.Name)), ("权重", i.Weight), ("折算权重", Scaled(i.Weight)),
                    ("完成率", i.Value), ("得分", i.Score), ("说明", Cell(i.Detail))))
                .Append(Row(("指标", "BONUS"), ("名称", Cell(Msg("BonusName"))), ("权重", null), ("折算权重", null), ("完成率", null), ("得分", view.Bonus), ("说明", null)))
                .Append(Row(("指标", "TOTAL"), ("名称", Cell(Msg("TotalName", u.Unit.Name, u.Year.Year, view.RulebookVersion))), ("权重", null), ("折算权重", null),
                    ("完成率", null), ("得分", view.Score), ("说明", Cell(Msg(present == 100 ? "ScoreNote" : "ScaledScoreNote", present)))))
                .ToList(),
            ["未计入"] = view.LeftOut.Select(l => Row(("指标", l.Id), ("名称", Cell(l.Name)), ("权重", l.Weight), ("原因", Cell(l.Reason)))).ToList(),
            ["干部等次"] = cadres,
        };
        return await Workbook(sheets, $"appraisal-{u.Unit.Code}-{u.Year.Year}.xlsx");
    }

    /// <summary>A cell a person reads, in the request's language (a message, an enum value); null stays empty.</summary>
    private static string? Cell(object? value) => value is null ? null : Text.Render(value, null, System.Globalization.CultureInfo.CurrentUICulture);

    private static string? YesNo(bool value) => Cell(Msg(value ? "Yes" : "No"));

    private static Dictionary<string, object?> Row(params (string Header, object? Value)[] cells) => cells.ToDictionary(c => c.Header, c => c.Value);

    private static Task<IResult> Workbook(Dictionary<string, object> sheets, string fileName)
    {
        using var buffer = new MemoryStream();
        // MiniExcel's synchronous writer (into memory: nothing to wait for): its asynchronous one puts each sheet's <drawing>
        // inside <sheetData>, which Excel repairs and the Open XML schema refuses (ExportWorkbookTests validates the files).
        buffer.SaveAs(sheets);
        return Task.FromResult(Results.File(buffer.ToArray(), Xlsx, fileName));
    }
}
