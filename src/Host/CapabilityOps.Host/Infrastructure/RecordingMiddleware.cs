using CapabilityOps.SharedKernel;
using Marten;

namespace CapabilityOps.Host.Infrastructure;

/// <summary>
/// Stamps every event a request records with who recorded it (the API key's name), the calling
/// system (<c>X-Source-System</c>) and the correlation id (the W3C trace id, from <c>traceparent</c> when sent). The request's
/// Idempotency-Key is claimed in the same transaction, with its answer, by <see cref="IdempotentResponsePolicy"/>.
/// </summary>
public static class RecordingMiddleware
{
    public const int MaxSourceLength = RecordingHeaders.MaxSourceLength;

    public static void Before(HttpContext context, IDocumentSession session)
    {
        session.StampRecording(context);
    }
}
