using System.Security.Cryptography;
using System.Text.Json;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace CapabilityOps.Host.Infrastructure;

/// <summary>A POST's Idempotency-Key, claimed in the same transaction as the facts the POST records.</summary>
public sealed class IdempotencyRecord
{
    /// <summary>"{key name}\n{Idempotency-Key}": two callers may use the same key value without meeting.</summary>
    public string Id { get; set; } = "";
    public string RequestHash { get; set; } = "";

    /// <summary>Which attempt committed the claim; the others replay its response.</summary>
    public Guid Attempt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public int? Status { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public string? Body { get; set; }

    /// <summary>Stores the JSON answer a request gives, before its transaction commits the claim.</summary>
    public void Answer(int status, string? location, object body, JsonSerializerOptions json)
    {
        Status = status;
        ContentType = "application/json; charset=utf-8";
        Location = location;
        Body = JsonSerializer.Serialize(body, body.GetType(), json);
    }
}

/// <summary>
/// <see cref="IIdempotencyClaims"/> for <see cref="OwnTransactionAttribute"/> endpoints: the claim
/// <see cref="IdempotencyMiddleware"/> made for the request, as statements of the endpoint's own transaction.
/// </summary>
public sealed class IdempotencyClaims(IHttpContextAccessor http, IDocumentStore store, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : IIdempotencyClaims
{
    public IIdempotencyClaim? Claim(int status, string? location, object body)
    {
        if (http.HttpContext?.Items[IdempotencyMiddleware.ClaimItem] is not IdempotencyRecord claim) return null;
        claim.Answer(status, location, body, json.Value.SerializerOptions);
        return new RecordClaim(claim, store);
    }

    /// <summary>Bound to the request's record, not to its HttpContext: the statements may be made off the request's flow.</summary>
    private sealed class RecordClaim(IdempotencyRecord claim, IDocumentStore store) : IIdempotencyClaim
    {
        private readonly string _table = store.Options.FindOrResolveDocumentType(typeof(IdempotencyRecord)).TableName.QualifiedName;

        public string Key => claim.Id;

        // The row Marten's Insert would write; a key claimed before conflicts (after waiting for a claim still in flight).
        public NpgsqlBatchCommand Insert() => new($"insert into {_table} (id, data, mt_version, mt_dotnet_type, mt_last_modified) " +
            "values ($1, $2, $3, $4, transaction_timestamp()) on conflict (id) do nothing")
        {
            Parameters =
            {
                new() { Value = claim.Id }, new() { Value = store.Options.Serializer().ToJson(claim), NpgsqlDbType = NpgsqlDbType.Jsonb },
                new() { Value = Guid.CreateVersion7() }, new() { Value = typeof(IdempotencyRecord).FullName! },
            },
        };

        public NpgsqlBatchCommand Unanswer()
        {
            (claim.Status, claim.ContentType, claim.Location, claim.Body) = (null, null, null, null);
            return new($"update {_table} set data = data - 'status' - 'contentType' - 'location' - 'body' where id = $1 and data ->> 'attempt' = $2")
            {
                Parameters = { new() { Value = claim.Id }, new() { Value = claim.Attempt.ToString("D") } },
            };
        }

        public NpgsqlBatchCommand Release() => new($"delete from {_table} where id = $1 and data ->> 'attempt' = $2")
        {
            Parameters = { new() { Value = claim.Id }, new() { Value = claim.Attempt.ToString("D") } },
        };
    }
}

/// <summary>
/// CONTRACT.md idempotency: a POST repeated with the same Idempotency-Key and body gets the first
/// response and records nothing new; with another body it is a 422. Exactly-once does not rest on this
/// middleware's bookkeeping: the claim (<see cref="IdempotencyRecord"/>) is inserted by
/// <see cref="RecordingMiddleware"/> in the request's own transaction, so the facts and the claim commit
/// together or not at all, and of concurrent duplicates only one can commit.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IDocumentStore store, TimeProvider clock, ILogger<IdempotencyMiddleware> logger)
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;
    internal const string ClaimItem = "capops:idempotency-claim";
    private static readonly TimeSpan WaitForFirst = TimeSpan.FromSeconds(10);

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

        var claim = new IdempotencyRecord { Id = id, RequestHash = hash, Attempt = Guid.NewGuid(), CreatedAt = clock.GetUtcNow() };
        context.Items[ClaimItem] = claim;
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
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

        if (failure is null)
        {
            // The request ran to its end, so its transaction committed the claim (a lost race on the claim
            // throws instead). Most responses went with it (IdempotentResponsePolicy); keep any other in one statement.
            if (context.Response.StatusCode < 500 && claim.Status is null) await KeepResponse(context, claim, buffer);
        }
        else
        {
            await using var session = store.QuerySession();
            var committed = await session.LoadAsync<IdempotencyRecord>(id);
            if (committed is not null && committed.Attempt != claim.Attempt)
            {
                // A concurrent duplicate committed first (this attempt lost the race on the claim and recorded
                // nothing): answer as the first did.
                context.Response.Clear();
                if (await Replay(context, id, hash)) return;
            }
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>
    /// Stores the response on this attempt's claim. Matches nothing when the request stopped before claiming
    /// (a 400 from validation, say): such a request recorded nothing, and a retry is decided afresh.
    /// </summary>
    private async Task KeepResponse(HttpContext context, IdempotencyRecord claim, MemoryStream buffer)
    {
        var table = store.Options.FindOrResolveDocumentType(typeof(IdempotencyRecord)).TableName.QualifiedName;
        try
        {
            await using var connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync();
            await using var update = new Npgsql.NpgsqlCommand(
                $"update {table} set data = data || jsonb_build_object('status', $1, 'contentType', $2, 'location', $3, 'body', $4) " +
                "where id = $5 and data ->> 'attempt' = $6", connection);
            update.Parameters.Add(new() { Value = context.Response.StatusCode });
            update.Parameters.Add(new() { Value = (object?)context.Response.ContentType ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            update.Parameters.Add(new() { Value = context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            update.Parameters.Add(new() { Value = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            update.Parameters.Add(new() { Value = claim.Id });
            update.Parameters.Add(new() { Value = claim.Attempt.ToString("D") });
            await update.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The facts are committed; only the copy of the response is missing. A retry is told so.
            logger.LogWarning(e, "Could not keep the response of an idempotent request");
        }
    }

    /// <summary>Answers from a committed claim; false when there is none yet.</summary>
    private async Task<bool> Replay(HttpContext context, string id, string hash)
    {
        var deadline = clock.GetUtcNow() + WaitForFirst;
        while (true)
        {
            await using var session = store.QuerySession();
            var existing = await session.LoadAsync<IdempotencyRecord>(id, context.RequestAborted);
            if (existing is null) return false;
            if (existing.RequestHash != hash)
            {
                await context.WriteProblemAsync(new SharedKernel.Problem(StatusCodes.Status422UnprocessableEntity, Msg("IdempotencyKeyReused", Header)));
                return true;
            }
            if (existing.Status is { } status)
            {
                context.Response.StatusCode = status;
                if (existing.ContentType is not null) context.Response.ContentType = existing.ContentType;
                if (existing.Location is not null) context.Response.Headers.Location = existing.Location;
                context.Response.Headers["Idempotent-Replayed"] = "true";
                if (existing.Body is { Length: > 0 } body) await context.Response.WriteAsync(body, context.RequestAborted);
                return true;
            }
            if (clock.GetUtcNow() > deadline)
            {
                await context.WriteProblemAsync(SharedKernel.Problem.Conflict(Msg("IdempotencyNoResponse", Header)));
                return true;
            }
            await Task.Delay(100, context.RequestAborted);
        }
    }

    private static async Task<string> HashRequest(HttpRequest request)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString} {request.ContentType}\n"));
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0) sha.AppendData(chunk, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexString(sha.GetHashAndReset());
    }

}

/// <summary>Forgets claims older than <c>Idempotency:RetentionHours</c> (default 48; the contract promises at least 24).</summary>
public sealed class IdempotencyCleanup(IDocumentStore store, IConfiguration configuration, TimeProvider clock, ILogger<IdempotencyCleanup> logger)
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
                await using var session = store.LightweightSession();
                var cutoff = clock.GetUtcNow() - retention;
                session.DeleteWhere<IdempotencyRecord>(r => r.CreatedAt < cutoff);
                await session.SaveChangesAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Idempotency cleanup failed; it runs again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
