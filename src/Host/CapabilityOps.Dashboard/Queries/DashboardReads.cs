using System.Text.Json.Nodes;
using CapabilityOps.Appraisal.Compliance;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Appraisal.Reports;
using CapabilityOps.Appraisal.Scoring;
using CapabilityOps.Equipment.Register;
using CapabilityOps.Equipment.Reserve;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Caching.Memory;

namespace CapabilityOps.Dashboard.Queries;

/// <summary>A page's answer: its value, or the problem the API would have answered (403 out of the key's reach, 404, 400).</summary>
public sealed record Read<T>(T? Value, int Status, string? Problem)
{
    public bool Ok => Problem is null;
}

/// <summary>A unit with its place in the tree.</summary>
public sealed record UnitEntry(string Code, string Name, UnitKind Kind, IReadOnlyList<string> Path);

/// <summary>One unit's figures on the overview: its compliance view and appraisal, exactly as the API answers them.</summary>
public sealed record UnitFigures(UnitEntry Unit, UnitComplianceView Compliance, UnitAppraisalView? Appraisal);

/// <summary>A cadre who misses at least one rule, with the rules missed.</summary>
public sealed record MissingCadre(string StaffNo, string Name, string? UnitCode, IReadOnlyList<string> Missed);

/// <summary>One check of a cadre's compliance as the page shows it, with the recorded facts behind it.</summary>
public sealed record CadreCheck(string Rule, decimal Target, decimal Actual, bool Met, string? Note, IReadOnlyList<EvidenceView> Evidence);

/// <summary>A cadre's compliance for a year, explained.</summary>
public sealed record CadreExplained(string StaffNo, string Name, string? UnitCode, string Rank, int Year, DateOnly ViewDate, bool Compliant,
    IReadOnlyList<CadreCheck> Checks);

