using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace CapabilityOps.Notifications.Webhooks;

/// <summary>What one attempt came to.</summary>
public enum AttemptOutcome { Delivered, Failed, Refused }

/// <summary>
/// Posts a delivery's body to its webhook, signed. It never follows a redirect (a 3xx is a failed attempt), and connects only
/// to addresses the configuration allows (<see cref="WebhookOptions.MayConnectTo"/>), checked on the address it actually
/// connects to, so a listed name that resolves (or is later pointed) inside the network is refused as well.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly IOptionsMonitor<WebhookOptions> _options;
    private readonly HttpClient _client;

    public WebhookSender(IOptionsMonitor<WebhookOptions> options)
    {
        _options = options;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<(AttemptOutcome Outcome, string? Error)> SendAsync(Webhook hook, WebhookDelivery delivery, CancellationToken cancellation)
    {
        var options = _options.CurrentValue;
        if (!Uri.TryCreate(hook.Url, UriKind.Absolute, out var url) || !options.Allows(url.Host))
            return (AttemptOutcome.Refused, $"host '{url?.Host ?? hook.Url}' is not in Webhooks:AllowedHosts");

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Signature", WebhookPlanner.Signature(hook.Secret, delivery.Body));
        request.Headers.Add("X-Webhook-Id", delivery.FactId.ToString());
        request.Headers.Add("X-Webhook-Type", delivery.Type);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (status is >= 200 and <= 299) return (AttemptOutcome.Delivered, null);
            if (status is >= 300 and <= 399) return (AttemptOutcome.Failed, $"HTTP {status}: redirect to '{response.Headers.Location}' not followed");
            return (AttemptOutcome.Failed, $"HTTP {status} {response.ReasonPhrase}".TrimEnd());
        }
        catch (HttpRequestException e) when (e.InnerException is AddressRefusedException refused)
        {
            return (AttemptOutcome.Refused, refused.Message);
        }
        catch (HttpRequestException e)
        {
            return (AttemptOutcome.Failed, e.Message);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return (AttemptOutcome.Failed, $"no answer within {options.Timeout.TotalSeconds:0.###} s");
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellation)
    {
        var options = _options.CurrentValue;
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellation);
        var allowed = addresses.Where(options.MayConnectTo).ToArray();
        if (allowed.Length == 0) throw new AddressRefusedException($"'{host}' resolves to no address the server may connect to (a private address must be listed literally in Webhooks:AllowedHosts)");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellation);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _client.Dispose();

    private sealed class AddressRefusedException(string message) : Exception(message);
}
