namespace CapabilityOps.Notifications.Webhooks;

/// <summary>
/// A registered webhook (a document, id = its name). The secret is kept as given, since every delivery is signed with it,
/// and is never answered by any route. <see cref="FromSequence"/> is the event store's last sequence number at
/// registration: facts recorded before a webhook existed are not delivered to it.
/// </summary>
public sealed class Webhook
{
    public string Id { get; set; } = "";
    public string Url { get; set; } = "";
    public string[] Events { get; set; } = [];
    public string Secret { get; set; } = "";
    public DateTimeOffset RegisteredAt { get; set; }
    public long FromSequence { get; set; }
}

/// <summary>Where a delivery stands.</summary>
public enum DeliveryStatus
{
    /// <summary>Not yet acknowledged: an attempt is due or under way.</summary>
    Pending,
    /// <summary>The receiver answered 2xx.</summary>
    Delivered,
    /// <summary>The target is not (or no longer) allowed: never sent.</summary>
    Refused,
    /// <summary>Given up after <c>Webhooks:Retry:MaxAttempts</c>.</summary>
    Failed,
}

/// <summary>
/// One fact owed to one webhook (a document). Its id is derived from the webhook and the fact, so the same fact is owed
/// once however often it is planned; the body is fixed when it is planned, so every attempt sends (and signs) the same bytes.
/// </summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; }
    public string Webhook { get; set; } = "";
    /// <summary>The fact's id (the event's id; a reminder's derived id): the <c>id</c> of the body.</summary>
    public Guid FactId { get; set; }
    public string Type { get; set; } = "";
    public DateTimeOffset OccurredAt { get; set; }
    public string Body { get; set; } = "";
    public int Attempts { get; set; }
    public DeliveryStatus Status { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset PlannedAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
}

/// <summary>The Wolverine message that makes one attempt at a delivery; sent through the durable outbox.</summary>
public sealed record DeliverWebhook(Guid DeliveryId);
