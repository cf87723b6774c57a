using CapabilityOps.Audit.Contracts;

namespace CapabilityOps.Audit.Chain;

/// <summary>What one walk of the chain against the event rows found.</summary>
public sealed record ChainWalk(
    long EventsChecked,
    BrokenLink? FirstBroken,
    long BrokenCount,
    long NotYetChained,
    ChainLink? Tip,
    long HighestSequence,
    long RowsRead,
    byte[]? AnchorHash);

/// <summary>
/// Walks the stored links and the event rows together, both in sequence order (a merge: one pass, constant memory), and
/// recomputes each link from the previous stored link and the row as it is now. Gaps in the sequence (rolled-back appends)
/// are fine — the chain links the events that exist. Each link is checked against the previous <em>stored</em> hash, so
/// one edit breaks one link and the walk goes on to count separate edits. Pure: the rows come from anywhere.
/// </summary>
public static class ChainVerifier
{
    public const string Altered = "Altered";
    public const string Deleted = "Deleted";
    public const string NotInChain = "NotInChain";

    /// <summary>Walks a whole chain from its genesis.</summary>
    public static Task<ChainWalk> WalkAsync(IReadOnlyList<ChainLink> links, IReadOnlyList<EventRow> rows, long? anchorSequence = null,
        CancellationToken cancellation = default) =>
        WalkAsync(links.ToAsyncEnumerable(), rows.ToAsyncEnumerable(), ChainHash.Genesis, links.Count == 0 ? null : links[^1].Sequence, anchorSequence, cancellation);

    /// <summary>
    /// Walks the links and rows of one range of sequences. <paramref name="previous"/> is the stored link just before the
    /// range (the genesis value for the first); <paramref name="tipSequence"/> is the whole chain's last link, so a row
    /// without a link is told apart: below the tip it was never chained (a break), above it the chain has not reached it yet.
    /// Because each link is checked against the stored link before it, ranges can be walked separately and in parallel.
    /// </summary>
    public static async Task<ChainWalk> WalkAsync(IAsyncEnumerable<ChainLink> links, IAsyncEnumerable<EventRow> rows, byte[] previous,
        long? tipSequence, long? anchorSequence, CancellationToken cancellation)
    {
        var hasher = new ChainHash();
        var computed = new byte[ChainHash.Size];
        long checkedCount = 0, brokenCount = 0, pending = 0, rowsRead = 0, highest = 0;
        BrokenLink? first = null;
        ChainLink? tip = null;
        byte[]? anchor = null;

        await using var link = links.GetAsyncEnumerator(cancellation);
        await using var row = rows.GetAsyncEnumerator(cancellation);
        var hasLink = await link.MoveNextAsync();
        var hasRow = await row.MoveNextAsync();
        while (hasLink || hasRow)
        {
            cancellation.ThrowIfCancellationRequested();
            if (hasLink && hasRow && link.Current.Sequence == row.Current.Sequence)
            {
                var (l, r) = (link.Current, row.Current);
                hasher.Link(previous, r, computed);
                checkedCount++;
                rowsRead++;
                if (!computed.AsSpan().SequenceEqual(l.Hash)) Broken(new BrokenLink(r.Sequence, r.StreamKey ?? "", r.Version, Altered));
                Advance(l);
                highest = Math.Max(highest, r.Sequence);
                hasLink = await link.MoveNextAsync();
                hasRow = await row.MoveNextAsync();
            }
            else if (hasLink && (!hasRow || link.Current.Sequence < row.Current.Sequence))
            {
                var l = link.Current;
                Broken(new BrokenLink(l.Sequence, l.StreamKey ?? "", l.Version, Deleted));
                Advance(l);
                hasLink = await link.MoveNextAsync();
            }
            else
            {
                var r = row.Current;
                rowsRead++;
                highest = Math.Max(highest, r.Sequence);
                // Below the tip without ever having been chained: inserted afterwards.
                if (r.Sequence < tipSequence) Broken(new BrokenLink(r.Sequence, r.StreamKey ?? "", r.Version, NotInChain));
                else pending++;
                hasRow = await row.MoveNextAsync();
            }
        }
        return new ChainWalk(checkedCount, first, brokenCount, pending, tip, highest, rowsRead, anchor);

        void Broken(BrokenLink broken)
        {
            brokenCount++;
            first ??= broken;
        }

        void Advance(ChainLink l)
        {
            previous = l.Hash;
            tip = l;
            if (l.Sequence == anchorSequence) anchor = l.Hash;
        }
    }

    /// <summary>The walks of consecutive ranges as one walk of the whole chain.</summary>
    public static ChainWalk Combine(IReadOnlyList<ChainWalk> ranges, ChainLink? tip) => new(
        ranges.Sum(w => w.EventsChecked),
        ranges.Select(w => w.FirstBroken).OfType<BrokenLink>().OrderBy(b => b.Sequence).FirstOrDefault(),
        ranges.Sum(w => w.BrokenCount),
        ranges.Sum(w => w.NotYetChained),
        tip,
        ranges.Select(w => w.HighestSequence).DefaultIfEmpty(0).Max(),
        ranges.Sum(w => w.RowsRead),
        ranges.Select(w => w.AnchorHash).FirstOrDefault(h => h is not null));

    /// <summary>The report of a walk, with the anchor (a tip kept from an earlier report) checked when one was given.</summary>
    public static ChainReport Report(ChainWalk walk, long? anchorSequence, byte[]? anchorHash, int workers, TimeSpan elapsed)
    {
        AnchorCheck? anchor = anchorSequence is { } sequence && anchorHash is not null
            ? new AnchorCheck(sequence, ChainHash.Hex(anchorHash), walk.AnchorHash is null ? null : ChainHash.Hex(walk.AnchorHash),
                walk.AnchorHash is not null && walk.AnchorHash.AsSpan().SequenceEqual(anchorHash))
            : null;
        var seconds = elapsed.TotalSeconds;
        return new ChainReport(walk.BrokenCount == 0 && anchor?.Matches != false, walk.EventsChecked, walk.FirstBroken, walk.BrokenCount,
            walk.NotYetChained, walk.Tip is { } tip ? new ChainPosition(tip.Sequence, ChainHash.Hex(tip.Hash)) : null, anchor,
            walk.HighestSequence, workers, Math.Round(seconds, 3), seconds > 0 ? Math.Round(walk.RowsRead / seconds) : 0);
    }
}
