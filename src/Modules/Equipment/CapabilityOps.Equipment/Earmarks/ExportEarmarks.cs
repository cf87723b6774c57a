using System.Globalization;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using MiniExcelLibs;
using Wolverine.Http;

namespace CapabilityOps.Equipment.Earmarks;

/// <summary>
/// A year's earmarks and their spending as an .xlsx workbook with Chinese headers (专项经费, 支出明细), the form 规财科 passes
/// on: the figures are those of the JSON routes (the same documents), each sheet closed by a 合计 row.
/// </summary>
public static class ExportEarmarksEndpoint
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>A year's earmarks and their spending as a workbook.</summary>
    /// <remarks>The sheet 专项经费 has one row per earmark (amount, spent, remaining) and 支出明细 one row per spending; each ends with a 合计 row. Category names follow the request's language; the headers are Chinese.</remarks>
    /// <param name="unit">The unit whose subtree is exported; the key's own unit when left out (an administrator's: every unit).</param>
    [WolverineGet("/api/v1/exports/earmarks", OperationId = "ExportEarmarks"), Tags("Equipment"), ReadAccess]
    [NotUnitScoped("the unit in ?unit= (or the key's own) must be within the key's units: the endpoint checks it")]
    [Produces(Xlsx)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(int? year, string? unit, IQuerySession session, IAccessScope scope, IYearViews years,
        CancellationToken cancellation)
    {
        var (y, wrongYear) = years.Year(year);
        if (wrongYear is not null) return wrongYear.ToResult();
        var (earmarks, problem) = await GetEarmarksEndpoint.AllAsync(session, scope, y, unit, cancellation);
        if (problem is not null) return problem.ToResult();
        var codes = earmarks.Select(e => e.UnitCode).Distinct().ToArray();
        var names = (await session.Query<UnitRecord>().Where(u => codes.Contains(u.Code)).ToListAsync(cancellation)).ToDictionary(u => u.Code, u => u.Name);

        var summary = earmarks.Select(e => Row(("单位代码", e.UnitCode), ("单位名称", names.GetValueOrDefault(e.UnitCode)), ("年度", e.Year),
                ("类别", Cell(e.Category)), ("预算金额（元）", e.AmountYuan), ("已支出（元）", e.SpentYuan), ("结余（元）", e.RemainingYuan),
                ("支出笔数", e.Spending.Count), ("执行率", e.AmountYuan == 0 ? 0m : Math.Round(e.SpentYuan / e.AmountYuan, 4)),
                ("专项经费编号", e.EarmarkId.ToString("D"))))
            .Append(Row(("单位代码", "合计"), ("单位名称", null), ("年度", y), ("类别", null), ("预算金额（元）", earmarks.Sum(e => e.AmountYuan)),
                ("已支出（元）", earmarks.Sum(e => e.SpentYuan)), ("结余（元）", earmarks.Sum(e => e.RemainingYuan)),
                ("支出笔数", earmarks.Sum(e => e.Spending.Count)), ("执行率", null), ("专项经费编号", null)))
            .ToList();
        var lines = earmarks.SelectMany(e => e.Spending.OrderBy(s => s.SpentOn).Select(s => Row(("单位代码", e.UnitCode), ("类别", Cell(e.Category)),
                ("支出日期", s.SpentOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("金额（元）", s.AmountYuan), ("用途", s.Purpose),
                ("凭证号", s.Reference), ("专项经费编号", e.EarmarkId.ToString("D")))))
            .Append(Row(("单位代码", "合计"), ("类别", null), ("支出日期", null), ("金额（元）", earmarks.Sum(e => e.SpentYuan)), ("用途", null),
                ("凭证号", null), ("专项经费编号", null)))
            .ToList();

        using var buffer = new MemoryStream();
        // The synchronous writer, into memory: the asynchronous one writes sheets Excel has to repair (see the appraisal exports).
        buffer.SaveAs(new Dictionary<string, object> { ["专项经费"] = summary, ["支出明细"] = lines });
        return Results.File(buffer.ToArray(), Xlsx, $"earmarks-{y}.xlsx");
    }

    private static string? Cell(object? value) => value is null ? null : Text.Render(value, null, CultureInfo.CurrentUICulture);

    private static Dictionary<string, object?> Row(params (string Header, object? Value)[] cells) => cells.ToDictionary(c => c.Header, c => c.Value);
}
