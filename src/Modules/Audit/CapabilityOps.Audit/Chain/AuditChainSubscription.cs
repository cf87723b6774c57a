using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Services;
using Marten.Storage;
using Marten.Subscriptions;

namespace CapabilityOps.Audit.Chain;

/// <summary>
/// Keeps the tamper-evidence chain up with the event store. A Marten subscription, so the async daemon runs it on one
/// node at a time (HotCold) and feeds it only up to the high-water mark — past every sequence number a live transaction
/// might still fill — so the chain links events in sequence order and never has to insert one behind its tip. It hashes
/// the rows as stored (<see cref="ChainStore"/>), not the deserialised events, and continues from the chain's own tip, so
/// a replayed or rewound page (a projection rebuild, a restart) is a no-op. Since it reads the rows itself, it asks the
/// daemon for no events at all (<see cref="NoEventData"/>).
/// </summary>
public sealed class AuditChainSubscription : SubscriptionBase
{
    public const string SubscriptionName = "AuditChain";
    private ChainStore? _store;

    public AuditChainSubscription()
    {
        Name = SubscriptionName;
        // The daemon would otherwise load and deserialise every event of each page only for this subscription to ignore
        // them: a quarter of the database's time during an import. Filtered on a type nothing records, each page comes
        // empty, from the last position up to the high-water mark, and ProcessEventsAsync is still called with its range.
        IncludeType<NoEventData>();
    }

    /// <summary>An event type no stream holds: the subscription's filter, so that the daemon loads no event data for it.</summary>
    public sealed record NoEventData;

    /// <summary>Sequence numbers chained per transaction: a page that spans a bulk load's millions is committed in steps.</summary>
    private const long Step = 200_000;

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations,
        CancellationToken cancellationToken)
    {
        _store ??= new ChainStore(operations.DocumentStore.Options);
        await operations.Database.EnsureStorageExistsAsync(typeof(StorageFeatures), cancellationToken);
        await using var connection = operations.Database.CreateConnection(ConnectionUsage.ReadWrite);
        await connection.OpenAsync(cancellationToken);
        for (var upTo = Math.Min(page.SequenceFloor + Step, page.SequenceCeiling); ; upTo = Math.Min(upTo + Step, page.SequenceCeiling))
        {
            await _store.ExtendAsync(connection, upTo, 10_000, cancellationToken);
            if (upTo == page.SequenceCeiling) break;
        }
        return Nothing.Instance;
    }

    private sealed class Nothing : IChangeListener
    {
        public static readonly Nothing Instance = new();

        public Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) => Task.CompletedTask;

        public Task BeforeCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) => Task.CompletedTask;
    }
}
