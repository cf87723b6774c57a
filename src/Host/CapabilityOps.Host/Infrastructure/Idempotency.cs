using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql.Tables;

namespace CapabilityOps.Host.Infrastructure;

/// <summary>
/// A POST's Idempotency-Key claim as it is made: inserted, with the answer the request gives, in the same transaction as the
/// facts the request records (<see cref="IdempotentResponsePolicy"/> for the Marten endpoints, <see cref="IdempotencyClaims"/>
/// for the <see cref="OwnTransactionAttribute"/> ones).
/// </summary>
public sealed class IdempotencyClaim
{
    /// <summary>"{key name}\n{Idempotency-Key}": two callers may use the same key value without meeting.</summary>
    public required string Id { get; init; }

    public required string RequestHash { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required IdempotencyTable Table { get; init; }

    /// <summary>The request's buffered response body (<see cref="IdempotencyMiddleware"/>): the answer is rendered into it before the commit.</summary>
    internal MemoryStream? Buffer { get; init; }

    public int? Status { get; private set; }
    public string? ContentType { get; private set; }
    public string? Location { get; private set; }
    public byte[]? Body { get; private set; }

    public void Answer(int status, string? contentType, string? location, byte[] body) =>
        (Status, ContentType, Location, Body) = (status, contentType, location, body);
}

/// <summary>
/// The claims' table: one narrow row per claimed key, with the answer the first attempt gave. Created with the rest of the schema
/// (Marten's extended schema objects: <c>db-apply</c>, or on first use in development) and written with plain SQL in the request's
/// own transaction.
/// </summary>
public sealed class IdempotencyTable(IDocumentStore store)
{
    public const string TableName = "idempotency_claims";

    public string QualifiedName { get; } = $"{store.Options.DatabaseSchemaName}.{TableName}";

    public static Table Definition(string schema)
    {
        var table = new Table($"{schema}.{TableName}");
        table.AddColumn<string>("id").AsPrimaryKey();
        table.AddColumn<string>("request_hash").NotNull();
        // Null only on a claim carried over from the document table of earlier versions that never got its answer.
        table.AddColumn<int>("status");
        table.AddColumn<string>("content_type");
        table.AddColumn<string>("location");
        table.AddColumn("body", "bytea");
        table.AddColumn("created_at", "timestamp with time zone").NotNull();
        table.Indexes.Add(new IndexDefinition($"ix_{TableName}_created_at") { Columns = ["created_at"] });
        return table;
    }

    /// <summary>The claim with its answer; a key claimed before makes it fail (after waiting for a claim still in flight), and with it the transaction.</summary>
    /// <param name="positional">Npgsql's <c>$1</c>… (a batch command) rather than Marten's <c>?</c> (a queued SQL command).</param>
    public string InsertSql(bool positional) =>
        $"insert into {QualifiedName} (id, request_hash, status, content_type, location, body, created_at) values " +
        $"({string.Join(", ", Enumerable.Range(1, 7).Select(n => positional ? $"${n}" : "?"))})";

    public static object?[] InsertValues(IdempotencyClaim claim) =>
        [claim.Id, claim.RequestHash, claim.Status, claim.ContentType, claim.Location, claim.Body ?? [], claim.CreatedAt];

    public async Task<IdempotencyClaimRow?> FindAsync(string id, CancellationToken cancellation)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var select = new NpgsqlCommand($"select request_hash, status, content_type, location, body from {QualifiedName} where id = $1", connection)
        {
            Parameters = { new NpgsqlParameter<string> { TypedValue = id } },
        };
        await using var reader = await select.ExecuteReaderAsync(cancellation);
        if (!await reader.ReadAsync(cancellation)) return null;
        return new IdempotencyClaimRow(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? [] : (byte[])reader.GetValue(4));
    }

    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellation)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var delete = new NpgsqlCommand($"delete from {QualifiedName} where created_at < $1", connection)
        {
            Parameters = { new NpgsqlParameter<DateTimeOffset> { TypedValue = cutoff } },
        };
        return await delete.ExecuteNonQueryAsync(cancellation);
    }
}

/// <summary>A committed claim as read back.</summary>
public sealed record IdempotencyClaimRow(string RequestHash, int? Status, string? ContentType, string? Location, byte[] Body);

