using System.Globalization;
using System.Text.Json;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Audit.Chain;
using CapabilityOps.Audit.Changes;
using CapabilityOps.Audit.Contracts;
using CapabilityOps.Audit.Facts;
using CapabilityOps.SharedKernel;
using Marten;
using Marten.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using MiniExcelLibs;
using Wolverine.Http;

namespace CapabilityOps.Audit.Dossier;

/// <summary>The file an auditor keeps about one cadre: the record, every fact with its chain hash, and every year's compliance.</summary>
/// <param name="GeneratedAt">When the dossier was made.</param>
/// <param name="GeneratedBy">The API key that asked for it.</param>
/// <param name="AsOf">The instant it is as of (null: everything recorded when it was made).</param>
/// <param name="Record">The record as known then, with its dated history.</param>
/// <param name="History">Every fact, oldest first (a confidential fact only as existing).</param>
/// <param name="Compliance">Each year's compliance from the programme's start (or the year the cadre joined), as the compliance route answered.</param>
/// <param name="Chain">The tamper-evidence chain's tip when the dossier was made and the chain hash of each fact: keep them, and
/// pass the tip to <c>GET /api/v1/audit/verify</c> as an anchor later.</param>
public sealed record CadreDossier(string StaffNo, DateTimeOffset GeneratedAt, string? GeneratedBy, DateTimeOffset? AsOf, RecordSnapshot Record,
    IReadOnlyList<HistoryEntry> History, IReadOnlyList<YearComplianceView> Compliance, DossierChain Chain);

/// <summary>The chain's tip when the dossier was made, and the link (sequence, hash) of each of the cadre's facts chained by then.</summary>
public sealed record DossierChain(ChainPosition? Tip, IReadOnlyList<ChainPosition> Facts);

