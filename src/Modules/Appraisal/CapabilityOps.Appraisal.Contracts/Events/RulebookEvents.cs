using CapabilityOps.Organization.Contracts;

namespace CapabilityOps.Appraisal.Contracts.Events;

/// <summary>An administrator published a rulebook version, applying from a year on (stream <c>rulebook</c>).</summary>
public sealed record RulebookVersionPublished(
    int Version,
    string Name,
    int EffectiveFromYear,
    IReadOnlyDictionary<string, decimal> Targets,
    IReadOnlyDictionary<UnitKind, IReadOnlyDictionary<string, decimal>> UnitWeights);
