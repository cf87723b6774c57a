using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using CapabilityOps.Audit.Contracts;
using CapabilityOps.SharedKernel;
using JasperFx.Events;

namespace CapabilityOps.Audit.Facts;

/// <summary>
/// What the audit routes say about any recorded fact, whichever module owns it: the owning module (from the event type's
/// namespace, <c>CapabilityOps.{Module}.Contracts.Events</c>), its business dates (its date fields) and its history entry,
/// neutral when it is confidential. Pure: no database, no clock.
/// </summary>
public static class EventFacts
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> DateFields = new();

    /// <summary>Date fields that describe the person, not the fact: never a business date.</summary>
    private static readonly HashSet<string> PersonalDates = new(StringComparer.OrdinalIgnoreCase) { "BirthDate", "DateOfBirth" };

    /// <summary>The module that owns an event type: <c>CapabilityOps.Learning.Contracts.Events.StudyHoursLogged</c> → Learning.</summary>
    public static string ModuleOf(Type eventType)
    {
        var parts = (eventType.Namespace ?? "").Split('.');
        return parts.Length >= 2 && parts[0] == "CapabilityOps" ? parts[1] : parts[0] is { Length: > 0 } root ? root : "Unknown";
    }

    /// <summary>Every date field of a fact by its JSON name, in declaration order (a visit: from, to); birth dates left out.</summary>
    public static IReadOnlyDictionary<string, DateOnly> BusinessDates(object data)
    {
        var result = new Dictionary<string, DateOnly>();
        foreach (var property in DateFields.GetOrAdd(data.GetType(), FindDateFields))
            if (property.GetValue(data) is DateOnly day) result[JsonNamingPolicy.CamelCase.ConvertName(property.Name)] = day;
        return result;
    }

    /// <summary>The day a fact is about: its first date field (effectiveOn, joinedOn, from, conferredOn, imposedOn, …), or null.</summary>
    public static DateOnly? BusinessDate(object data) => BusinessDates(data).Values.Cast<DateOnly?>().FirstOrDefault();

    /// <summary>
    /// A fact as the history shows it; a confidential fact shows only that it exists, to every role: its details are read at
    /// the owning module's route, which logs every read (discipline: <c>GET …/discipline</c>), so no other route may show them.
    /// </summary>
    public static HistoryEntry Entry(IEvent e) => Entry(e, e.Data);

    /// <summary><paramref name="data"/> (the event's, or one fact of its batch) with the event's metadata.</summary>
    private static HistoryEntry Entry(IEvent e, object data)
    {
        var confidential = data is IConfidentialFact;
        var hidden = confidential;
        return new HistoryEntry(e.Version, e.Sequence, e.Id, data.GetType().Name, ModuleOf(data.GetType()), e.Timestamp, e.UserName,
            e.GetHeader(RecordingHeaders.Source)?.ToString(), e.CorrelationId,
            hidden ? null : BusinessDate(data), hidden ? new Dictionary<string, DateOnly>() : BusinessDates(data),
            confidential, hidden ? new Redacted(true) : data);
    }

    /// <summary>
    /// The entries a stored fact shows as: itself, or, for a batch of facts (<see cref="IFactBatch"/>: an import's records of
    /// one cadre), each of its facts as it would show alone, marked with the batch. Every audit route lists facts through this.
    /// </summary>
    public static IEnumerable<HistoryEntry> Entries(IEvent e) =>
        e.Data is IFactBatch batch
            ? batch.Facts.Select(fact => Entry(e, fact) with { ImportBatch = batch.BatchId })
            : [Entry(e)];

    /// <summary>What the history shows of a confidential fact.</summary>
    public sealed record Redacted(bool Confidential);

    private static PropertyInfo[] FindDateFields(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => (p.PropertyType == typeof(DateOnly) || p.PropertyType == typeof(DateOnly?)) && p.GetIndexParameters().Length == 0
                        && !PersonalDates.Contains(p.Name))
            .OrderBy(p => p.MetadataToken)
            .ToArray();
}