/// <summary>Writes a stored answer: the first attempt's status, headers and body bytes; <paramref name="replayed"/> marks a retry's copy.</summary>
internal sealed class StoredAnswer(int status, string? contentType, string? location, byte[] body, bool replayed) : IResult
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    public async Task ExecuteAsync(HttpContext context)
    {
        context.Response.StatusCode = status;
        if (contentType is not null) context.Response.ContentType = contentType;
        if (location is not null) context.Response.Headers.Location = location;
        if (replayed) context.Response.Headers[ReplayedHeader] = "true";
        if (body.Length > 0) await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}

/// <summary>
/// <see cref="IIdempotencyClaims"/> for <see cref="OwnTransactionAttribute"/> endpoints: the claim
/// <see cref="IdempotencyMiddleware"/> made for the request, as statements of the endpoint's own transaction.
/// </summary>
public sealed class IdempotencyClaims(IHttpContextAccessor http, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IIdempotencyClaims
{
    public IIdempotencyClaim? Claim(int status, string? location, object body)
    {
        if (http.HttpContext is not { Items: var items } context || items[IdempotencyMiddleware.ClaimItem] is not IdempotencyClaim claim) return null;
        claim.Answer(status, "application/json; charset=utf-8", location, JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), json.Value.SerializerOptions));
        // What a refusal rendered off the request's flow needs of the request: its services and the trace id its problems carry.
        return new RecordClaim(claim, context.RequestServices, Activity.Current?.Id ?? context.TraceIdentifier);
    }

    /// <summary>Bound to the request's claim, not to its HttpContext: the statements may be made off the request's flow.</summary>
    private sealed class RecordClaim(IdempotencyClaim claim, IServiceProvider services, string traceId) : IIdempotencyClaim
    {
        public string Key => claim.Id;

        public IResult Answer => new StoredAnswer(claim.Status!.Value, claim.ContentType, claim.Location, claim.Body!, replayed: false);

        // A key claimed before inserts nothing here (the endpoint then throws IdempotencyKeyTakenException).
        public NpgsqlBatchCommand Insert() => Claiming(" on conflict (id) do nothing");

        public NpgsqlBatchCommand InsertNew() => Claiming("");

        private NpgsqlBatchCommand Claiming(string onConflict)
        {
            var insert = new NpgsqlBatchCommand(claim.Table.InsertSql(positional: true) + onConflict);
            foreach (var value in IdempotencyTable.InsertValues(claim)) insert.Parameters.Add(Parameter(value));
            return insert;
        }

        public async ValueTask<(NpgsqlBatchCommand Statement, IResult Answer)> RefuseAsync(Problem problem, CultureInfo language)
        {
            // Rendered as the request would render it (the host's problem-details writer), once: the request writes these bytes.
            var scratch = new DefaultHttpContext { RequestServices = services, TraceIdentifier = traceId };
            using var body = new MemoryStream();
            scratch.Response.Body = body;
            var current = Activity.Current;
            Activity.Current = null; // the problem's traceId is the request's, not the group's
            try
            {
                await problem.ToResult(language).ExecuteAsync(scratch);
            }
            finally
            {
                Activity.Current = current;
            }
            claim.Answer(scratch.Response.StatusCode, scratch.Response.ContentType, location: null, body.ToArray());
            var update = new NpgsqlBatchCommand($"update {claim.Table.QualifiedName} set status = $2, content_type = $3, location = null, body = $4 where id = $1")
            {
                Parameters = { Parameter(claim.Id), Parameter(claim.Status), Parameter(claim.ContentType), Parameter(claim.Body) },
            };
            return (update, Answer);
        }

        public NpgsqlBatchCommand Release() => new($"delete from {claim.Table.QualifiedName} where id = $1") { Parameters = { Parameter(claim.Id) } };

        private static NpgsqlParameter Parameter(object? value) => value switch
        {
            null => new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            int i => new NpgsqlParameter<int> { TypedValue = i },
            string s => new NpgsqlParameter<string> { TypedValue = s },
            byte[] b => new NpgsqlParameter<byte[]> { TypedValue = b },
            DateTimeOffset d => new NpgsqlParameter<DateTimeOffset> { TypedValue = d },
            _ => new NpgsqlParameter { Value = value },
        };
    }
}

