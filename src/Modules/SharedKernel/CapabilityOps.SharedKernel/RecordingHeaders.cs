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
        var recording = Recording.Of(context);
        session.LastModifiedBy = recording.UserName;
        session.CorrelationId = recording.CorrelationId;
        if (recording.Source is { } source) session.SetHeader(Source, source);
    }

    /// <summary>What <see cref="StampRecording"/> stamped on <paramref name="session"/>; null when the session was not stamped.</summary>
    public static Recording? RecordingOf(this IDocumentSession session) =>
        session is { LastModifiedBy: { } userName, CorrelationId: { } correlationId }
            ? new Recording(userName, correlationId, session.GetHeader(Source) as string)
            : null;
}

/// <summary>What every event a request records carries: who (the API key's name), the calling system, the correlation id.</summary>
public sealed record Recording(string UserName, string CorrelationId, string? Source)
{
    public static Recording Of(HttpContext context)
    {
        var source = context.Request.Headers[RecordingHeaders.SourceHttpHeader].ToString();
        return new(context.User.Identity?.Name ?? "anonymous", Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier,
            string.IsNullOrWhiteSpace(source) ? null
                : source.Length > RecordingHeaders.MaxSourceLength ? source[..RecordingHeaders.MaxSourceLength] : source);
    }

    /// <summary>The event headers, as Marten stores them (null when there are none).</summary>
    public Dictionary<string, object>? Headers => Source is null ? null : new() { [RecordingHeaders.Source] = Source };
}
