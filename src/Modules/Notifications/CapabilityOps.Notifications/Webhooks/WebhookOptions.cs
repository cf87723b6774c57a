using System.Net;
using System.Net.Sockets;

namespace CapabilityOps.Notifications.Webhooks;

/// <summary>
/// Configuration section <c>Webhooks</c> (docs/OPERATIONS.md). Only the hosts listed may receive deliveries: the API may be
/// made to post anywhere an administrator types, so the list, not the request, decides where the server sends (no
/// server-side request forgery).
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Host names or literal addresses a webhook may target, compared without case; a private address only when listed literally.</summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>How long one delivery attempt may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public RetryOptions Retry { get; set; } = new();

    public sealed class RetryOptions
    {
        /// <summary>The wait after the first failed attempt; each further failure doubles it.</summary>
        public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>The longest wait between two attempts.</summary>
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

        /// <summary>After this many attempts a delivery is given up (<c>Failed</c>); 0 retries until acknowledged.</summary>
        public int MaxAttempts { get; set; }

        /// <summary>
        /// How often the message store is polled for retries that are due (Wolverine's scheduled-job polling); left unset,
        /// Wolverine's default (5 s).
        /// </summary>
        public TimeSpan? PollingInterval { get; set; }
    }

    /// <summary>The wait before the attempt after <paramref name="attempts"/> failed ones: doubling from the first delay, capped.</summary>
    public TimeSpan DelayAfter(int attempts)
    {
        var first = Retry.FirstDelay <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : Retry.FirstDelay;
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(first.Ticks * factor, Retry.MaxDelay.Ticks));
        return delay < first ? first : delay;
    }

    /// <summary>Whether <paramref name="host"/> (a URL's host) is on the list.</summary>
    public bool Allows(string host) => AllowedHosts.Any(h => string.Equals(h.Trim().TrimEnd('.'), host.TrimEnd('.'), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether the server may connect to <paramref name="address"/>: a public address of an allowed host, or a private,
    /// loopback or link-local one only when it is itself on the list (so a listed name that resolves inside the network is
    /// refused, and so is DNS pointed there later).
    /// </summary>
    public bool MayConnectTo(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return !IsPrivate(address) || AllowedHosts.Any(h => IPAddress.TryParse(h.Trim().Trim('[', ']'), out var listed) && listed.Equals(address));
    }

    /// <summary>Loopback, private (RFC 1918, unique local), link-local, carrier-grade NAT, unspecified and multicast addresses.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return true;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10 || b[0] == 127 || b[0] == 0
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || b[0] >= 224;
        }
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
    }
}
