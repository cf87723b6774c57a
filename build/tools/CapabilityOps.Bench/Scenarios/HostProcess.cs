using System.Diagnostics;
using System.Globalization;

namespace CapabilityOps.Bench.Scenarios;

/// <summary>
/// The host as it runs in production: <c>dotnet CapabilityOps.Host.dll</c> from the Release build, Production environment
/// (the schema applied beforehand by <c>db-apply</c>), on its own port and database, with the bench's baseline routes on.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;

    private HostProcess(Process process, string url) { _process = process; Url = url; }

    public string Url { get; }

    public int Pid => _process.Id;

    /// <summary>The host build/bench published (Release, ReadyToRun), as it is deployed.</summary>
    public static string Dll(string root) => Path.Combine(root, "artifacts/host/CapabilityOps.Host.dll");

    public static HostProcess Start(string root, string connectionString, string url, string adminKey, string log, params string[] args)
    {
        // The published folder is the content root, as in a deployment: appsettings.json (log levels) is read from it.
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(Dll(root))!,
        };
        info.ArgumentList.Add(Dll(root));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["ConnectionStrings__Postgres"] = connectionString;
        info.Environment["ASPNETCORE_URLS"] = url;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Said explicitly: the content root otherwise followed the bench's inherited $PWD (the repository), where there is
        // no appsettings.json, and the host logged every request at Information.
        info.Environment["ASPNETCORE_CONTENTROOT"] = info.WorkingDirectory;
        info.Environment["Auth__BootstrapAdminKey"] = adminKey;
        info.Environment["Bench__BaselineEndpoints"] = "true";
        // The bench measures the server, not the per-key rate limit.
        info.Environment["RateLimit__PermitsPerSecond"] = "10000000";
        info.Environment["RateLimit__Burst"] = "10000000";
        info.Environment["Health__MaxProjectionLag"] = "100000000";
        var process = Process.Start(info)!;
        var writer = new StreamWriter(log, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (writer) writer.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (writer) writer.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new HostProcess(process, url);
    }

    /// <summary>Runs the host's command line (e.g. <c>db-apply</c>) to its end; throws when it fails.</summary>
    public static async Task RunCommandAsync(string root, string connectionString, string log, params string[] args)
    {
        await using var host = Start(root, connectionString, "http://127.0.0.1:0", "unused-key-0123456789", log, args);
        await host._process.WaitForExitAsync();
        if (host._process.ExitCode != 0) throw new InvalidOperationException($"host {string.Join(' ', args)} failed (exit {host._process.ExitCode}); see {log}");
    }

    public bool Exited => _process.HasExited;

    /// <summary>VmRSS or VmHWM (peak) from /proc, in MB.</summary>
    public double MemoryMb(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        return double.NaN;
    }

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
