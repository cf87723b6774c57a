using CapabilityOps.Audit.Chain;

namespace CapabilityOps.Audit.Tests.Chain;

/// <summary>The walk over links and rows, without a database: what each kind of tampering looks like.</summary>
public class ChainVerifierTests
{
    /// <summary>Rows with gaps in the sequence (rolled-back appends leave holes; the chain links the rows that exist).</summary>
    private static readonly long[] Sequences = [1, 2, 3, 5, 6, 9, 10, 11, 14, 20];

    private static List<EventRow> Rows() =>
        Sequences.Select((s, i) => ChainHashTests.Row(s, $$"""{"n": {{i}}, "place": "第{{i}}村"}""") with { Version = i + 1 }).ToList();

    /// <summary>The links the writer would store for these rows.</summary>
    private static List<ChainLink> Chain(IEnumerable<EventRow> rows)
    {
        var hasher = new ChainHash();
        var previous = ChainHash.Genesis;
        return rows.Select(r => new ChainLink(r.Sequence, r.StreamKey, r.Version, previous = hasher.Link(previous, r))).ToList();
    }

    private static async Task<(ChainWalk Walk, Audit.Contracts.ChainReport Report)> Verify(List<ChainLink> links, List<EventRow> rows,
        long? anchorSequence = null, byte[]? anchorHash = null)
    {
        var walk = await ChainVerifier.WalkAsync(links, rows, anchorSequence);
        return (walk, ChainVerifier.Report(walk, anchorSequence, anchorHash, 1, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task An_untouched_chain_with_gaps_in_the_sequence_verifies()
    {
        var rows = Rows();
        var (walk, report) = await Verify(Chain(rows), rows);
        report.Verified.ShouldBeTrue();
        walk.EventsChecked.ShouldBe(rows.Count);
        walk.FirstBroken.ShouldBeNull();
        report.Tip!.Sequence.ShouldBe(20);
        report.HighestSequence.ShouldBe(20);
    }

    [Fact]
    public async Task An_edited_row_breaks_its_own_link_only_and_is_named()
    {
        var rows = Rows();
        var links = Chain(rows);
        rows[4] = rows[4] with { Data = rows[4].Data.Replace("第4村", "别处") };
        var (walk, report) = await Verify(links, rows);
        report.Verified.ShouldBeFalse();
        walk.FirstBroken.ShouldBe(new Audit.Contracts.BrokenLink(6, "cadre:S-001", 5, ChainVerifier.Altered));
        walk.BrokenCount.ShouldBe(1);
        walk.EventsChecked.ShouldBe(rows.Count);
    }

    [Fact]
    public async Task Two_edits_count_twice_and_the_first_is_named()
    {
        var rows = Rows();
        var links = Chain(rows);
        rows[7] = rows[7] with { UserName = "x" };
        rows[2] = rows[2] with { Headers = null };
        var (walk, _) = await Verify(links, rows);
        walk.BrokenCount.ShouldBe(2);
        walk.FirstBroken!.Sequence.ShouldBe(3);
    }

    [Fact]
    public async Task A_deleted_row_is_named_from_its_link()
    {
        var rows = Rows();
        var links = Chain(rows);
        rows.RemoveAt(3);
        var (walk, report) = await Verify(links, rows);
        report.Verified.ShouldBeFalse();
        walk.FirstBroken.ShouldBe(new Audit.Contracts.BrokenLink(5, "cadre:S-001", 4, ChainVerifier.Deleted));
        walk.BrokenCount.ShouldBe(1);
    }

    [Fact]
    public async Task A_row_inserted_below_the_tip_was_never_chained()
    {
        var rows = Rows();
        var links = Chain(rows);
        rows.Insert(3, ChainHashTests.Row(4, """{"forged": true}"""));
        var (walk, _) = await Verify(links, rows);
        walk.FirstBroken!.Sequence.ShouldBe(4);
        walk.FirstBroken.Problem.ShouldBe(ChainVerifier.NotInChain);
    }

    [Fact]
    public async Task Rows_after_the_tip_are_not_yet_chained_not_broken()
    {
        var rows = Rows();
        var links = Chain(rows.Take(6));
        var (walk, report) = await Verify(links, rows);
        report.Verified.ShouldBeTrue();
        walk.NotYetChained.ShouldBe(4);
        walk.EventsChecked.ShouldBe(6);
        report.Tip!.Sequence.ShouldBe(9);
        report.HighestSequence.ShouldBe(20);
    }

    [Fact]
    public async Task An_edited_link_is_found_as_well()
    {
        var rows = Rows();
        var links = Chain(rows);
        links[5] = links[5] with { Hash = new byte[32] };
        var (walk, _) = await Verify(links, rows);
        walk.FirstBroken!.Sequence.ShouldBe(9);
    }

    [Fact]
    public async Task A_chain_recomputed_after_an_edit_verifies_on_its_own_but_not_against_an_anchor_kept_outside()
    {
        var rows = Rows();
        var original = Chain(rows);
        var anchor = original[^1];
        rows[2] = rows[2] with { Data = """{"rewritten": true}""" };
        var recomputed = Chain(rows);

        (await Verify(recomputed, rows)).Report.Verified.ShouldBeTrue();
        var (_, report) = await Verify(recomputed, rows, anchor.Sequence, anchor.Hash);
        report.Verified.ShouldBeFalse();
        report.Anchor!.Matches.ShouldBeFalse();
        report.Anchor.Found.ShouldBe(ChainHash.Hex(recomputed[^1].Hash));
    }

    [Fact]
    public async Task A_history_cut_at_its_end_is_found_by_an_anchor()
    {
        var rows = Rows();
        var links = Chain(rows);
        var anchor = links[^1];
        var (_, report) = await Verify(links.SkipLast(2).ToList(), rows.SkipLast(2).ToList(), anchor.Sequence, anchor.Hash);
        report.Verified.ShouldBeFalse();
        report.Anchor!.Found.ShouldBeNull();
    }

    [Fact]
    public async Task Walking_ranges_separately_from_the_stored_link_before_each_gives_the_whole_walk()
    {
        var rows = Rows();
        var links = Chain(rows);
        rows[1] = rows[1] with { Type = "x" };
        rows.RemoveAt(7);
        var whole = await ChainVerifier.WalkAsync(links, rows);

        var tip = links[^1].Sequence;
        var first = await ChainVerifier.WalkAsync(links.Where(l => l.Sequence <= 8).ToAsyncEnumerable(), rows.Where(r => r.Sequence <= 8).ToAsyncEnumerable(),
            ChainHash.Genesis, tip, null, CancellationToken.None);
        var second = await ChainVerifier.WalkAsync(links.Where(l => l.Sequence > 8).ToAsyncEnumerable(), rows.Where(r => r.Sequence > 8).ToAsyncEnumerable(),
            links.Last(l => l.Sequence <= 8).Hash, tip, null, CancellationToken.None);
        var combined = ChainVerifier.Combine([first, second], links[^1]);
        combined.ShouldBe(whole with { });
        combined.BrokenCount.ShouldBe(2);
        combined.FirstBroken!.Sequence.ShouldBe(2);
    }
}
