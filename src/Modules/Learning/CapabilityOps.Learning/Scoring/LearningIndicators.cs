using CapabilityOps.Appraisal.Contracts;
using Marten;

namespace CapabilityOps.Learning.Scoring;

/// <summary>
/// Learning's share of the unit appraisal (APPRAISAL.md): the share of the subtree's cadres who met their study hours
/// (LRN-1), and whether the unit held its concentrated training (LRN-3, which the Training module's TRN-5 joins).
/// Both are read from the checks compliance already made, so the appraisal and the compliance views agree.
/// </summary>
public sealed class LearningIndicators : IUnitIndicatorSource
{
    public Task<IEnumerable<IndicatorPart>> MeasureAsync(UnitAppraisalContext context, IQuerySession session, CancellationToken cancellation)
    {
        IndicatorPart?[] parts =
        [
            IndicatorPart.ShareOf(Indicators.StudyHours, context.CadreChecks, "LRN-1"),
            IndicatorPart.ShareOf(Indicators.UnitTraining, context.UnitChecks, "LRN-3"),
        ];
        return Task.FromResult(parts.OfType<IndicatorPart>());
    }
}
