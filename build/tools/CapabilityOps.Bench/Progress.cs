using System.Diagnostics;

namespace CapabilityOps.Bench;

/// <summary>A progress line on stderr at most once a second: how far, how fast, how long to go.</summary>
public sealed class Progress(string what, long total, string unit)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastPrintMs = -1000;

    public void Report(long done, string? extra = null)
    {
        var now = _clock.ElapsedMilliseconds;
        if (now - Interlocked.Read(ref _lastPrintMs) < 1000) return;
        Interlocked.Exchange(ref _lastPrintMs, now);
        var rate = done / Math.Max(0.001, _clock.Elapsed.TotalSeconds);
        var percent = total > 0 ? $" {Math.Min(100, 100.0 * done / total),5:0.0}%" : "";
        var left = total > 0 && rate > 0 && done < total ? $", ~{(total - done) / rate:0} s left" : "";
        Console.Error.WriteLine($"  {what}:{percent} {done:N0} {unit}, {rate:N0} {unit}/s{left}{extra}");
    }

    public void Done(long done) =>
        Console.Error.WriteLine($"  {what}: {done:N0} {unit} in {_clock.Elapsed.TotalSeconds:0.0} s ({done / Math.Max(0.001, _clock.Elapsed.TotalSeconds):N0} {unit}/s)");
}
