namespace CapabilityOps.Host.Operations;

/// <summary>
/// The system clock moved forward by a whole number of days: build/bench's simulated midnight (<c>POST /bench/clock/next-day</c>,
/// mapped with the other bench routes only when <c>Bench:BaselineEndpoints=true</c>). Every reader of "today" takes it through
/// the injected <see cref="TimeProvider"/>, so the compliance read model sees a new China day as it would at midnight.
/// </summary>
public sealed class BenchClock : TimeProvider
{
    private long _days;

    public int Days => (int)Interlocked.Read(ref _days);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddDays(Interlocked.Read(ref _days));

    public int NextDay() => (int)Interlocked.Increment(ref _days);
}
