using System.Diagnostics;
using System.Globalization;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CapabilityOps.Appraisal.Compliance;

/// <summary>
/// Keeps the compliance read model (<see cref="ComplianceMemo"/>'s rows of the years in <see cref="LiveCompliance.BackgroundYears"/>)
/// current in the background, so that no unit view waits for a recomputation. A row is current while its stamps are: the cadre
/// stream's version, the rulebook stream's version, the view date and the code version. So every trigger shows in the stamps
/// without an event of its own — a cadre's new facts, a transfer, a bulk import or a fact appender's bulk path (stream versions), a
/// rulebook version published (the rulebook stream), a new China day for the current year (the view date, from the injected
/// <see cref="TimeProvider"/>), a new build (the code version) — and the worker recomputes exactly the rows whose stamps are off,
/// in batches of cadres (every stale year of each) with the cadre streams read once, in bulk. A row whose new facts are all of
/// other years, or whose year's rulebook version is still the one in force, only has its stamp moved on. A rebuild of the
/// projections leaves the events, and so the rows, as they are.
/// <para>
/// One instance at a time does the work: the one holding a PostgreSQL advisory lock on a connection of its own; another instance
/// takes over when that connection goes (the process died). It looks for work when the event store's last sequence number or the
/// day changes, and every <c>Compliance:RescanInterval</c> when the store's stamp (<see cref="ComplianceMemo.StampAsync"/>) moved
/// since its last complete pass (a transaction that commits after a later one's sequence number was seen): a quiet store costs
/// one pass over the streams table a rescan, not a listing of every row.
/// </para>
/// </summary>
public sealed class ComplianceReadModel(IDocumentStore store, LiveCompliance live, ComplianceTrend trend, IConfiguration configuration, TimeProvider clock,
    ILogger<ComplianceReadModel> logger) : BackgroundService
{
    /// <summary>How health and the logs name it.</summary>
    public const string Name = "ComplianceReadModel";

    /// <summary>The advisory lock's key (any number the host takes for nothing else): who holds it recomputes.</summary>
    private const long LockKey = 0x436F6D706C79; // "Comply"

    private readonly int _batch = configuration.GetValue("Compliance:BatchSize", 250);

    /// <summary>
    /// Cadres per batch while facts keep arriving (<c>Compliance:BatchSizeWhileWriting</c>), evaluated on one thread: a full batch
    /// evaluated on every core held the writes' requests for its whole length (their p99 was a batch's length, docs/PERFORMANCE.md),
    /// so under writes the work comes in short slices that leave a core to the requests.
    /// </summary>
    private readonly int _batchWhileWriting = Math.Max(1, configuration.GetValue("Compliance:BatchSizeWhileWriting", 25));

    /// <summary>How many batches one listing of the stale rows gives, so reading the next overlaps evaluating the current.</summary>
    private const int Lookahead = 8;
    private readonly TimeSpan _poll = configuration.GetValue("Compliance:PollInterval", TimeSpan.FromMilliseconds(200));
    private readonly TimeSpan _rescan = configuration.GetValue("Compliance:RescanInterval", TimeSpan.FromSeconds(2));
    private readonly TimeSpan _retry = configuration.GetValue("Compliance:LeaderRetryInterval", TimeSpan.FromSeconds(2));
    private readonly bool _enabled = configuration.GetValue("Compliance:Background", true);
    private readonly TimeSpan _trendRefresh = configuration.GetValue("Compliance:TrendRefreshInterval", TimeSpan.FromDays(1));

    /// <summary>
    /// How often a pass lists every row however little changed (<c>Compliance:FullRescanInterval</c>): the one thing the cadre streams
    /// do not show is a row another instance's older build wrote during a rolling deployment.
    /// </summary>
    private readonly TimeSpan _fullRescan = configuration.GetValue("Compliance:FullRescanInterval", TimeSpan.FromMinutes(1));

    /// <summary>
    /// The share of its time the worker may spend recomputing while facts keep arriving (<c>Compliance:ShareWhileWriting</c>): under a
    /// sustained write load every cadre is soon stale again, and a worker chasing them at full speed would take a core from the
    /// writes. When no fact arrived during a batch (after midnight, a rulebook, an import) it runs at full speed.
    /// </summary>
    private readonly double _shareWhileWriting = Math.Clamp(configuration.GetValue("Compliance:ShareWhileWriting", 0.1), 0.05, 1.0);

    /// <summary>Whether facts arrived during the last batch: the next is then a short one (<see cref="_batchWhileWriting"/>).</summary>
    private bool _writing;
    private long _recomputed;
    private long _restamped;
    private long _carriedRows;
    private long _rejudged;

    /// <summary>The rulebook stream version whose unchanged years' rows this leader carried over last (<see cref="ComplianceMemo.CarryRulebookAsync"/>).</summary>
    private long? _carried;

    /// <summary>This leader's last complete pass (<see cref="CatchUpAsync"/>), which the next one lists from.</summary>
    private Pass? _passed;

    /// <summary>
    /// A complete pass: the horizon it started from (<see cref="ComplianceMemo.HorizonAsync"/>), the rulebook stream version and view
    /// dates its last listing was under, and when a pass last listed every row. Once it ended, a row can only be stale by a commit
    /// from that horizon on, or by a new rulebook stream version or view date: a pass under the same lists only the changed streams.
    /// </summary>
    private sealed record Pass(long Horizon, long RulebookStreamVersion, string ViewDates, DateTimeOffset ListedAllAt);

    /// <summary>Cadre-years this instance has recomputed since it started (each recomputation is done by one instance only).</summary>
    public long Recomputed => Interlocked.Read(ref _recomputed);

    /// <summary>Cadre-years whose stamp this instance moved on instead, the facts since being of other years (<see cref="LiveCompliance.StillHolds"/>).</summary>
    public long Restamped => Interlocked.Read(ref _restamped);

    /// <summary>Of <see cref="Recomputed"/>, the cadre-years judged again from their stored measures (stale by the rulebook alone), their events not read.</summary>
    public long Rejudged => Interlocked.Read(ref _rejudged);

    /// <summary>Cadre-years whose rulebook stamp this instance moved on instead, the version in force for their year being unchanged.</summary>
    public long Carried => Interlocked.Read(ref _carriedRows);

    /// <summary>Whether this instance holds the lock and does the background work now.</summary>
    public bool Leading { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (!_enabled) return;
        await Task.Yield();
        // No request here: the rows' texts are written as a Chinese request reads them (ComplianceMemo.Language), whatever this
        // thread's default language; the culture flows with this method's continuations.
        CultureInfo.CurrentUICulture = ComplianceMemo.Language;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        NpgsqlConnection? leader = null;
        try
        {
            (long Sequence, DateOnly Today)? seen = null;
            // The store's stamp before the last complete pass: while it is unchanged (and the day the same), nothing became stale but
            // what the full listing is for (_fullRescan).
            StoreStamp? passed = null;
            var lastScan = DateTimeOffset.MinValue;
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    if (leader is null)
                    {
                        leader = await TryLeadAsync(stopping);
                        if (leader is null)
                        {
                            await Task.Delay(_retry, stopping);
                            continue;
                        }
                        (seen, _carried, _passed, passed) = (null, null, null, null);
                    }
                    var now = (await LastSequenceAsync(leader, stopping), ChinaTime.Today(clock));
                    if (seen == now && clock.GetUtcNow() - lastScan < _rescan)
                    {
                        await Task.Delay(_poll, stopping);
                        continue;
                    }
                    // Read before the pass: a commit the pass did not see moves the stamp, and the next rescan finds it.
                    var stamp = await live.Memo.StampAsync(leader, stopping);
                    var rescan = seen == now;
                    seen = now;
                    lastScan = clock.GetUtcNow();
                    if (rescan && stamp == passed && _passed is { } last && clock.GetUtcNow() - last.ListedAllAt < _fullRescan)
                    {
                        await Task.Delay(_poll, stopping);
                        continue;
                    }
                    await CatchUpAsync(leader, stopping);
                    passed = await FillTrendAsync(leader, stopping) ? stamp : null;
                }
                catch (Exception e) when (!stopping.IsCancellationRequested)
                {
                    logger.LogWarning(e, "The compliance read model's background work failed; it starts again in {Retry}.", _retry);
                    await ReleaseAsync(leader);
                    leader = null;
                    await Task.Delay(_retry, stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            await ReleaseAsync(leader);
        }
    }

    /// <summary>
    /// Recomputes every stale row of the background years until none is left; logs the rate of a catch-up. The stale rows are
    /// listed several batches at a time, and the next batch's streams are read while the current one is evaluated and saved,
    /// so the database's work and the evaluation overlap.
    /// </summary>
    private async Task CatchUpAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        var clockwatch = Stopwatch.StartNew();
        var (done, cadres) = (0, 0);
        var horizon = await live.Memo.HorizonAsync(connection, cancellation);
        Pass listing;
        while (true)
        {
            var years = live.BackgroundYears();
            // The rulebook stream's version before the rulebook: a row is never stamped newer than the rulebook it was computed under.
            var rulebookStreamVersion = await live.Memo.RulebookStreamVersionAsync(connection, cancellation);
            var viewDates = string.Join(";", years.Select(y => $"{y.Year}:{y.ViewDate:O}"));
            var since = _passed is { } last && last.RulebookStreamVersion == rulebookStreamVersion && last.ViewDates == viewDates
                        && clock.GetUtcNow() - last.ListedAllAt < _fullRescan
                ? last.Horizon
                : (long?)null;
            listing = new Pass(horizon, rulebookStreamVersion, viewDates, since is null ? clock.GetUtcNow() : _passed!.ListedAllAt);
            var views = new Dictionary<int, YearView>();
            await using (var session = store.QuerySession())
                foreach (var (year, viewDate) in years)
                    views[year] = new YearView(year, viewDate, null, null, await live.Rulebooks.ForYearAsync(session, year, null, cancellation));
            if (_carried != rulebookStreamVersion)
            {
                var inForce = views.Values.Select(v => (v.Year, v.Rulebook.Version)).ToList();
                var carried = await live.Memo.CarryRulebookAsync(connection, inForce, rulebookStreamVersion, cancellation);
                await trend.CarryRulebookAsync(connection, inForce, rulebookStreamVersion, cancellation);
                Interlocked.Add(ref _carriedRows, carried);
                _carried = rulebookStreamVersion;
                if (carried > 0) logger.LogInformation("Compliance read model: {Count} cadre-years carried over to rulebook stream version {Version}, their year's version unchanged.",
                    carried, rulebookStreamVersion);
            }
            var limit = _batch * years.Count * Lookahead;
            var stale = await live.Memo.StaleAsync(connection, years, rulebookStreamVersion, limit, cancellation, since);
            if (stale.Count == 0) break;
            var byCadre = stale.GroupBy(s => s.StreamKey).ToList();
            var taken = 0;
            List<StaleRow> Next()
            {
                var cadresInBatch = _writing ? _batchWhileWriting : _batch;
                var batch = byCadre.Skip(taken).Take(cadresInBatch).SelectMany(c => c).ToList();
                taken += cadresInBatch;
                return batch;
            }
            var current = Next();
            var reading = ReadAsync(current, cancellation);
            try
            {
                while (current.Count > 0)
                {
                    var read = await reading;
                    var next = Next();
                    if (next.Count > 0) reading = ReadAsync(next, cancellation);
                    var before = await LastSequenceAsync(connection, cancellation);
                    var batchwatch = Stopwatch.StartNew();
                    var rows = live.EvaluateAll(read.Recompute.Select(s => (s.StreamKey, s.Year)).ToList(), read.Events, views,
                        rulebookStreamVersion, inParallel: !_writing)
                        .Concat(live.RejudgeAll(read.Judged, views, rulebookStreamVersion, inParallel: !_writing)).ToList();
                    Interlocked.Add(ref _recomputed, rows.Count); // counted before saved: whoever sees the rows saved sees them counted
                    Interlocked.Add(ref _rejudged, read.Judged.Count);
                    Interlocked.Add(ref _restamped, read.Holding.Count);
                    await live.Memo.SaveAsync(connection, rows, cancellation);
                    await live.Memo.RestampAsync(connection, read.Holding, cancellation);
                    done += rows.Count;
                    cadres += current.Select(s => s.StreamKey).Distinct().Count();
                    _writing = await LastSequenceAsync(connection, cancellation) != before;
                    if (_writing && _shareWhileWriting < 1) await Task.Delay(batchwatch.Elapsed * (1 / _shareWhileWriting - 1), cancellation);
                    current = next;
                }
            }
            finally
            {
                // A failed or cancelled batch leaves the next read running: let it end unobserved.
                _ = reading.ContinueWith(static t => t.Exception, TaskScheduler.Default);
            }
            if (stale.Count < limit) break;
        }
        _passed = listing;
        if (done >= _batch)
            logger.LogInformation("Compliance read model: recomputed {Count} cadre-years of {Cadres} cadres in {Seconds:0.00} s ({Rate:0} cadres/s).",
                done, cadres, clockwatch.Elapsed.TotalSeconds, cadres / Math.Max(clockwatch.Elapsed.TotalSeconds, 0.001));
    }

    /// <summary>
    /// The monthly trend's closed months of the background years whose points are due (a month just closed, a rulebook version, a
    /// new build, cadres' facts changed: <see cref="ComplianceTrend.DueAsync"/>), computed for every unit once the rows are current;
    /// the rows keep being caught up between its chunks of cadres. False when the due months were left for after a projection rebuild.
    /// </summary>
    private async Task<bool> FillTrendAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        var stamp = await live.Memo.StampAsync(connection, cancellation);
        var due = await TrendDueAsync(connection, stamp, cancellation);
        if (due.Count == 0) return true;
        var clockwatch = Stopwatch.StartNew();
        if (await trend.FillAsync(due, stamp, c => CatchUpAsync(connection, c), cancellation) is not { } evaluated)
        {
            logger.LogDebug("Compliance trend: {Months} closed months due, left for after the projection rebuild under way.", due.Count);
            return false;
        }
        logger.LogInformation("Compliance trend: {Months} closed months computed for every unit ({Evaluated} cadre-days) in {Seconds:0.00} s.",
            due.Count, evaluated, clockwatch.Elapsed.TotalSeconds);
        return true;
    }

    /// <summary>The closed months of the background years whose trend points are due under <paramref name="stamp"/>.</summary>
    public async Task<IReadOnlyList<DateOnly>> TrendDueAsync(NpgsqlConnection connection, StoreStamp stamp, CancellationToken cancellation)
    {
        var today = ChinaTime.Today(clock);
        var due = new List<DateOnly>();
        foreach (var (year, _) in live.BackgroundYears()) due.AddRange(await trend.DueAsync(connection, year, today, stamp, _trendRefresh, cancellation));
        return due;
    }

    /// <summary>
    /// What a batch needs read, in bulk, on a connection of its own (the leader's is busy saving the batch before). First the
    /// stored measures of the rows stale by the rulebook alone, to be judged again without their events
    /// (<see cref="LiveCompliance.Rejudge"/>). Then only what was appended since each row that is stale by its stream's version
    /// alone: a row all of whose new facts are of other years still holds and is restamped (<see cref="LiveCompliance.StillHolds"/>;
    /// an import of last year's hours seen from this year's row). Last, the streams of the rows left to recompute, for those
    /// rows' years only.
    /// </summary>
    private async Task<BatchRead> ReadAsync(List<StaleRow> batch, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var measured = batch.Where(s => s.MeasureHolds).ToList();
        var stored = measured.Count == 0 ? [] : await live.Memo.MeasuresAsync(session, measured, cancellation);
        var judged = new List<(StaleRow Row, long StreamVersion, string? Measure)>();
        foreach (var row in measured)
            if (stored.TryGetValue((row.StreamKey, row.Year), out var kept) && (kept.Measure is not null || !kept.Applies))
                judged.Add((row, kept.StreamVersion, kept.Measure));
        var since = batch.Where(s => s.RowVersion is not null).GroupBy(s => s.StreamKey).ToDictionary(c => c.Key, c => c.Min(s => s.RowVersion!.Value));
        var appended = since.Count == 0 ? [] : await session.ReadStreamsSinceAsync(since, cancellation);
        var holding = new List<(StaleRow Row, long StreamVersion)>();
        foreach (var row in batch)
            if (row.RowVersion is { } was && appended.TryGetValue(row.StreamKey, out var news) && live.StillHolds(news, was, row.Year))
                holding.Add((row, news[^1].Version));
        var recompute = batch.Except(holding.Select(h => h.Row)).Except(judged.Select(j => j.Row)).ToList();
        var events = recompute.Count == 0
            ? []
            : await session.ReadStreamsAsync(recompute.Select(s => s.StreamKey).Distinct().ToList(),
                live.Window(recompute.Min(s => s.Year), recompute.Max(s => s.Year)), cancellation);
        return new BatchRead(recompute, events, holding, judged);
    }

    /// <summary>
    /// A batch as read: the rows to recompute with their cadres' streams, the rows that still hold with the version they hold at,
    /// and the rows to judge again with their stored measures.
    /// </summary>
    private sealed record BatchRead(List<StaleRow> Recompute, Dictionary<string, IReadOnlyList<JasperFx.Events.IEvent>> Events,
        List<(StaleRow Row, long StreamVersion)> Holding, List<(StaleRow Row, long StreamVersion, string? Measure)> Judged);

    private async Task<NpgsqlConnection?> TryLeadAsync(CancellationToken cancellation)
    {
        var connection = await live.Memo.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand("select pg_try_advisory_lock($1)", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = LockKey });
        if ((bool)(await command.ExecuteScalarAsync(cancellation))!)
        {
            Leading = true;
            logger.LogInformation("This instance keeps the compliance read model current.");
            return connection;
        }
        await connection.DisposeAsync();
        return null;
    }

    /// <summary>Lets the lock go before the connection returns to the pool (a pooled connection keeps session locks).</summary>
    private async Task ReleaseAsync(NpgsqlConnection? connection)
    {
        if (connection is null) return;
        Leading = false;
        try
        {
            await using var command = new NpgsqlCommand("select pg_advisory_unlock_all()", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The connection is gone, and the lock with it.
        }
        await connection.DisposeAsync();
    }

    private async Task<long> LastSequenceAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from {store.Options.Events.DatabaseSchemaName}.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }
}
