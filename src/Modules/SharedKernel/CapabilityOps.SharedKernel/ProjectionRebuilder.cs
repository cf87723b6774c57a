namespace CapabilityOps.SharedKernel;

/// <summary>
/// A module's own rebuild of projections the daemon's generic rebuild is too slow for (it reads and deserialises every
/// event once per projection). The host's rebuild — the admin route and <c>projections rebuild</c> — runs this instead
/// of the daemon for the projections it names, and the daemon for the rest. What it writes must equal what the
/// projections write as the facts come in.
/// </summary>
public interface IProjectionRebuilder
{
    /// <summary>The projections it rebuilds, by their names in Marten's projection registry.</summary>
    IReadOnlyList<string> Projections { get; }

    /// <summary>
    /// Empties and refills the documents of <paramref name="projections"/> (some of <see cref="Projections"/>).
    /// An asynchronous projection is rebuilt through <paramref name="highWaterMark"/> (every event below it is committed)
    /// and its progress set to it in the same transaction, so its agent goes on from there; the caller stops the agent
    /// first and starts it afterwards.
    /// </summary>
    Task RebuildAsync(IReadOnlySet<string> projections, long highWaterMark, CancellationToken cancellation);
}
