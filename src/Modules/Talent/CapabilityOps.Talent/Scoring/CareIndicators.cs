using CapabilityOps.Appraisal.Contracts;
using Marten;

namespace CapabilityOps.Talent.Scoring;

/// <summary>
/// The care indicator of the unit appraisal (APPRAISAL.md: CARE-1 + CARE-3 coverage): the share of the subtree's talk and
/// health-check checks that are met, read from the checks compliance already made.
/// </summary>
public sealed class CareIndicators : IUnitIndicatorSource
{
    public Task<IEnumerable<IndicatorPart>> MeasureAsync(UnitAppraisalContext context, IQuerySession session, CancellationToken cancellation) =>
        Task.FromResult(IndicatorPart.ShareOf(Indicators.Care, context.CadreChecks, "CARE-1", "CARE-3") is { } part ? [part] : Enumerable.Empty<IndicatorPart>());
}
