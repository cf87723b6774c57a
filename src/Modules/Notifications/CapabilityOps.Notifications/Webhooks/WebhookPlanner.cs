using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marten;
using Wolverine;

namespace CapabilityOps.Notifications.Webhooks;

/// <summary>A fact as a webhook receives it: its id, type, when it was recorded and its data as stored (JSON).</summary>
/// <param name="Sequence">The event's sequence number; null for a fact that is not an event (a reminder).</param>
public sealed record OutgoingFact(Guid Id, string Type, DateTimeOffset OccurredAt, string DataJson, long? Sequence);

/// <summary>
/// Turns facts into the deliveries owed to the webhooks that asked for their type: one <see cref="WebhookDelivery"/> per
/// fact and webhook, and one <see cref="DeliverWebhook"/> message, both in the caller's transaction (the message through
/// Wolverine's outbox enlisted in it). So either the facts are owed and their first attempt is queued, or neither.
/// <c>firstAttemptAfter</c> stores the first attempt as a scheduled message, which the message store's poller hands to
/// whichever node is running, for a caller whose transaction is not followed by Wolverine's in-memory hand-over.
/// </summary>
public static class WebhookPlanner
{
    public static async Task<int> PlanAsync(IDocumentOperations operations, IMessageBus bus, IReadOnlyList<Webhook> hooks,
        IReadOnlyList<OutgoingFact> facts, DateTimeOffset now, TimeSpan? firstAttemptAfter, CancellationToken cancellation)
    {
        var owed = new List<WebhookDelivery>();
        foreach (var fact in facts)
        foreach (var hook in hooks)
        {
            if (!hook.Events.Contains(fact.Type, StringComparer.Ordinal)) continue;
            if (fact.Sequence is { } sequence && sequence <= hook.FromSequence) continue;
            owed.Add(new WebhookDelivery
            {
                Id = DeliveryId(hook.Id, fact.Id), Webhook = hook.Id, FactId = fact.Id, Type = fact.Type, OccurredAt = fact.OccurredAt,
                Body = Body(fact), Status = DeliveryStatus.Pending, PlannedAt = now,
            });
        }
        if (owed.Count == 0) return 0;

        // A page read again (a restart before its progress was saved is rolled back with it; a rewind by an operator is
        // not) must not owe a fact twice: the ids say which are owed already.
        var ids = owed.Select(d => d.Id).ToArray();
        var known = (await operations.Query<WebhookDelivery>().Where(d => ids.Contains(d.Id)).Select(d => d.Id).ToListAsync(cancellation)).ToHashSet();
        var planned = 0;
        foreach (var delivery in owed.Where(d => !known.Contains(d.Id)))
        {
            operations.Insert(delivery);
            if (firstAttemptAfter is { } after) await bus.ScheduleAsync(new DeliverWebhook(delivery.Id), after);
            else await bus.PublishAsync(new DeliverWebhook(delivery.Id));
            planned++;
        }
        return planned;
    }

    /// <summary>The body every attempt sends: <c>{ id, type, occurredAt, data }</c>, data as stored.</summary>
    public static string Body(OutgoingFact fact)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("id", fact.Id);
            json.WriteString("type", fact.Type);
            json.WriteString("occurredAt", fact.OccurredAt);
            json.WritePropertyName("data");
            json.WriteRawValue(fact.DataJson);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The delivery of one fact to one webhook has one id, whoever plans it and however often.</summary>
    public static Guid DeliveryId(string webhook, Guid factId) => DerivedId($"delivery:{webhook}:{factId:N}");

    /// <summary>A stable id from a key (the first 16 bytes of its SHA-256, marked as a version-8 UUID).</summary>
    public static Guid DerivedId(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the body's UTF-8 bytes with the webhook's secret.</summary>
    public static string Signature(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}
