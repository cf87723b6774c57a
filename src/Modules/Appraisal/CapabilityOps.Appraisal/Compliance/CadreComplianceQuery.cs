using CapabilityOps.Appraisal.Contracts;
using JasperFx.Events;
using Marten;

namespace CapabilityOps.Appraisal.Compliance;

/// <summary>
/// <see cref="ICadreComplianceQuery"/> for other modules: <see cref="IYearViews"/> and <see cref="ComplianceCalculator"/>,
/// exactly as <see cref="GetCadreComplianceEndpoint"/> uses them.
/// </summary>
public sealed class CadreComplianceQuery(ComplianceCalculator calculator, IYearViews years) : ICadreComplianceQuery
{
    public async Task<CadreYearCompliance?> EvaluateAsync(IQuerySession session, string streamKey, IReadOnlyList<IEvent> events, int year,
        DateTimeOffset? asOf, DateOnly? onDate = null, CancellationToken cancellation = default)
    {
        var (view, problem) = await years.ResolveAsync(session, year, asOf, onDate, null, cancellation);
        if (problem is not null) return null;
        var compliance = calculator.Evaluate(streamKey, events, view!);
        if (compliance is null) return null;
        var shown = CadreComplianceView.From(compliance, asOf);
        return new CadreYearCompliance(shown.StaffNo, shown.Year, shown.RulebookVersion, shown.Compliant, shown.ViewDate, compliance.Cadre.UnitOn(shown.ViewDate), shown.Rank,
            compliance.Checks);
    }
}
