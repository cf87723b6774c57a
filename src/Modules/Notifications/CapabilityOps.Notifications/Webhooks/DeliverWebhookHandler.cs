using Marten;
using Microsoft.Extensions.Options;
using Wolverine;

namespace CapabilityOps.Notifications.Webhooks;

/// <summary>
/// One attempt at a delivery (a Wolverine handler on the durable local queue <c>webhooks</c>). The attempt's outcome and,
/// after a failure, the next attempt (a scheduled message, exponential back-off) are saved in one transaction, so a crash
/// at any point leaves either the attempt to be made again or its successor scheduled: delivery at least once.
/// </summary>
public static class DeliverWebhookHandler
{
    public static async Task Handle(DeliverWebhook message, IDocumentSession session, IMessageContext bus, WebhookSender sender,
        IOptionsMonitor<WebhookOptions> options, TimeProvider clock, CancellationToken cancellation)
    {
        var delivery = await session.LoadAsync<WebhookDelivery>(message.DeliveryId, cancellation);
        if (delivery is null || delivery.Status != DeliveryStatus.Pending) return;
        var hook = await session.LoadAsync<Webhook>(delivery.Webhook, cancellation);
        var (outcome, error) = hook is null ? (AttemptOutcome.Refused, "the webhook no longer exists") : await sender.SendAsync(hook, delivery, cancellation);

        delivery.Attempts++;
        delivery.LastAttemptAt = clock.GetUtcNow();
        delivery.LastError = error;
        var settings = options.CurrentValue;
        delivery.Status = outcome switch
        {
            AttemptOutcome.Delivered => DeliveryStatus.Delivered,
            AttemptOutcome.Refused => DeliveryStatus.Refused,
            _ when settings.Retry.MaxAttempts > 0 && delivery.Attempts >= settings.Retry.MaxAttempts => DeliveryStatus.Failed,
            _ => DeliveryStatus.Pending,
        };
        session.Store(delivery);
        if (delivery.Status == DeliveryStatus.Pending) await bus.ScheduleAsync(message, settings.DelayAfter(delivery.Attempts));
    }
}
