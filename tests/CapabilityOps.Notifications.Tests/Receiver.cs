using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace CapabilityOps.Notifications.Tests;

/// <summary>A webhook receiver on 127.0.0.1 started by the test: records each POST and answers what the test says.</summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _count;

    public sealed record Request(string Body, string? Signature, int Number);

    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>The status answered to the n-th request (1-based), and the Location of a redirect.</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;

    public string? RedirectTo { get; set; }

    public int Port { get; }

    public string Url(string path = "/hook") => $"http://127.0.0.1:{Port}{path}";

    public Receiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var number = Interlocked.Increment(ref _count);
            Requests.Enqueue(new Request(body, context.Request.Headers["X-Signature"], number));
            context.Response.StatusCode = Answer(number);
            if (RedirectTo is not null && context.Response.StatusCode is >= 300 and < 400) context.Response.RedirectLocation = RedirectTo;
            context.Response.Close();
        }
    }

    /// <summary>Waits until <paramref name="count"/> requests have arrived.</summary>
    public async Task<IReadOnlyList<Request>> WaitFor(int count, TimeSpan? within = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Requests.Count < count)
        {
            if (clock.Elapsed > (within ?? TimeSpan.FromSeconds(30))) throw new TimeoutException($"{Requests.Count} of {count} requests arrived.");
            await Task.Delay(25);
        }
        return Requests.ToList();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
