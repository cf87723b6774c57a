using JasperFx;
using JasperFx.Events;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("CapabilityOps.Host.Tests")]

namespace CapabilityOps.Host.Infrastructure;

/// <summary>
/// Turns the exceptions that are not the server's fault into problem details: concurrent changes are
/// 409, an unreadable or oversized body 400/413. Anything else is a 500 without a stack trace.
/// </summary>
internal sealed class ExceptionProblems(IProblemDetailsService problems, ILogger<ExceptionProblems> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = Classify(exception);
        if (status >= 500) logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        else logger.LogInformation("Request refused with {Status}: {Title}", status, title);

        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"https://httpstatuses.io/{status}" },
        });
    }

    public static (int Status, string Title, string Detail) Classify(Exception exception) => exception switch
    {
        ConcurrencyException or EventStreamUnexpectedMaxEventIdException or JasperFx.Events.ExistingStreamIdCollisionException
            or Marten.Exceptions.ExistingStreamIdCollisionException
            or DocumentAlreadyExistsException or ConcurrentUpdateException
            => (409, "Conflict", "Another request changed the same record at the same time; read it again and retry."),
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }
            => (409, "Conflict", "The same record was written by another request at the same time."),
        // Text PostgreSQL cannot store (a NUL character, an unsupported \u0000 escape) is bad input, not a server fault.
        PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter or "22P05" }
            => (400, "Invalid request", "A text value holds a character that cannot be stored (such as NUL); nothing was recorded."),
        BadHttpRequestException { StatusCode: 413 } => (413, "Payload too large", "The request body is larger than allowed."),
        BadHttpRequestException bad => (bad.StatusCode, "Bad request", "The request could not be read."),
        MartenCommandException { InnerException: { } inner } when Classify(inner).Status < 500 => Classify(inner),
        _ when IsDatabaseUnavailable(exception)
            => (503, "Service unavailable", "The database cannot be reached; nothing was recorded. Retry with the same Idempotency-Key."),
        _ => (500, "Server error", "The server could not complete the request; nothing was recorded. The error is logged."),
    };

    /// <summary>
    /// The database is down, restarting or too slow: a connection or socket failure, an admin
    /// shutdown or a server starting up, a command or connection timeout — anywhere in the exception chain.
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg when pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                    or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections
                    or PostgresErrorCodes.ConnectionFailure or PostgresErrorCodes.ConnectionException
                    or PostgresErrorCodes.SqlClientUnableToEstablishSqlConnection or PostgresErrorCodes.QueryCanceled:
                    return true;
                case PostgresException:
                    return false;
                case NpgsqlException npgsql when npgsql.IsTransient:
                case NpgsqlException { InnerException: System.Net.Sockets.SocketException or IOException or TimeoutException }:
                case System.Net.Sockets.SocketException:
                case TimeoutException:
                    return true;
                case InvalidOperationException when e.Message.Contains("connection", StringComparison.OrdinalIgnoreCase)
                    && e.Message.Contains("broken", StringComparison.OrdinalIgnoreCase):
                    return true;
            }
        }
        return false;
    }
}
