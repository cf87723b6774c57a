using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Discipline.Contracts.Events;
using CapabilityOps.Discipline.Records;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;

namespace CapabilityOps.Discipline.Scoring;

/// <summary>
/// The unit appraisal's DSC indicator (APPRAISAL.md): half for at least one warning-education session held in the unit's
/// subtree in the year, half for no sanction imposed on its cadres in the year. A unit with fewer cadres than the rulebook's
/// <c>DSC.smallUnitCadres</c> (default 5) is measured on the first half alone, scaled, so that its score cannot single out a
/// person's sanction — and for such a unit a sanction does not even make the indicator appear. Left out (no part) while the
/// subtree has no discipline facts in the year. One round trip for the year's sessions of the subtree and the year's sanction
/// marks (a handful bureau-wide); only when there are marks, one more for their cadres' records and units, to place each
/// sanction in the unit the cadre was in on the day.
/// </summary>
public sealed class DisciplineIndicators : IUnitIndicatorSource
{
    public static readonly IReadOnlyDictionary<string, decimal> TargetDefaults = new Dictionary<string, decimal>
    {
        ["DSC.smallUnitCadres"] = 5,
    };

    public async Task<IEnumerable<IndicatorPart>> MeasureAsync(UnitAppraisalContext context, IQuerySession session, CancellationToken cancellation)
    {
        var code = context.Unit.Code;
        var (from, to) = (new DateOnly(context.View.Year, 1, 1), Min(context.View.ViewDate, new DateOnly(context.View.Year, 12, 31)));
        var batch = session.CreateBatchQuery();
        var sessions = batch.Query<DisciplineSessionRecord>().Where(s => s.UnitPath.Contains(code) && s.HeldOn >= from && s.HeldOn <= to).ToList();
        var marks = batch.Query<SanctionMark>().Where(m => m.ImposedOn >= from && m.ImposedOn <= to).ToList();
        await batch.Execute(cancellation);
        var sanctions = await CountInSubtreeAsync(session, await marks, code, cancellation);
        // The cadres compliance counts in the subtree on the view date: every counted cadre has at least the rule with the largest tally.
        var cadres = context.CadreChecks.Count == 0 ? 0 : context.CadreChecks.Max(t => t.Total);
        return Measure(await sessions, sanctions, cadres, context.View.Rulebook.Whole("DSC.smallUnitCadres"));
    }

    /// <summary>The marks whose cadre was, on the day imposed, in a unit of <paramref name="code"/>'s subtree.</summary>
    private static async Task<long> CountInSubtreeAsync(IQuerySession session, IReadOnlyList<SanctionMark> marks, string code, CancellationToken cancellation)
    {
        if (marks.Count == 0) return 0;
        var cadres = (await session.LoadManyAsync<CadreRecord>(cancellation, marks.Select(m => StreamKeys.Cadre(m.StaffNo)).Distinct().ToArray()))
            .ToDictionary(c => c.StaffNo, StringComparer.Ordinal);
        var unitOf = marks.Where(m => cadres.ContainsKey(m.StaffNo)).Select(m => cadres[m.StaffNo].UnitOn(m.ImposedOn)).ToList();
        var units = (await session.LoadManyAsync<UnitRecord>(cancellation, unitOf.Distinct().Select(StreamKeys.Unit).ToArray()))
            .ToDictionary(u => u.Code, StringComparer.Ordinal);
        return unitOf.Count(u => units.TryGetValue(u, out var unit) && unit.Path.Contains(code));
    }

    /// <summary>The indicator's part from the year's sessions, the number of sanctions and the number of cadres; pure.</summary>
    public static IEnumerable<IndicatorPart> Measure(IReadOnlyList<DisciplineSessionRecord> sessions, long sanctions, int cadres, int smallUnit)
    {
        var warnings = sessions.Where(s => s.Kind == DisciplineSessionKind.WarningEducation).Select(s => s.SessionId).ToList();
        var held = warnings.Count > 0 ? 1m : 0m;
        if (cadres < smallUnit)
        {
            if (sessions.Count == 0) return [];
            return [new IndicatorPart(Indicators.Discipline, held, 1, Msg("DscSmallUnit", warnings.Count, smallUnit), warnings)];
        }
        if (sessions.Count == 0 && sanctions == 0) return [];
        var clean = sanctions == 0;
        return [new IndicatorPart(Indicators.Discipline, held / 2 + (clean ? 0.5m : 0m), 1,
            Msg(clean ? "DscClean" : "DscNotClean", warnings.Count), warnings)];
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
