namespace CapabilityOps.Audit.Contracts;

/// <summary>What <c>GET /api/v1/audit/verify</c> found when it recomputed the tamper-evidence chain.</summary>
/// <param name="Verified">Every chained event still hashes to its link and no link lost its event (and the anchor, when given, matches).</param>
/// <param name="EventsChecked">Chained events whose hash was recomputed.</param>
/// <param name="FirstBrokenAt">The first event (in sequence order) whose link does not hold: altered, deleted, or inserted below the chain's tip.</param>
/// <param name="BrokenCount">How many links do not hold; each is checked against the stored previous hash, so separate edits are counted separately.</param>
/// <param name="EventsNotYetChained">Events recorded after the chain's tip: the chain follows the event store asynchronously and has not reached them yet (not a break).</param>
/// <param name="Tip">The chain's last link: keep its sequence and hash outside the database and pass them back as an anchor later.</param>
/// <param name="Anchor">The anchor passed in, and whether the chain still passes through it.</param>
/// <param name="HighestSequence">The highest event sequence in the store.</param>
/// <param name="Workers">How many ranges of the chain were recomputed in parallel (each on its own connection, all in one snapshot).</param>
/// <param name="Seconds">How long the recomputation took.</param>
/// <param name="EventsPerSecond">Events read and checked per second.</param>
public sealed record ChainReport(
    bool Verified,
    long EventsChecked,
    BrokenLink? FirstBrokenAt,
    long BrokenCount,
    long EventsNotYetChained,
    ChainPosition? Tip,
    AnchorCheck? Anchor,
    long HighestSequence,
    int Workers,
    double Seconds,
    double EventsPerSecond);

/// <summary>An event whose link in the chain does not hold.</summary>
/// <param name="Sequence">The event's global sequence number.</param>
/// <param name="StreamKey">Its stream, e.g. <c>cadre:S-001</c>.</param>
/// <param name="Version">Its version in the stream.</param>
/// <param name="Problem">Altered (the event row, or its link, no longer hashes to the stored link), Deleted (the link's event row is gone) or NotInChain (an event row below the chain's tip that was never chained: inserted afterwards).</param>
public sealed record BrokenLink(long Sequence, string StreamKey, long Version, string Problem);

/// <summary>A position in the chain: an event's sequence and the chain's hash up to and including it (hex).</summary>
public sealed record ChainPosition(long Sequence, string Hash);

/// <summary>An anchor (a tip kept from an earlier report) checked against the chain as it is now.</summary>
/// <param name="Found">The hash the chain holds at that sequence now; null when it has no link there.</param>
public sealed record AnchorCheck(long Sequence, string Expected, string? Found, bool Matches);
