using Npgsql;

namespace CapabilityOps.SharedKernel;

/// <summary>
/// The endpoint writes in a SQL transaction of its own instead of through Marten's session (a hot route: two round trips
/// per request instead of five). The host then adds no session to it: the endpoint stamps its events itself
/// (<see cref="Recording"/>) and claims the request's Idempotency-Key first in its transaction (<see cref="IIdempotencyClaims"/>),
/// so facts and claim still commit together or not at all.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OwnTransactionAttribute : Attribute;

/// <summary>The request's Idempotency-Key claim, for an <see cref="OwnTransactionAttribute"/> endpoint.</summary>
public interface IIdempotencyClaims
{
    /// <summary>
    /// The statement that claims the request's key, to run first in the endpoint's transaction, storing the answer the endpoint
    /// gives when it succeeds; null when the request has no key. It inserts no row when the key was claimed before (it waits
    /// for a claim still in flight): the endpoint then throws <see cref="IdempotencyKeyTakenException"/> and the first answer
    /// is replayed.
    /// </summary>
    NpgsqlBatchCommand? Claim(int status, string? location, object body);

    /// <summary>
    /// The statement that takes the stored answer back off the claim, when the endpoint answers otherwise (a problem) and still
    /// commits the claim; that answer is kept once written. Null when the request has no key.
    /// </summary>
    NpgsqlBatchCommand? Unanswer();
}

/// <summary>The request's Idempotency-Key was claimed by an earlier request: its answer is replayed, nothing is recorded.</summary>
public sealed class IdempotencyKeyTakenException() : Exception("The Idempotency-Key was claimed by an earlier request.");
