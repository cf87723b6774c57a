using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Services;
using Marten.Storage;
using Npgsql;
using Wolverine;
using Wolverine.Marten.Subscriptions;

namespace CapabilityOps.Notifications.Webhooks;

/// <summary>
/// Owes each recorded fact to the webhooks that asked for its type. A Marten subscription run by Wolverine: the async daemon
/// feeds it every range of the event store up to the high-water mark, on one node at a time (HotCold), whichever path wrote
/// the events (a session, the study-hours group commit, an import's bulk path). The deliveries and their first
/// <see cref="DeliverWebhook"/> messages (Wolverine's outbox, enlisted in the daemon's transaction) are committed in the same
/// transaction as the subscription's progress: a fact in the store is a delivery owed, across any crash — either its range
/// is done, deliveries and messages included, or it is read again.
/// </summary>
/// <remarks>
/// It reads the rows it needs itself, only of the types some webhook asked for, by the (type, seq_id) index; the daemon
/// loads no event for it (<see cref="NoEventData"/>), so with no webhook registered a page costs one look at the webhooks.
/// A webhook is owed the facts recorded after it was registered (<see cref="Webhook.FromSequence"/>); the ranges before
/// cost a look at the webhooks each, as the daemon loads nothing for them.
/// </remarks>
public sealed class WebhookSubscription : BatchSubscription
{
    public const string Name = "Webhooks";
    private static readonly TimeSpan FirstAttemptAfter = TimeSpan.FromMilliseconds(100);
    private readonly DeliverableEvents _catalogue;
    private readonly TimeProvider _clock;

    public WebhookSubscription(DeliverableEvents catalogue, TimeProvider clock) : base(Name)
    {
        _catalogue = catalogue;
        _clock = clock;
        IncludeType<NoEventData>();
    }

    /// <summary>An event type no stream holds: the subscription's filter, so that the daemon loads no event data for it.</summary>
    public sealed record NoEventData;

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations, IMessageBus bus,
        CancellationToken cancellationToken)
    {
        var hooks = await operations.Query<Webhook>().ToListAsync(cancellationToken);
        if (hooks.Count == 0) return;
        var types = hooks.SelectMany(h => h.Events).Distinct().Select(t => (Type: t, Alias: _catalogue.AliasOf(t))).Where(t => t.Alias is not null)
            .ToDictionary(t => t.Alias!, t => t.Type);
        if (types.Count == 0) return;

        var schema = operations.DocumentStore.Options.Events.DatabaseSchemaName;
        await using var connection = operations.Database.CreateConnection(ConnectionUsage.Read);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select id, seq_id, type, timestamp, data::text from {schema}.mt_events where type = any($1) and seq_id > $2 and seq_id <= $3 order by seq_id", connection);
        command.Parameters.AddWithValue(types.Keys.ToArray());
        command.Parameters.AddWithValue(page.SequenceFloor);
        command.Parameters.AddWithValue(page.SequenceCeiling);
        var facts = new List<OutgoingFact>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                facts.Add(new OutgoingFact(reader.GetGuid(0), types[reader.GetString(2)], reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4), reader.GetInt64(1)));
        if (facts.Count == 0) return;

        // The daemon runs a subscription's after-commit listeners (Wolverine's hand-over of the messages to the local queue)
        // only for a page with loaded events, and this one loads none: the first attempts are stored as scheduled messages,
        // which the message store's poller (Webhooks:Retry:PollingInterval) starts on any node, after the commit.
        await WebhookPlanner.PlanAsync(operations, bus, hooks, facts, _clock.GetUtcNow(), FirstAttemptAfter, cancellationToken);
    }
}
