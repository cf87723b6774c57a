using System.Globalization;

namespace CapabilityOps.Bench.Scenarios;

/// <summary>
/// CPU time, in ms, used so far by the host, by PostgreSQL (the bench cluster's postmaster and its children, not another
/// cluster on the machine; backends that exited meanwhile count through the postmaster's reaped-children time) and by the bench itself, and the part of the host's spent by its JIT's
/// background (tiering) thread. The difference of two readings over a load run says where a request's cost goes on this
/// CPU-bound machine (docs/PERFORMANCE.md).
/// </summary>
public readonly record struct CpuReading(double HostMs, double DatabaseMs, double DriverMs, double HostJitMs)
{
    private const double MsPerTick = 10; // USER_HZ is 100 on Linux

    /// <summary>The bench cluster's postmaster; until it is known, every postgres process counts.</summary>
    public static int? Postmaster { get; private set; }

    /// <summary>Finds the postmaster as the parent of a backend of the bench database's connection.</summary>
    public static async Task WatchDatabaseAsync(string connectionString, CancellationToken cancellation)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await using var command = new Npgsql.NpgsqlCommand("select pg_backend_pid()", connection);
        var backend = (int)(await command.ExecuteScalarAsync(cancellation))!;
        Postmaster = Stat($"/proc/{backend}/stat")?.Parent;
    }

    public static CpuReading Take(int hostPid)
    {
        double database = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            if (Stat($"/proc/{pid}/stat") is { Command: "postgres" } stat && (Postmaster is null || pid == Postmaster || stat.Parent == Postmaster))
                database += stat.Ticks + stat.ChildTicks;
        }
        var host = Stat($"/proc/{hostPid}/stat")?.Ticks ?? double.NaN;
        // .NET names the thread that recompiles hot methods (tiered compilation) ".NET Tiered Com…".
        double jit = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{hostPid}/task"))
                if (Stat($"{task}/stat") is { } thread && thread.Command.Contains("Tiered", StringComparison.Ordinal)) jit += thread.Ticks;
        }
        catch (DirectoryNotFoundException) { }
        return new CpuReading(host * MsPerTick, database * MsPerTick, Environment.CpuUsage.TotalTime.TotalMilliseconds, jit * MsPerTick);
    }

    public static CpuReading operator -(CpuReading a, CpuReading b) =>
        new(a.HostMs - b.HostMs, a.DatabaseMs - b.DatabaseMs, a.DriverMs - b.DriverMs, a.HostJitMs - b.HostJitMs);

    private static (string Command, int Parent, double Ticks, double ChildTicks)? Stat(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (IOException) { return null; } // the process (thread) ended meanwhile
        catch (UnauthorizedAccessException) { return null; }
        var open = text.IndexOf('(');
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open) return null;
        // Fields after the command: state, ppid (4th field of the line), … utime (14th), stime, cutime, cstime.
        var fields = text[(close + 2)..].Split(' ');
        double Field(int n) => double.Parse(fields[n - 3], CultureInfo.InvariantCulture);
        return (text[(open + 1)..close], (int)Field(4), Field(14) + Field(15), Field(16) + Field(17));
    }
}
