using CapabilityOps.Appraisal.Contracts;
using Marten;

namespace CapabilityOps.ServiceVisits.Scoring;

/// <summary>
/// Service visits in the unit appraisal (APPRAISAL.md): the share of the subtree's leaders and section-level cadres on
/// target, their SVC-1 and SVC-2 checks pooled, as compliance made them.
/// </summary>
public sealed class ServiceIndicators : IUnitIndicatorSource
{
    public Task<IEnumerable<IndicatorPart>> MeasureAsync(UnitAppraisalContext context, IQuerySession session, CancellationToken cancellation) =>
        Task.FromResult<IEnumerable<IndicatorPart>>(
            IndicatorPart.ShareOf(Indicators.ServiceVisits, context.CadreChecks, "SVC-1", "SVC-2") is { } part ? [part] : []);
}
