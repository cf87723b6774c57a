using System.Diagnostics;
using Marten;
using Microsoft.AspNetCore.Http;

namespace CapabilityOps.SharedKernel;

/// <summary>Names of the event headers that say where a fact came from.</summary>
public static class RecordingHeaders
{
    /// <summary>The calling system, from the HTTP header <c>X-Source-System</c>.</summary>
    public const string Source = "source";

    public const string SourceHttpHeader = "X-Source-System";

    public const int MaxSourceLength = 64;

    /// <summary>
    /// Stamps every event <paramref name="session"/> records with who recorded it (the API key's name), the
    /// calling system (<c>X-Source-System</c>) and the correlation id (the W3C trace id). The host does this for
    /// the session of every writing request; an endpoint that opens sessions of its own (a batched import) calls it.
    /// </summary>
    public static void StampRecording(this IDocumentSession session, HttpContext context)
    {
        session.LastModifiedBy = context.User.Identity?.Name ?? "anonymous";
        session.CorrelationId = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        var source = context.Request.Headers[SourceHttpHeader].ToString();
        if (!string.IsNullOrWhiteSpace(source))
            session.SetHeader(Source, source.Length > MaxSourceLength ? source[..MaxSourceLength] : source);
    }
}
