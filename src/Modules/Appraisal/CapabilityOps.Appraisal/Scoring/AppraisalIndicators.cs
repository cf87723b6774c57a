using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Appraisal.Contracts.Events;
using CapabilityOps.SharedKernel;
using Marten;

namespace CapabilityOps.Appraisal.Scoring;

/// <summary>
/// The Appraisal module's own indicators, measured through the same interface as every other module's: the monthly reports
/// on time (RPT-1, from the unit's RPT-1 check: months on time of months due), and the business targets and daily work the
/// appraisal group scored (the last score of the year replaces earlier ones; as of an instant, the last recorded by then).
/// </summary>
public sealed class AppraisalIndicators : IUnitIndicatorSource
{
    public async Task<IEnumerable<IndicatorPart>> MeasureAsync(UnitAppraisalContext context, IQuerySession session, CancellationToken cancellation)
    {
        var parts = new List<IndicatorPart>();
        if (context.UnitChecks.FirstOrDefault(c => c.Rule == "RPT-1") is { Target: > 0 } reports)
            parts.Add(new IndicatorPart(Indicators.MonthlyReports, reports.Actual, reports.Target, Msg("MonthsOnTime", reports.Actual, reports.Target),
                reports.Evidence));

        var unitEvents = context.View.AsOf is { } instant
            ? await session.Events.FetchStreamAsync(StreamKeys.Unit(context.Unit.Code), timestamp: instant.ToUniversalTime(), token: cancellation)
            : await session.Events.FetchStreamAsync(StreamKeys.Unit(context.Unit.Code), token: cancellation);
        foreach (var indicator in Indicators.Recorded)
        {
            var scored = unitEvents.LastOrDefault(e => e.Data is UnitTargetScored s && s.Year == context.View.Year && s.Indicator == indicator);
            if (scored?.Data is UnitTargetScored score) parts.Add(new IndicatorPart(indicator, score.Score, 100, Text.Verbatim(score.Reason), [scored.Id]));
        }
        return parts;
    }
}
