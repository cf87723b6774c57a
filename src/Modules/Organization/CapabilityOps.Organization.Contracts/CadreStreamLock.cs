using CapabilityOps.SharedKernel;
using Marten;
using JasperFx.Events;

namespace CapabilityOps.Organization.Contracts;

public static class CadreStreamLock
{
    /// <summary>
    /// Opens the cadre's stream for writing with its row locked for this transaction: concurrent writers to one
    /// cadre queue instead of colliding on the stream version, and each decides on the record as the previous
    /// one left it. <c>Aggregate</c> is the cadre's record, null when there is no such cadre.
    /// </summary>
    public static Task<IEventStream<CadreRecord>> LockCadreAsync(this IDocumentSession session, string staffNo, CancellationToken cancellation = default) =>
        session.Events.FetchForExclusiveWriting<CadreRecord>(StreamKeys.Cadre(staffNo), cancellation);
}