/// <summary>
/// Everything the dashboard shows, read by calling the modules' own query code — the API's endpoint methods and the compliance
/// read model (<see cref="LiveCompliance"/>) — with the signed-in key's <see cref="IAccessScope"/>: a page shows exactly what the
/// key reads from the API, and never a copy of a query that could drift from it. Routes the API checks for scope before the
/// endpoint runs (<c>[ScopedToUnit]</c>) are checked here the same way, before the call.
/// </summary>
public sealed class DashboardReads(IQuerySession session, IAccessScope scope, YearViews years, ComplianceCalculator calculator, LiveCompliance live,
    AppraisalContributions contributions, IRulebooks rulebooks, ComplianceTrend trend, IMemoryCache cache, TimeProvider clock)
{
    public IAccessScope Scope => scope;

    public DateOnly Today => ChinaTime.Today(clock);

    /// <summary>The years a page may show: the programme's first through this one.</summary>
    public IReadOnlyList<int> Years => Enumerable.Range(RulebookDefaults.ProgrammeStartYear, Today.Year - RulebookDefaults.ProgrammeStartYear + 1).Reverse().ToList();

    /// <summary>The units a signed-in person starts from: the key's own unit, or for an administrator the roots of the tree.</summary>
    public async Task<IReadOnlyList<UnitEntry>> StartingUnitsAsync(CancellationToken cancellation)
    {
        if (scope.UnitCode is { } own)
            return await session.LoadAsync<UnitRecord>(StreamKeys.Unit(own), cancellation) is { } unit ? [Entry(unit)] : [];
        if (!scope.IsAdmin) return [];
        var roots = await session.Query<UnitRecord>().Where(u => u.ParentCode == null).ToListAsync(cancellation);
        return roots.OrderBy(u => u.Code, StringComparer.Ordinal).Select(Entry).ToList();
    }

    /// <summary>The unit, its children and its ancestors within the key's reach (for the breadcrumb), or 403/404.</summary>
    public async Task<Read<(UnitEntry Unit, IReadOnlyList<UnitEntry> Children, IReadOnlyList<UnitEntry> Trail)>> UnitAsync(string code,
        CancellationToken cancellation)
    {
        if (!await scope.CoversUnitAsync(code, cancellation)) return Refused<(UnitEntry, IReadOnlyList<UnitEntry>, IReadOnlyList<UnitEntry>)>(Problem.OutOfScope);
        var unit = await session.LoadAsync<UnitRecord>(StreamKeys.Unit(code), cancellation);
        if (unit is null) return Refused<(UnitEntry, IReadOnlyList<UnitEntry>, IReadOnlyList<UnitEntry>)>(Problem.NoSuchUnit(code));
        var children = await session.Query<UnitRecord>().Where(u => u.ParentCode == code).ToListAsync(cancellation);
        var above = unit.Path.Where(c => c != code).ToArray();
        var ancestors = above.Length == 0 ? [] : await session.LoadManyAsync<UnitRecord>(cancellation, above.Select(StreamKeys.Unit).ToArray());
        var trail = new List<UnitEntry>();
        foreach (var ancestor in unit.Path.Where(c => c != code).Select(c => ancestors.FirstOrDefault(a => a.Code == c)).OfType<UnitRecord>())
            if (await scope.CoversUnitAsync(ancestor.Code, cancellation)) trail.Add(Entry(ancestor));
        return new((Entry(unit), children.OrderBy(c => c.Kind).ThenBy(c => c.Code, StringComparer.Ordinal).Select(Entry).ToList(), trail), 200, null);
    }

    /// <summary>A unit's compliance and appraisal for a year: the API's <c>GET /compliance/units/{code}</c> and <c>GET /appraisals/units/{code}</c>.</summary>
    public async Task<Read<UnitFigures>> FiguresAsync(UnitEntry unit, int? year, bool withAppraisal, CancellationToken cancellation)
    {
        if (!await scope.CoversUnitAsync(unit.Code, cancellation)) return Refused<UnitFigures>(Problem.OutOfScope);
        var compliance = Answer<UnitComplianceView>(await GetUnitComplianceEndpoint.Get(unit.Code, year, null, null, session, years, calculator, live, cancellation));
        if (!compliance.Ok) return new(null, compliance.Status, compliance.Problem);
        UnitAppraisalView? appraisal = null;
        if (withAppraisal)
        {
            var scored = Answer<UnitAppraisalView>(await GetUnitAppraisalEndpoint.Get(unit.Code, year, null, null, session, years, calculator, contributions,
                live, cancellation));
            if (!scored.Ok) return new(null, scored.Status, scored.Problem);
            appraisal = scored.Value;
        }
        return new(new UnitFigures(unit, compliance.Value!, appraisal), 200, null);
    }

    /// <summary>
    /// A page of the unit's non-compliant cadres (the compliance view's list) with the rules each misses, read from the same
    /// read model rows as the cadre's own compliance view.
    /// </summary>
    public async Task<IReadOnlyList<MissingCadre>> MissingAsync(UnitComplianceView compliance, int skip, int take, CancellationToken cancellation)
    {
        var page = compliance.NonCompliant.Skip(skip).Take(take).ToList();
        if (page.Count == 0) return [];
        var records = (await session.LoadManyAsync<CadreRecord>(cancellation, page.Select(StreamKeys.Cadre).ToArray())).ToDictionary(c => c.StaffNo);
        var result = new List<MissingCadre>();
        foreach (var staffNo in page)
        {
            var (row, _) = await live.CadreRowAsync(session, scope, staffNo, compliance.Year, compliance.ViewDate, cancellation);
            var missed = row?.View is { } json
                ? (JsonNode.Parse(json)?["checks"]?.AsArray() ?? []).Where(c => c?["met"]?.GetValue<bool>() == false)
                    .Select(c => c!["rule"]!.GetValue<string>()).ToList()
                : [];
            var record = records.GetValueOrDefault(staffNo);
            result.Add(new MissingCadre(staffNo, record?.Name ?? staffNo, record?.UnitCode, missed));
        }
        return result;
    }

    /// <summary>A cadre's compliance (the API's <c>GET /compliance/cadres/{staffNo}</c>) with each check's facts (<c>…/explain?rule=</c>).</summary>
    public async Task<Read<CadreExplained>> CadreAsync(string staffNo, int? year, CancellationToken cancellation)
    {
        // Each check from the explanation's computation (not the memo's JSON), so that its note is a text in the reader's language.
        if (!await scope.CoversCadreAsync(staffNo, cancellation)) return Refused<CadreExplained>(Problem.OutOfScope);
        var record = await session.LoadAsync<CadreRecord>(StreamKeys.Cadre(staffNo), cancellation);
        if (record is null) return Refused<CadreExplained>(Problem.NoSuchCadre(staffNo));
        var (resolved, invalid) = await years.ResolveAsync(session, year, cancellation: cancellation);
        if (invalid is not null) return Refused<CadreExplained>(invalid);
        var checks = new List<CadreCheck>();
        var rules = await RulesOfAsync(staffNo, resolved!, cancellation);
        if (rules is null) return Refused<CadreExplained>(GetCadreComplianceEndpoint.NotTheCadresYear(staffNo, resolved!.Year));
        foreach (var rule in rules)
        {
            var explained = Answer<CheckExplanation>(await GetCadreComplianceEndpoint.Explain(staffNo, resolved!.Year, rule, null, null, session, years, calculator,
                cancellation));
            if (!explained.Ok) return new(null, explained.Status, explained.Problem);
            var check = explained.Value!.Check;
            checks.Add(new CadreCheck(check.Rule, check.Target, check.Actual, check.Met, check.Note?.ToString(), explained.Value.Events));
        }
        return new(new CadreExplained(staffNo, record.Name, record.IsMemberOn(resolved!.ViewDate) ? record.UnitOn(resolved.ViewDate) : null,
            Text.Render(record.RankOn(resolved.ViewDate), null, System.Globalization.CultureInfo.CurrentUICulture), resolved.Year, resolved.ViewDate,
            checks.All(c => c.Met), checks), 200, null);
    }

    /// <summary>The rules that apply to the cadre in the year, as the cadre's compliance view lists them; null when the year is not the cadre's.</summary>
    private async Task<IReadOnlyList<string>?> RulesOfAsync(string staffNo, YearView view, CancellationToken cancellation)
    {
        var answer = await GetCadreComplianceEndpoint.Get(staffNo, view.Year, null, null, null, session, years, calculator, live, scope, cancellation);
        return answer switch
        {
            IValueHttpResult { Value: CadreComplianceView v } => v.Checks.Select(c => c.Rule).ToList(),
            ContentHttpResult { StatusCode: null or 200, ResponseContent: { } json } =>
                (JsonNode.Parse(json)?["checks"]?.AsArray() ?? []).Select(c => c!["rule"]!.GetValue<string>()).ToList(),
            _ => null,
        };
    }

    /// <summary>
    /// The unit's compliance on each closed month's end of the year (<see cref="ComplianceTrend"/>, as the background last computed
    /// it), and in the current year today's from the read model's tally. Months the background has never computed (a year it does
    /// not keep, a month just closed) are computed here, all from one reading of the subtree's streams
    /// (<see cref="ComplianceCalculator.EvaluateSubtreeAsync"/>, the computation of <c>?onDate=</c>), and kept for a few minutes.
    /// </summary>
    public async Task<Read<IReadOnlyList<TrendPoint>>> TrendAsync(string code, int? year, CancellationToken cancellation)
    {
        if (!await scope.CoversUnitAsync(code, cancellation)) return Refused<IReadOnlyList<TrendPoint>>(Problem.OutOfScope);
        var (dates, invalid) = years.Dates(year, null, null);
        if (invalid is not null) return Refused<IReadOnlyList<TrendPoint>>(invalid);
        var (wanted, viewDate) = dates!.Value;
        var (unit, subtree) = await GetUnitComplianceEndpoint.SubtreeAsync(session, code, cancellation);
        if (unit is null) return Refused<IReadOnlyList<TrendPoint>>(Problem.NoSuchUnit(code));

        var closed = ComplianceTrend.ClosedMonthEnds(wanted, Today);
        IReadOnlyDictionary<int, TrendPoint> stored;
        await using (var connection = await live.Memo.OpenAsync(cancellation))
            stored = await trend.ReadAsync(connection, code, wanted, cancellation);
        var missing = closed.Where(d => !stored.ContainsKey(d.Month)).ToList();
        var computed = missing.Count == 0 ? new Dictionary<int, TrendPoint>() : await ComputedPointsAsync(code, wanted, missing, cancellation);
        if (computed is null) return Refused<IReadOnlyList<TrendPoint>>(Problem.NoSuchUnit(code));
        var points = closed.Select(d => stored.GetValueOrDefault(d.Month) ?? computed[d.Month]).ToList();
        if (wanted == Today.Year && await live.TallyAsync(session, unit, subtree, wanted, viewDate, cancellation) is { } now)
            points.Add(TrendPoint.On(viewDate, now.Tally.CadreCount, now.Tally.CadreCount - now.Tally.NonCompliant.Length));
        return new(points, 200, null);
    }

    private async Task<Dictionary<int, TrendPoint>?> ComputedPointsAsync(string code, int year, IReadOnlyList<DateOnly> days, CancellationToken cancellation)
    {
        var key = $"dashboard:trend:{code}:{year}:{string.Join(',', days.Select(d => d.Month))}";
        if (cache.TryGetValue(key, out Dictionary<int, TrendPoint>? known) && known is not null) return known;
        var rulebook = await rulebooks.ForYearAsync(session, year, null, cancellation);
        var (result, problem) = await calculator.EvaluateSubtreeAsync(session, code, days.Select(d => new YearView(year, d, null, d, rulebook)).ToList(), cancellation);
        if (problem is not null) return null;
        var points = days.Select((d, i) => TrendPoint.On(d, result!.Value.Cadres[i].Count, result.Value.Cadres[i].Count(c => c.Compliant)))
            .ToDictionary(p => p.OnDate.Month);
        cache.Set(key, points, TimeSpan.FromMinutes(10));
        return points;
    }

    /// <summary>The subtree's late and missing monthly reports of the year (the API's <c>GET /monthly-reports?month=</c>, month by month).</summary>
    public async Task<Read<IReadOnlyList<MonthlyReportStatus>>> ReportsAsync(string code, int year, CancellationToken cancellation)
    {
        var today = Today;
        var last = year < today.Year ? 12 : today.Month;
        var all = new List<MonthlyReportStatus>();
        for (var month = 1; month <= last; month++)
        {
            var answer = Answer<List<MonthlyReportStatus>>(await MonthlyReportEndpoints.List($"{year:D4}-{month:D2}", code, null, session, scope, rulebooks, clock));
            if (!answer.Ok) return new(null, answer.Status, answer.Problem);
            all.AddRange(answer.Value!.Where(s => s.Status is "Late" or "Missing"));
        }
        return new(all.OrderByDescending(s => s.Month, StringComparer.Ordinal).ThenBy(s => s.UnitCode, StringComparer.Ordinal).ToList(), 200, null);
    }

    /// <summary>The subtree's ageing equipment, equipment with maintenance due within 30 days, low and expiring reserve stock (the API's lists, first pages).</summary>
    public async Task<Read<(IReadOnlyList<EquipmentView> Ageing, IReadOnlyList<EquipmentView> MaintenanceDue, IReadOnlyList<ReserveItemView> Low,
        IReadOnlyList<ReserveItemView> Expiring)>> EquipmentAsync(string code, int limit, CancellationToken cancellation)
    {
        // The lists write a Link header for their next page; the page shows the first, so that header goes to a context of its own.
        var ageing = Answer<List<EquipmentView>>(await ListEquipmentEndpoint.Get(code, true, null, null, limit, session, scope, clock, new DefaultHttpContext(), cancellation));
        if (!ageing.Ok) return new(default, ageing.Status, ageing.Problem);
        var due = Answer<List<EquipmentView>>(await ListEquipmentEndpoint.Get(code, null, Today.AddDays(30), null, limit, session, scope, clock,
            new DefaultHttpContext(), cancellation));
        var low = Answer<List<ReserveItemView>>(await GetReserveItemsEndpoint.List(code, true, null, null, limit, session, scope, clock, new DefaultHttpContext(), cancellation));
        var expiring = Answer<List<ReserveItemView>>(await GetReserveItemsEndpoint.List(code, null, true, null, limit, session, scope, clock,
            new DefaultHttpContext(), cancellation));
        return new((ageing.Value!, due.Value ?? [], low.Value ?? [], expiring.Value ?? []), 200, null);
    }

    private static UnitEntry Entry(UnitRecord u) => new(u.Code, u.Name, u.Kind, u.Path);

    private static Read<T> Refused<T>(Problem problem) => new(default, problem.Status, problem.Detail.ToString());

    /// <summary>An endpoint's answer as a value, or its problem's status and detail.</summary>
    private static Read<T> Answer<T>(IResult result) => result switch
    {
        IValueHttpResult { Value: T value } => new(value, 200, null),
        ProblemHttpResult problem => new(default, problem.StatusCode, problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title),
        IStatusCodeHttpResult status => new(default, status.StatusCode ?? 500, Msg("UnexpectedAnswer").ToString()),
        _ => new(default, 500, Msg("UnexpectedAnswer").ToString()),
    };
}
