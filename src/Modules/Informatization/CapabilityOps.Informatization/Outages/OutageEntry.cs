using CapabilityOps.Informatization.Availability;

namespace CapabilityOps.Informatization.Outages;

/// <summary>An outage as a system's or station's record keeps it, with the instant it was recorded (for <c>?asOf=</c> views).</summary>
public sealed class OutageEntry
{
    public Guid Id { get; set; }
    public DateTimeOffset From { get; set; }
    public DateTimeOffset To { get; set; }
    public string Cause { get; set; } = "";
    public string Impact { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }

    public Span Span => new(From, To);
}

/// <summary>An outage as the routes answer it.</summary>
/// <param name="Id">The outage's id.</param>
/// <param name="From">When it began (an instant).</param>
/// <param name="To">When it ended (an instant).</param>
/// <param name="Cause">What caused it.</param>
/// <param name="Impact">What it affected.</param>
public sealed record OutageView(Guid Id, DateTimeOffset From, DateTimeOffset To, string Cause, string Impact)
{
    public static OutageView Of(OutageEntry o) => new(o.Id, o.From, o.To, o.Cause, o.Impact);
}
