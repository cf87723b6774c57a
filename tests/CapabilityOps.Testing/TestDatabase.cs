using Npgsql;

namespace CapabilityOps.Testing;

/// <summary>
/// A throwaway database on the PostgreSQL that build/test started (ConnectionStrings__Postgres), or on
/// the project's local cluster when run from an IDE after `build/db start`. Dropped when disposed.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private const string LocalCluster = "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";

    private TestDatabase(string server, string name)
    {
        Server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string Server { get; }
    public string Name { get; }
    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__Postgres") ?? LocalCluster)
        {
            Database = "postgres",
        }.ConnectionString;
        var name = "capops_test_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"create database {name}", connection);
        await create.ExecuteNonQueryAsync();
        return new TestDatabase(server, name);
    }

    /// <summary>Each row's columns joined into one text ("∅" for null), for comparing rows.</summary>
    public async Task<List<string>> Rows(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "∅" : reader.GetValue(i).ToString())));
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {Name} with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
