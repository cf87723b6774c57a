using CapabilityOps.Audit.Contracts;
using CapabilityOps.Audit.Facts;
using CapabilityOps.SharedKernel;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Wolverine.Http;

namespace CapabilityOps.Audit.History;

public static class GetCadreHistoryEndpoint
{
    public const int DefaultLimit = 500;
    public const int MaxLimit = 1000;

    /// <summary>Every fact recorded about a cadre, by every module, oldest first.</summary>
    /// <remarks>
    /// The body is a plain JSON array of entries, oldest first (by version). Large histories come in pages: at most
    /// `limit` entries (default 500, at most 1000); when more follow, the response carries
    /// `Link: &lt;/api/v1/cadres/{staffNo}/history?after={version}&amp;…&gt;; rel="next"` (RFC 8288) — the same query with
    /// `after` set to the last version returned — and `X-Next-After: {version}`. No such header: this is the last page.
    /// Confidential facts (DSC-3) show only `{ "confidential": true }`, to every role: discipline details are read at
    /// `GET /api/v1/cadres/{staffNo}/discipline`, which logs each read.
    /// </remarks>
    /// <param name="staffNo">The staff number.</param>
    /// <param name="from">Only facts recorded at or after this instant.</param>
    /// <param name="to">Only facts recorded at or before this instant.</param>
    /// <param name="module">Only facts of this module's types (Organization, ServiceVisits, Talent, Discipline, Appraisal, …; any case).</param>
    /// <param name="after">Only facts after this version: the cursor of the next page.</param>
    /// <param name="limit">At most this many entries (1–1000, default 500).</param>
    [WolverineGet("/api/v1/cadres/{staffNo}/history", OperationId = "GetCadreHistory"), Tags("Audit"), ReadAccess, ScopedToCadre]
    [ProducesResponseType<IReadOnlyList<HistoryEntry>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string staffNo, DateTimeOffset? from, DateTimeOffset? to, string? module, long? after, int? limit,
        IQuerySession session, KnownModules modules, HttpContext context, CancellationToken cancellation)
    {
        if (from > to) return Problem.Invalid("from", Msg("FromAfterTo")).ToResult();
        if (after < 0) return Problem.Invalid("after", Msg("AfterNegative")).ToResult();
        if (limit is < 1 or > MaxLimit) return Problem.Invalid("limit", Msg("LimitRange", MaxLimit)).ToResult();
        Type[]? types = null;
        if (!string.IsNullOrWhiteSpace(module))
        {
            if (modules.Find(module.Trim()) is not { } found)
                return Problem.Invalid("module", Msg("ModuleOneOf", string.Join(", ", modules.Names))).ToResult();
            types = found.Types;
        }

        var key = StreamKeys.Cadre(staffNo);
        if (await session.Events.FetchStreamStateAsync(key, cancellation) is null)
            return Problem.NoSuchCadre(staffNo).ToResult();

        var size = limit ?? DefaultLimit;
        var page = await Page(session, key, from, to, types, after ?? 0, size, cancellation);
        var events = page.Take(size).ToList();
        var entries = events.SelectMany(EventFacts.Entries).ToList();
        if (page.Count > size)
        {
            var next = events[^1].Version;
            context.Response.Headers["X-Next-After"] = next.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers.Link = $"<{NextPage(context.Request, next)}>; rel=\"next\"";
        }
        return Results.Ok(entries);
    }

    /// <summary>Up to <paramref name="size"/> + 1 facts of the stream after <paramref name="after"/>, filtered in the database, by version.</summary>
    public static async Task<IReadOnlyList<IEvent>> Page(IQuerySession session, string key, DateTimeOffset? from, DateTimeOffset? to,
        Type[]? types, long after, int size, CancellationToken cancellation)
    {
        var query = session.Events.QueryAllRawEvents().Where(e => e.StreamKey == key && e.Version > after);
        if (from is { } start)
        {
            var utc = start.ToUniversalTime();
            query = query.Where(e => e.Timestamp >= utc);
        }
        if (to is { } end)
        {
            var utc = end.ToUniversalTime();
            query = query.Where(e => e.Timestamp <= utc);
        }
        if (types is not null) query = query.Where(e => e.EventTypesAre(types));
        return await query.OrderBy(e => e.Version).Take(size + 1).ToListAsync(cancellation);
    }

    private static string NextPage(HttpRequest request, long next)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.QueryString.Value);
        var builder = new QueryBuilder(query.Where(q => !string.Equals(q.Key, "after", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))))
        {
            { "after", next.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        return request.PathBase + request.Path + builder.ToQueryString();
    }
}
