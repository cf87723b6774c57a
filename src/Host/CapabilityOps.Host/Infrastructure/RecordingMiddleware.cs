using CapabilityOps.SharedKernel;
using Marten;

namespace CapabilityOps.Host.Infrastructure;

/// <summary>
/// Stamps every event a request records with who recorded it (the API key's name), the calling
/// system (<c>X-Source-System</c>) and the correlation id (the W3C trace id, from <c>traceparent</c> when sent),
/// and claims the request's Idempotency-Key in the same transaction.
/// </summary>
public static class RecordingMiddleware
{
    public const int MaxSourceLength = RecordingHeaders.MaxSourceLength;

    public static void Before(HttpContext context, IDocumentSession session)
    {
        session.StampRecording(context);
        // The Idempotency-Key claim commits in this transaction, with the facts, or not at all.
        if (context.Items[IdempotencyMiddleware.ClaimItem] is IdempotencyRecord claim) session.Insert(claim);
    }
}
