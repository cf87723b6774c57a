using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.Notifications.Webhooks;

/// <summary>
/// The event types a webhook may ask for, by their public name (the event's type name, e.g. <c>StudyHoursLogged</c>):
/// every event a module declares in its Contracts, except confidential facts (<see cref="IConfidentialFact"/>: discipline
/// details are read at one logged route only), and <see cref="ReminderDueType"/>. The host's own events (API keys) are not
/// a module's facts and are not offered.
/// </summary>
/// <remarks>Reads the store's event types when first asked: the subscription that uses it is built while the store is.</remarks>
public sealed class DeliverableEvents(IServiceProvider services)
{
    public const string ReminderDueType = "ReminderDue";

    private readonly Lazy<IReadOnlyDictionary<string, string>> _aliases = new(() => Catalogue(services.GetRequiredService<IDocumentStore>()));

    /// <summary>Public name → the event store's type alias (the <c>type</c> column).</summary>
    public IReadOnlyDictionary<string, string> Aliases => _aliases.Value;

    public bool IsDeliverable(string? type) => type is not null && (type == ReminderDueType || Aliases.ContainsKey(type));

    /// <summary>The event store's alias of a deliverable event type; null for <see cref="ReminderDueType"/> and anything not deliverable.</summary>
    public string? AliasOf(string type) => Aliases.TryGetValue(type, out var alias) ? alias : null;

    /// <summary>Whether a type may ever be sent: the catalogue decides at registration and again when each fact is planned.</summary>
    public static bool Offered(Type eventType) =>
        !typeof(IConfidentialFact).IsAssignableFrom(eventType)
        && eventType.Namespace is { } ns && ns.StartsWith("CapabilityOps.", StringComparison.Ordinal) && ns.Contains(".Contracts", StringComparison.Ordinal);

    private static IReadOnlyDictionary<string, string> Catalogue(IDocumentStore store) =>
        store.Options.Events.AllKnownEventTypes()
            .Where(e => Offered(e.EventType))
            .GroupBy(e => e.EventType.Name)
            .ToDictionary(g => g.Key, g => g.First().EventTypeName, StringComparer.Ordinal);
}