public static class ExportCadreDossierEndpoint
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>One cadre's dossier as JSON: record, full history with chain hashes, yearly compliance.</summary>
    /// <remarks>The same dossier as a workbook is at `/api/v1/cadres/{staffNo}/dossier.xlsx`. The history is complete (not paged).</remarks>
    /// <param name="staffNo">The staff number.</param>
    /// <param name="asOf">The dossier as it was known at this instant; now when absent.</param>
    [WolverineGet("/api/v1/cadres/{staffNo}/dossier", OperationId = "GetCadreDossier"), Tags("Audit"), ReadAccess, ScopedToCadre]
    [ProducesResponseType<CadreDossier>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Json(string staffNo, DateTimeOffset? asOf, IQuerySession session, ICadreComplianceQuery compliance,
        TimeProvider clock, HttpContext context, CancellationToken cancellation)
    {
        var (dossier, problem) = await BuildAsync(staffNo, asOf, session, compliance, clock, context, cancellation);
        return problem?.ToResult() ?? Results.Ok(dossier);
    }

    /// <summary>One cadre's dossier as an .xlsx workbook (档案, 任职经历, 履历, 年度合规).</summary>
    /// <remarks>The same content as `/api/v1/cadres/{staffNo}/dossier`, laid out for filing; times are China Standard Time.</remarks>
    /// <param name="staffNo">The staff number.</param>
    /// <param name="asOf">The dossier as it was known at this instant; now when absent.</param>
    [WolverineGet("/api/v1/cadres/{staffNo}/dossier.xlsx", OperationId = "ExportCadreDossier"), Tags("Audit"), ReadAccess, ScopedToCadre]
    [Produces(Xlsx)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Workbook(string staffNo, DateTimeOffset? asOf, IQuerySession session, ICadreComplianceQuery compliance,
        TimeProvider clock, HttpContext context, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        CancellationToken cancellation)
    {
        var (dossier, problem) = await BuildAsync(staffNo, asOf, session, compliance, clock, context, cancellation);
        if (problem is not null) return problem.ToResult();
        using var buffer = new MemoryStream();
        // The synchronous writer, into memory: MiniExcel's asynchronous one writes a <drawing> inside <sheetData>, invalid Open XML.
        buffer.SaveAs(Sheets(dossier!, json.Value.SerializerOptions));
        return Results.File(buffer.ToArray(), Xlsx, $"dossier-{dossier!.StaffNo}-{ChinaTime.DateOf(dossier.AsOf ?? dossier.GeneratedAt):yyyyMMdd}.xlsx");
    }

    public static async Task<(CadreDossier? Dossier, Problem? Problem)> BuildAsync(string staffNo, DateTimeOffset? asOf, IQuerySession session,
        ICadreComplianceQuery compliance, TimeProvider clock, HttpContext context, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var replay = await CadreReplay.LoadAsync(session, compliance, staffNo, cancellation);
        var record = replay?.Record(asOf);
        if (replay is null || record is null)
            return (null, asOf is null ? Problem.NoSuchCadre(staffNo) : Problem.NotFound(Msg("NotRegisteredAt", staffNo, asOf)));

        var facts = replay.UpTo(asOf);
        var years = new List<YearComplianceView>();
        foreach (var year in replay.Years(asOf ?? now))
            if (await replay.ComplianceAsync(year, asOf, cancellation) is { } view) years.Add(view);

        var chain = new ChainStore(session.DocumentStore.Options);
        await session.Database.EnsureStorageExistsAsync(typeof(StorageFeatures), cancellation);
        await using var connection = session.Database.CreateConnection(ConnectionUsage.Read);
        await connection.OpenAsync(cancellation);
        var tip = await chain.TipAsync(connection, cancellation);
        var hashes = await chain.HashesAsync(connection, facts.Select(e => e.Sequence).ToArray(), cancellation);

        return (new CadreDossier(replay.StaffNo, now, context.User.Identity?.Name, asOf, record,
            facts.SelectMany(EventFacts.Entries).ToList(), years,
            new DossierChain(tip is null ? null : new ChainPosition(tip.Sequence, ChainHash.Hex(tip.Hash)),
                facts.Where(e => hashes.ContainsKey(e.Sequence)).Select(e => new ChainPosition(e.Sequence, ChainHash.Hex(hashes[e.Sequence]))).ToList())), null);
    }

    /// <summary>The workbook's sheets: Chinese names and headers, one row per fact, per dated value and per rule and year.</summary>
    public static Dictionary<string, object> Sheets(CadreDossier d, JsonSerializerOptions json)
    {
        var r = d.Record;
        var hashes = d.Chain.Facts.ToDictionary(f => f.Sequence, f => f.Hash);
        return new Dictionary<string, object>
        {
            ["档案"] = new[]
            {
                Row(("工号", r.StaffNo), ("姓名", r.Name), ("所在单位", r.UnitCode), ("职级", r.Rank.ToString()), ("学历", r.Education.ToString()),
                    ("岗位类别", r.PostCategory.ToString()), ("党员", r.PartyMember ? "是" : "否"), ("出生日期", Day(r.BirthDate)), ("入职日期", Day(r.JoinedOn)),
                    ("事实数", r.Version), ("数据截至", Instant(d.AsOf ?? d.GeneratedAt)), ("导出时间", Instant(d.GeneratedAt)), ("导出人", d.GeneratedBy),
                    ("链尖序号", d.Chain.Tip?.Sequence), ("链尖哈希", d.Chain.Tip?.Hash)),
            },
            ["任职经历"] = r.Units.Select(u => ("单位", u)).Concat(r.Ranks.Select(k => ("职级", k))).Concat(r.Educations.Select(e => ("学历", e)))
                .Select(x => Row(("类别", x.Item1), ("值", x.Item2.Value), ("起始日期", Day(x.Item2.From)))).ToList(),
            ["履历"] = d.History.Select(h => Row(("版本", h.Version), ("全局序号", h.Sequence), ("事实类型", h.Type), ("所属模块", h.Module),
                ("业务日期", h.BusinessDate is { } day ? Day(day) : null), ("记录时间", Instant(h.RecordedAt)), ("记录人", h.RecordedBy),
                ("来源系统", h.Source), ("关联编号", h.CorrelationId), ("保密", h.Confidential ? "是" : "否"),
                ("内容", JsonSerializer.Serialize(h.Data, h.Data.GetType(), json)), ("链哈希", hashes.GetValueOrDefault(h.Sequence)))).ToList(),
            // A year in which no rule applied to the cadre still has its row, so every year of the file is accounted for.
            ["年度合规"] = d.Compliance.SelectMany(y => (y.Checks.Count > 0 ? y.Checks : [new YearCheck("（无适用规则）", 0, 0, true, null)])
                .Select(k => Row(("年度", y.Year), ("规则版本", y.RulebookVersion), ("统计日期", Day(y.ViewDate)), ("所在单位", y.UnitCode), ("职级", y.Rank),
                    ("年度达标", y.Compliant ? "是" : "否"), ("规则", k.Rule), ("目标", y.Checks.Count > 0 ? k.Target : null),
                    ("实际", y.Checks.Count > 0 ? k.Actual : null), ("达标", y.Checks.Count > 0 ? (k.Met ? "是" : "否") : null), ("说明", k.Note)))).ToList(),
        };
    }

    private static Dictionary<string, object?> Row(params (string Header, object? Value)[] cells) => cells.ToDictionary(c => c.Header, c => c.Value);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Instant(DateTimeOffset t) => ChinaTime.ToChina(t).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
}
