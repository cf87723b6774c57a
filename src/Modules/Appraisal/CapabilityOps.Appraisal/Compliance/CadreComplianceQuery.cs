using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Appraisal.Rulebooks;
using JasperFx.Events;
using Marten;

namespace CapabilityOps.Appraisal.Compliance;

/// <summary>
/// <see cref="ICadreComplianceQuery"/> for other modules: <see cref="ComplianceYear"/>, the rulebook history and
/// <see cref="ComplianceCalculator"/>, exactly as <see cref="GetCadreComplianceEndpoint"/> uses them.
/// </summary>
public sealed class CadreComplianceQuery(ComplianceCalculator calculator, TimeProvider clock) : ICadreComplianceQuery
{
    public async Task<CadreYearCompliance?> EvaluateAsync(IQuerySession session, string streamKey, IReadOnlyList<IEvent> events, int year,
        DateTimeOffset? asOf, DateOnly? onDate = null, CancellationToken cancellation = default)
    {
        var (resolved, problem) = ComplianceYear.Resolve(year, asOf, clock);
        if (problem is not null) return null;
        if (onDate is { } day)
        {
            if (day.Year != year || day > resolved!.ViewDate) return null;
            resolved = resolved with { ViewDate = day };
        }
        var rules = (await RulebookHistory.LoadAsync(session, cancellation)).ForYear(resolved!.Year, asOf);
        var compliance = calculator.Evaluate(streamKey, events, resolved, rules);
        if (compliance is null) return null;
        var view = CadreComplianceView.From(compliance, asOf);
        return new CadreYearCompliance(view.StaffNo, view.Year, view.RulebookVersion, view.Compliant, view.ViewDate, view.UnitCode, view.Rank,
            compliance.Checks);
    }
}
