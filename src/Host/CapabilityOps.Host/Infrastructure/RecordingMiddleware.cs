using System.Diagnostics;
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
    public const int MaxSourceLength = 64;

    public static void Before(HttpContext context, IDocumentSession session)
    {
        session.LastModifiedBy = context.User.Identity?.Name ?? "anonymous";
        session.CorrelationId = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        var source = context.Request.Headers[RecordingHeaders.SourceHttpHeader].ToString();
        if (!string.IsNullOrWhiteSpace(source))
            session.SetHeader(RecordingHeaders.Source, source.Length > MaxSourceLength ? source[..MaxSourceLength] : source);
        // The Idempotency-Key claim commits in this transaction, with the facts, or not at all.
        if (context.Items[IdempotencyMiddleware.ClaimItem] is IdempotencyRecord claim) session.Insert(claim);
    }
}
