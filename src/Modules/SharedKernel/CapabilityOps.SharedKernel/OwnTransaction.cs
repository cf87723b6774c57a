using System.Globalization;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace CapabilityOps.SharedKernel;

/// <summary>
/// The endpoint writes in a SQL transaction of its own instead of through Marten's session (a hot route: it commits requests
/// in groups). The host then adds no session to it: the endpoint stamps its events itself (<see cref="Recording"/>) and
/// claims the request's Idempotency-Key first in its transaction (<see cref="IIdempotencyClaims"/>), so facts and claim still
/// commit together or not at all.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OwnTransactionAttribute : Attribute;

/// <summary>The request's Idempotency-Key claim, for an <see cref="OwnTransactionAttribute"/> endpoint.</summary>
public interface IIdempotencyClaims
{
    /// <summary>
    /// The request's claim, storing the answer the endpoint gives when it succeeds; null when the request has no key.
    /// Its statements may be run off the request's flow (a group commit).
    /// </summary>
    IIdempotencyClaim? Claim(int status, string? location, object body);
}

/// <summary>Statements about one request's Idempotency-Key, for the endpoint's transaction; each call makes a new statement.</summary>
public interface IIdempotencyClaim
{
    /// <summary>The claim's key, to claim keys in one order across transactions.</summary>
    string Key { get; }

    /// <summary>
    /// Claims the key, to run first in the transaction. It inserts no row when the key was claimed before (it waits for a
    /// claim still in flight): the endpoint then throws <see cref="IdempotencyKeyTakenException"/> and the first answer is replayed.
    /// </summary>
    NpgsqlBatchCommand Insert();

    /// <summary>
    /// Claims the key for a transaction decided before its reads: a key claimed before fails the statement, and with it the
    /// transaction, which is then decided again with <see cref="Insert"/> (<see cref="GroupCommits{TRequest, TLedger}"/>).
    /// </summary>
    NpgsqlBatchCommand InsertNew();

    /// <summary>
    /// Replaces the stored answer with <paramref name="problem"/>, rendered in <paramref name="language"/>, when the endpoint refuses and
    /// still commits the claim: a statement for the transaction, and the answer to write, the very bytes a retry is answered with.
    /// </summary>
    ValueTask<(NpgsqlBatchCommand Statement, IResult Answer)> RefuseAsync(Problem problem, CultureInfo language);

    /// <summary>The answer stored on the claim, to write when the endpoint answers as <see cref="IIdempotencyClaims.Claim"/> said.</summary>
    IResult Answer { get; }

    /// <summary>Drops the claim in a transaction that commits other requests' facts: this request recorded nothing and was refused
    /// before any decision (400, 403), so a retry is decided afresh, as when the transaction rolls back.</summary>
    NpgsqlBatchCommand Release();
}

/// <summary>The request's Idempotency-Key was claimed by an earlier request: its answer is replayed, nothing is recorded.</summary>
public sealed class IdempotencyKeyTakenException() : Exception("The Idempotency-Key was claimed by an earlier request.");
