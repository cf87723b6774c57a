using CapabilityOps.Appraisal.Contracts;
using Marten;

namespace CapabilityOps.Learning.Scoring;

/// <summary>
/// Learning's share of the unit appraisal (APPRAISAL.md): the share of the subtree's cadres who met their study hours
/// (LRN-1), and whether the unit held its concentrated training (LRN-3, or the Training module's TRN-5: either counts).
/// Both are read from the checks compliance already made, so the appraisal and the compliance views agree.
/// </summary>
public sealed class LearningIndicators : IUnitIndicatorSource
{
    public Task<IEnumerable<IndicatorPart>> MeasureAsync(UnitAppraisalContext context, IQuerySession session, CancellationToken cancellation)
    {
        IndicatorPart?[] parts =
        [
            IndicatorPart.ShareOf(Indicators.StudyHours, context.CadreChecks, "LRN-1"),
            UnitTrainingHeld(context.UnitChecks),
        ];
        return Task.FromResult(parts.OfType<IndicatorPart>());
    }

    /// <summary>
    /// "LRN-3 / TRN-5 unit training held": held when either check of the unit is met (a concentrated study or a business
    /// training), one part of one, so a unit that held one of the two is not halved; null when neither applies.
    /// </summary>
    public static IndicatorPart? UnitTrainingHeld(IReadOnlyList<RuleCheck> unitChecks)
    {
        var relevant = unitChecks.Where(c => c.Rule is "LRN-3" or "TRN-5").ToList();
        if (relevant.Count == 0) return null;
        var held = relevant.Any(c => c.Met) ? 1 : 0;
        return new IndicatorPart(Indicators.UnitTraining, held, 1, Msg("UnitTrainingHeld", string.Join(" / ", relevant.Select(c => c.Rule)), held));
    }
}
