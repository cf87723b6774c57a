using CapabilityOps.Organization.Contracts;
using JasperFx.Events;
using Marten;

namespace CapabilityOps.Appraisal.Contracts;

/// <summary>
/// One rule's result for a cadre or a unit in a year. <see cref="Evidence"/> names the events that produced
/// <see cref="Actual"/>, so the number can explain itself.
/// </summary>
public sealed record RuleCheck(string Rule, decimal Target, decimal Actual, bool Met, Text? Note = null, IReadOnlyList<Guid>? Evidence = null);

/// <summary>What a cadre rule is evaluated against: the cadre as it stood, the year, the day the view is for, the rulebook.</summary>
/// <param name="ViewDate">31 December of a past year, or today for the current year.</param>
public sealed record CadreRuleContext(CadreRecord Cadre, int Year, DateOnly ViewDate, RulebookVersion Rulebook);

/// <summary>
/// A module's rules about one cadre (e.g. the Learning module's LRN-1). Evaluated from the cadre's own
/// events — all of them for the live view, those recorded up to an instant for <c>?asOf=</c> — so the live
/// view, an as-of view and a rebuild all agree by construction. A module joins compliance by registering
/// one of these; nothing else changes.
/// </summary>
public interface ICadreRuleSet
{
    /// <summary>The checks that apply to this cadre in this year (a rule that does not apply is left out).</summary>
    IEnumerable<RuleCheck> Evaluate(CadreRuleContext context, IReadOnlyList<IEvent> cadreEvents);
}

/// <summary>What a unit rule is evaluated against.</summary>
/// <param name="AsOf">When set, only facts recorded up to this instant count.</param>
public sealed record UnitRuleContext(UnitRecord Unit, int Year, DateOnly ViewDate, DateTimeOffset? AsOf, RulebookVersion Rulebook);

/// <summary>A module's rules that a unit itself must meet (LRN-3, TRN-5, RPT-1, …).</summary>
public interface IUnitRuleSet
{
    Task<IEnumerable<RuleCheck>> EvaluateAsync(UnitRuleContext context, IQuerySession session, CancellationToken cancellation);
}
