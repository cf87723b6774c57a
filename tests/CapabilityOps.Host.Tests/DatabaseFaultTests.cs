using CapabilityOps.Host.Infrastructure;
using Npgsql;

namespace CapabilityOps.Host.Tests;

/// <summary>Issue 9: a request that meets a dead database fails fast with a 503 (build/chaos scenario 1 shows it end to end).</summary>
public class DatabaseFaultTests
{
    [Fact]
    public async Task A_refused_connection_is_a_503_and_fails_within_the_connect_timeout()
    {
        // Nothing listens on port 1 of the loopback address.
        var started = System.Diagnostics.Stopwatch.StartNew();
        var error = await Should.ThrowAsync<Exception>(async () =>
        {
            await using var connection = new NpgsqlConnection(Platform.WithConnectionDefaults("Host=127.0.0.1;Port=1;Username=postgres;Pooling=false"));
            await connection.OpenAsync();
        });
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        ExceptionProblems.Classify(error).Status.ShouldBe(503);
    }

    [Theory]
    [InlineData("57P01")] // admin shutdown: the server is stopping or was killed
    [InlineData("57P03")] // cannot connect now: the server is starting up or recovering
    [InlineData("53300")] // too many connections
    public void A_server_going_away_or_starting_up_is_a_503(string sqlState)
    {
        var error = new PostgresException("terminating connection", "FATAL", "FATAL", sqlState);
        ExceptionProblems.Classify(error).Status.ShouldBe(503);
        ExceptionProblems.Classify(new Marten.Exceptions.MartenCommandException(new NpgsqlCommand("select 1"), error)).Status.ShouldBe(503);
    }

    [Fact]
    public void A_broken_socket_or_a_timeout_is_a_503_but_other_errors_keep_their_status()
    {
        ExceptionProblems.Classify(new NpgsqlException("Exception while reading from stream", new System.IO.EndOfStreamException())).Status.ShouldBe(503);
        ExceptionProblems.Classify(new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111))).Status.ShouldBe(503);
        ExceptionProblems.Classify(new NpgsqlException("Timeout", new TimeoutException())).Status.ShouldBe(503);
        ExceptionProblems.Classify(new PostgresException("duplicate", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)).Status.ShouldBe(409);
        ExceptionProblems.Classify(new PostgresException("syntax", "ERROR", "ERROR", PostgresErrorCodes.SyntaxError)).Status.ShouldBe(500);
        ExceptionProblems.Classify(new InvalidOperationException("a bug")).Status.ShouldBe(500);
    }

    [Fact]
    public void Connection_strings_get_bounded_timeouts_unless_they_set_their_own()
    {
        var set = new NpgsqlConnectionStringBuilder(Platform.WithConnectionDefaults("Host=h;Database=d"));
        set.Timeout.ShouldBe(5);
        set.CommandTimeout.ShouldBe(30);
        new NpgsqlConnectionStringBuilder(Platform.WithConnectionDefaults("Host=h;Timeout=9;Command Timeout=60")).Timeout.ShouldBe(9);
    }

    [Fact]
    public void The_server_checks_that_a_statements_client_is_still_there_unless_the_connection_string_says_otherwise()
    {
        new NpgsqlConnectionStringBuilder(Platform.WithConnectionDefaults("Host=h")).Options.ShouldBe("-c client_connection_check_interval=1000");
        new NpgsqlConnectionStringBuilder(Platform.WithConnectionDefaults("Host=h;Options=-c statement_timeout=5000")).Options
            .ShouldBe("-c statement_timeout=5000 -c client_connection_check_interval=1000");
        new NpgsqlConnectionStringBuilder(Platform.WithConnectionDefaults("Host=h;Options=-c client_connection_check_interval=0")).Options
            .ShouldBe("-c client_connection_check_interval=0");
    }

    [Fact]
    public void Only_the_daemons_event_pages_get_text_of_their_own_so_they_are_never_prepared_with_a_generic_plan()
    {
        (new NpgsqlConnectionStringBuilder(Platform.WithConnectionDefaults("Host=h")).Options ?? "").ShouldNotContain("plan_cache_mode");
        const string page = "select d.data, d.seq_id, s.type as stream_type from capops.mt_events as d inner join capops.mt_streams as s " +
                            "on d.stream_id = s.id where d.seq_id > $1 and d.seq_id <= $2 and d.type = ANY($3) order by d.seq_id limit 5000";
        var command = new NpgsqlCommand(page);
        DaemonPagePlans.Apply(command);
        var first = command.CommandText;
        DaemonPagePlans.Apply(command);
        first.ShouldStartWith(page);
        first.ShouldNotBe(page);
        command.CommandText.ShouldStartWith(page);
        command.CommandText.ShouldNotBe(first);
        command.CommandText.Length.ShouldBeLessThan(page.Length + 40, "the page comment is replaced, not appended again");

        var other = new NpgsqlCommand("select d.data from capops.mt_doc_cadrerecord as d where id = $1");
        DaemonPagePlans.Apply(other);
        other.CommandText.ShouldBe("select d.data from capops.mt_doc_cadrerecord as d where id = $1");
    }
}