/// <summary>
/// CONTRACT.md idempotency: a POST repeated with the same Idempotency-Key and body gets the first response (its status, body,
/// Content-Type and Location, marked <c>Idempotent-Replayed: true</c>) and records nothing new; with another body it is a 422.
/// Exactly-once does not rest on this middleware's bookkeeping: the claim, with the answer, is inserted in the request's own
/// transaction (<see cref="IdempotentResponsePolicy"/>, <see cref="IdempotencyClaims"/>), so facts, claim and answer commit
/// together or not at all, and of concurrent duplicates only one can commit.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IdempotencyTable table, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;
    internal const string ClaimItem = "capops:idempotency-claim";

    public async Task InvokeAsync(HttpContext context)
    {
        var key = context.Request.Headers[Header].ToString();
        // A moved route only redirects: the POST it redirects to claims the key, and must not find it claimed by the redirect.
        if (!HttpMethods.IsPost(context.Request.Method) || key.Length == 0 || context.GetEndpoint()?.Metadata.GetMetadata<MovedRouteAttribute>() is not null)
        {
            await next(context);
            return;
        }
        if (key.Length > MaxKeyLength || key.Any(c => c < 0x21 || c > 0x7e))
        {
            await context.WriteProblemAsync(SharedKernel.Problem.Invalid(Header, Msg("IdempotencyKeyFormat", Header, MaxKeyLength)));
            return;
        }

        var id = $"{context.User.Identity?.Name ?? "anonymous"}\n{key}";
        var hash = await HashRequest(context.Request);
        // An own-transaction endpoint claims the key in its first statement, which finds a claim made before (a round
        // trip fewer): it throws IdempotencyKeyTakenException, and the failure path below replays.
        if (context.GetEndpoint()?.Metadata.GetMetadata<OwnTransactionAttribute>() is null && await Replay(context, id, hash)) return;

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Items[ClaimItem] = new IdempotencyClaim { Id = id, RequestHash = hash, CreatedAt = clock.GetUtcNow(), Table = table, Buffer = buffer };
        context.Response.Body = buffer;
        Exception? failure = null;
        try
        {
            await next(context);
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            context.Response.Body = original;
        }

        if (failure is not null)
        {
            // A claim committed by another attempt (a concurrent duplicate won the race on it and this attempt recorded
            // nothing), or, rarely, by this one before a later step failed: either way, answer as that commit says.
            context.Response.Clear();
            if (await Replay(context, id, hash)) return;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>Answers from a committed claim; false when there is none.</summary>
    private async Task<bool> Replay(HttpContext context, string id, string hash)
    {
        // A claim is visible only once committed, and it commits with its answer: nothing to wait for.
        if (await table.FindAsync(id, context.RequestAborted) is not { } existing) return false;
        if (existing.RequestHash != hash)
            await context.WriteProblemAsync(new SharedKernel.Problem(StatusCodes.Status422UnprocessableEntity, Msg("IdempotencyKeyReused", Header)));
        else if (existing.Status is not { } status)
            await context.WriteProblemAsync(SharedKernel.Problem.Conflict(Msg("IdempotencyNoResponse", Header)));
        else
            await new StoredAnswer(status, existing.ContentType, existing.Location, existing.Body, replayed: true).ExecuteAsync(context);
        return true;
    }

    private static async Task<string> HashRequest(HttpRequest request)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString} {request.ContentType}\n"));
        // Pooled: every keyed write reads its body here, and a buffer of its own per request would be garbage at once.
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0) sha.AppendData(chunk, 0, read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        request.Body.Position = 0;
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}

/// <summary>Forgets claims older than <c>Idempotency:RetentionHours</c> (default 48; the contract promises at least 24).</summary>
public sealed class IdempotencyCleanup(IdempotencyTable table, IConfiguration configuration, TimeProvider clock, ILogger<IdempotencyCleanup> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retention = TimeSpan.FromHours(Math.Max(24, configuration.GetValue("Idempotency:RetentionHours", 48)));
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                await table.DeleteOlderThanAsync(clock.GetUtcNow() - retention, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Idempotency cleanup failed; it runs again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
