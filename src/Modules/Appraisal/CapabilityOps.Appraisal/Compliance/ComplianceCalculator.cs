using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using JasperFx.Events;

namespace CapabilityOps.Appraisal.Compliance;

/// <summary>The year a view is about and the day it is as of: 31 December for a past year, today for this one.</summary>
public sealed record ComplianceYear(int Year, DateOnly ViewDate)
{
    /// <summary>Resolves <c>?year=</c> against today (or the <c>?asOf=</c> instant's day); a future year is refused.</summary>
    public static (ComplianceYear? Year, Problem? Problem) Resolve(int? year, DateTimeOffset? asOf, TimeProvider clock)
    {
        var today = asOf is { } instant ? ChinaTime.DateOf(instant) : ChinaTime.Today(clock);
        var wanted = year ?? today.Year;
        if (wanted < RulebookDefaults.ProgrammeStartYear || wanted > today.Year)
            return (null, Problem.Invalid("year", $"'year' must be from {RulebookDefaults.ProgrammeStartYear} to {today.Year}."));
        return (new ComplianceYear(wanted, wanted < today.Year ? new DateOnly(wanted, 12, 31) : today), null);
    }
}

/// <summary>A cadre's compliance in a year: the record it was judged on and every applicable check.</summary>
public sealed record CadreCompliance(CadreRecord Cadre, ComplianceYear Year, RulebookVersion Rulebook, IReadOnlyList<RuleCheck> Checks, IReadOnlyList<IEvent> Events)
{
    public bool Compliant => Checks.All(c => c.Met);
}

/// <summary>
/// Evaluates every module's cadre rules over a cadre's events. The same computation serves the live view
/// (all events), <c>?asOf=</c> (events recorded up to an instant) and <c>?rulebook=</c> (another version).
/// </summary>
public sealed class ComplianceCalculator(IEnumerable<ICadreRuleSet> cadreRules)
{
    private readonly IReadOnlyList<ICadreRuleSet> _cadreRules = cadreRules.ToList();

    /// <summary>Null when the events hold no cadre, or the cadre had not joined by the end of the year.</summary>
    public CadreCompliance? Evaluate(string streamKey, IReadOnlyList<IEvent> events, ComplianceYear year, RulebookVersion rulebook)
    {
        var cadre = CadreRecordFold.Fold(streamKey, events);
        if (cadre is null || cadre.JoinedOn.Year > year.Year) return null;
        var context = new CadreRuleContext(cadre, year.Year, year.ViewDate, rulebook);
        var checks = _cadreRules.SelectMany(r => r.Evaluate(context, events)).OrderBy(c => c.Rule, StringComparer.Ordinal).ToList();
        return new CadreCompliance(cadre, year, rulebook, checks, events);
    }
}
