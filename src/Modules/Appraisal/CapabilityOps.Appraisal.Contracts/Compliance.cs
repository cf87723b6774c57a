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
public sealed record CadreRuleContext(CadreRecord Cadre, int Year, DateOnly ViewDate, RulebookVersion Rulebook)
{
    /// <summary>The same cadre, year and day without the rulebook: what a measure is taken against.</summary>
    public CadreMeasureContext Measuring => new(Cadre, Year, ViewDate);
}

/// <summary>
/// What a cadre's year is measured against: the cadre as it stood, the year and the day the view is for. No rulebook, so a
/// measure holds under every rulebook version.
/// </summary>
public sealed record CadreMeasureContext(CadreRecord Cadre, int Year, DateOnly ViewDate);

/// <summary>
/// A module's rules about one cadre (e.g. the Learning module's LRN-1). Evaluated from the cadre's own
/// events — all of them for the live view, those recorded up to an instant for <c>?asOf=</c> — so the live
/// view, an as-of view and a rebuild all agree by construction. A module joins compliance by registering
/// one of these; nothing else changes.
/// </summary>
/// <remarks>
/// A rule set measures the cadre's events (<see cref="Measure"/>, no rulebook) and judges the measure under a rulebook version
/// (<see cref="Judge"/>): the compliance read model keeps each cadre-year's measures, so a new rulebook version is judged from
/// them without reading the events again. Derive from <see cref="CadreRuleSet{TMeasure}"/>.
/// </remarks>
public interface ICadreRuleSet
{
    /// <summary>The type of <see cref="Measure"/>'s value, which the read model stores as JSON and reads back.</summary>
    Type MeasureType { get; }

    /// <summary>What the rules read of the cadre's events for the year; null when there is nothing to judge.</summary>
    object? Measure(CadreMeasureContext context, IReadOnlyList<IEvent> cadreEvents);

    /// <summary>The checks that apply to this cadre in this year (a rule that does not apply is left out), from <see cref="Measure"/>'s value.</summary>
    IEnumerable<RuleCheck> Judge(CadreRuleContext context, object? measure);
}

/// <summary>An <see cref="ICadreRuleSet"/> with its measure typed.</summary>
/// <typeparam name="TMeasure">A record the host's JSON options write and read back as it was.</typeparam>
public abstract class CadreRuleSet<TMeasure> : ICadreRuleSet where TMeasure : class
{
    public abstract TMeasure? Measure(CadreMeasureContext context, IReadOnlyList<IEvent> cadreEvents);

    public abstract IEnumerable<RuleCheck> Judge(CadreRuleContext context, TMeasure? measure);

    /// <summary>The checks that apply to this cadre in this year: the events measured, then judged under the context's rulebook.</summary>
    public IEnumerable<RuleCheck> Evaluate(CadreRuleContext context, IReadOnlyList<IEvent> cadreEvents) => Judge(context, Measure(context.Measuring, cadreEvents));

    Type ICadreRuleSet.MeasureType => typeof(TMeasure);

    object? ICadreRuleSet.Measure(CadreMeasureContext context, IReadOnlyList<IEvent> cadreEvents) => Measure(context, cadreEvents);

    IEnumerable<RuleCheck> ICadreRuleSet.Judge(CadreRuleContext context, object? measure) => Judge(context, (TMeasure?)measure);
}

/// <summary>What a unit rule is evaluated against.</summary>
/// <param name="AsOf">When set, only facts recorded up to this instant count.</param>
public sealed record UnitRuleContext(UnitRecord Unit, int Year, DateOnly ViewDate, DateTimeOffset? AsOf, RulebookVersion Rulebook);

/// <summary>A module's rules that a unit itself must meet (LRN-3, TRN-5, RPT-1, …).</summary>
public interface IUnitRuleSet
{
    Task<IEnumerable<RuleCheck>> EvaluateAsync(UnitRuleContext context, IQuerySession session, CancellationToken cancellation);
}
