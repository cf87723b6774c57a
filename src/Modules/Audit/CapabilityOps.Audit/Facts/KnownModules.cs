using Marten;

namespace CapabilityOps.Audit.Facts;

/// <summary>The event types the store knows, by owning module: what <c>?module=</c> may name.</summary>
public sealed class KnownModules(IDocumentStore store)
{
    private readonly Lazy<IReadOnlyDictionary<string, Type[]>> _byModule = new(() =>
        store.Options.Events.AllKnownEventTypes().Select(t => t.EventType).Distinct()
            .GroupBy(EventFacts.ModuleOf, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.OrdinalIgnoreCase));

    /// <summary>The module's canonical name and event types, or null when no module of that name records events.</summary>
    public (string Name, Type[] Types)? Find(string module) =>
        _byModule.Value.TryGetValue(module, out var types) ? (EventFacts.ModuleOf(types[0]), types) : null;

    public IEnumerable<string> Names => _byModule.Value.Keys.Order(StringComparer.Ordinal);
}
