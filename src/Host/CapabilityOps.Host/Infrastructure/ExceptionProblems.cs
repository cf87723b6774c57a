using JasperFx;
using JasperFx.Events;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using CapabilityOps.SharedKernel;
using Problem = CapabilityOps.SharedKernel.Problem;

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
        var problem = Classify(exception);
        if (problem.Status >= 500) logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        else logger.LogInformation("Request refused with {Status}: {Problem}", problem.Status, problem.Detail.Key);

        context.Response.StatusCode = problem.Status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem.ToProblemDetails() });
    }

    public static Problem Classify(Exception exception) => exception switch
    {
        ConcurrencyException or EventStreamUnexpectedMaxEventIdException or JasperFx.Events.ExistingStreamIdCollisionException
            or Marten.Exceptions.ExistingStreamIdCollisionException
            or DocumentAlreadyExistsException or ConcurrentUpdateException
            => Problem.Conflict(Msg("ConcurrentChange")),
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }
            => Problem.Conflict(Msg("ConcurrentWrite")),
        // Text PostgreSQL cannot store (a NUL character, an unsupported \u0000 escape) is bad input, not a server fault.
        PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter or "22P05" }
            => new Problem(400, Msg("UnstorableCharacter")),
        BadHttpRequestException { StatusCode: 413 } => new Problem(413, Msg("BodyTooLargeAny")),
        BadHttpRequestException bad => new Problem(bad.StatusCode, Msg("BodyUnreadable")),
        MartenCommandException { InnerException: { } inner } when Classify(inner).Status < 500 => Classify(inner),
        _ when IsDatabaseUnavailable(exception) => new Problem(503, Msg("DatabaseUnavailable")),
        _ => new Problem(500, Msg("ServerError")),
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
