using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Informatization.Availability;
using CapabilityOps.Informatization.Outages;
using CapabilityOps.Informatization.Stations;
using CapabilityOps.Informatization.Systems;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;

namespace CapabilityOps.Informatization.Scoring;

/// <summary>
/// Informatization's part of the EQP/INF indicator (APPRAISAL.md): the mean availability of the systems and stations of the
/// unit's subtree over the year up to the view date, divided by the rulebook's <c>INF-2.availabilityTarget</c> and capped at 1.
/// The part counts as one (achieved of 1), so the indicator is the mean of the parts that apply, as the Equipment module's
/// parts are. A subtree with no system or station gives no part.
/// </summary>
public sealed class InformatizationIndicators : IUnitIndicatorSource
{
    /// <summary>The availability each system and station should reach, in percent (INF-2).</summary>
    public const string AvailabilityTarget = "INF-2.availabilityTarget";

    public static readonly IReadOnlyDictionary<string, decimal> TargetDefaults = new Dictionary<string, decimal>
    {
        [AvailabilityTarget] = 99m,
    };

    public async Task<IEnumerable<IndicatorPart>> MeasureAsync(UnitAppraisalContext context, IQuerySession session, CancellationToken cancellation)
    {
        var code = context.Unit.Code;
        var units = (await session.Query<UnitRecord>().Where(u => u.Path.Contains(code)).Select(u => u.Code).ToListAsync(cancellation)).ToArray();
        var batch = session.CreateBatchQuery();
        var systems = batch.Query<InformationSystemRecord>().Where(s => units.Contains(s.UnitCode)).ToList();
        var stations = batch.Query<MonitoringStationRecord>().Where(s => units.Contains(s.UnitCode)).ToList();
        await batch.Execute(cancellation);

        var outages = (await systems).Select(s => s.Outages).Concat((await stations).Select(s => s.Outages)).ToList();
        var part = Part(outages, context.View);
        return part is null ? [] : [part];
    }

    /// <summary>The part for these systems' and stations' outages (one list each), or null when there is none.</summary>
    public static IndicatorPart? Part(IReadOnlyList<IReadOnlyList<OutageEntry>> outagesOfEach, YearView view)
    {
        if (outagesOfEach.Count == 0) return null;
        var year = AvailabilityCalculator.Year(view.Year);
        var upTo = ChinaTime.StartOf(view.ViewDate.AddDays(1));
        var period = new Span(year.From, upTo < year.To ? upTo : year.To);
        var shares = outagesOfEach
            .Select(outages => AvailabilityCalculator.Measure(outages.Where(o => view.AsOf is null || o.RecordedAt <= view.AsOf).Select(o => o.Span), period).Share)
            .ToList();
        var mean = shares.Average();
        var target = view.Rulebook.Target(AvailabilityTarget) / 100m;
        var achieved = target <= 0 ? 1m : Math.Min(1m, mean / target);
        return new IndicatorPart(Indicators.EquipmentAndInformatization, Math.Round(achieved, 6), 1,
            Msg("AvailabilityPart", shares.Count, Math.Round(mean * 100m, 3), view.Rulebook.Target(AvailabilityTarget)));
    }
}
