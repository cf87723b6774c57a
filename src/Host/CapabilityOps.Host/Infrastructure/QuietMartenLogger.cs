using Marten;
using Marten.Services;
using Npgsql;

namespace CapabilityOps.Host.Infrastructure;

/// <summary>
/// Marten's default logger writes the failing SQL with its parameter values — staff numbers, names,
/// key names. This one logs what failed and why, never the values (no personal data in logs). Being Marten's hook before
/// every command, it also gives the daemon's event pages their own plans (<see cref="DaemonPagePlans"/>).
/// </summary>
public sealed class QuietMartenLogger(ILogger<QuietMartenLogger> logger) : IMartenLogger, IMartenSessionLogger
{
    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql) => logger.LogInformation("Schema change applied ({Length} characters of DDL)", sql.Length);

    public void LogSuccess(NpgsqlCommand command)
    {
    }

    public void LogSuccess(NpgsqlBatch batch)
    {
    }

    public void LogFailure(NpgsqlCommand command, Exception ex) => Failure(ex);

    public void LogFailure(NpgsqlBatch batch, Exception ex) => Failure(ex);

    public void LogFailure(Exception ex, string message) => Failure(ex);

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit)
    {
    }

    public void OnBeforeExecute(NpgsqlCommand command) => DaemonPagePlans.Apply(command);

    public void OnBeforeExecute(NpgsqlBatch batch)
    {
    }

    private void Failure(Exception ex) =>
        // Unique violations are expected (duplicates, concurrent changes) and answered with 409.
        logger.Log(ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } ? LogLevel.Debug : LogLevel.Warning,
            "Database command failed: {ExceptionType} {SqlState}", ex.GetType().Name, (ex as PostgresException)?.SqlState);
}
