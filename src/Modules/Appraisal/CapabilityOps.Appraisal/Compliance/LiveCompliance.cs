using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Appraisal.Scoring;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace CapabilityOps.Appraisal.Compliance;

/// <summary>
/// The live compliance and appraisal views (no <c>?asOf=</c>, <c>?rulebook=</c> or <c>?onDate=</c>) served from the compliance
/// read model (<see cref="ComplianceMemo"/>: one row per cadre-year, stamped with what it was computed from). A cadre's own
/// view is read-your-writes: a stale row of the cadre asked about is recomputed by <see cref="ComplianceCalculator"/> — the same
/// computation as every other view — and saved. A unit view of a year the background keeps current
/// (<see cref="ComplianceReadModel"/>) counts the rows as they are and says how many of its cadres are still
/// <c>pending</c>; of an older year, it recomputes the stale rows first, as a read-through cache.
/// </summary>
public sealed class LiveCompliance(ComplianceMemo memo, ComplianceCalculator calculator, AppraisalContributions contributions, IRulebooks rulebooks,
    IEnumerable<YearBoundEvent> yearBound, IOptions<HttpJsonOptions> json, IConfiguration configuration, TimeProvider clock)
{
    private readonly Dictionary<Type, YearBoundEvent> _yearBound = yearBound.ToDictionary(b => b.EventType);

    /// <summary>What a recomputation of the years <paramref name="first"/> to <paramref name="last"/> reads of the cadres' streams.</summary>
    public YearWindow Window(int first, int last) => new(first, last, _yearBound.Values);

    /// <summary>
    /// Whether a row of <paramref name="year"/> computed at stream version <paramref name="rowVersion"/> still holds, given the events
    /// appended to the stream since (<paramref name="stream"/>, oldest first, at least those of a version above the row's): every one
    /// is a fact of other years only, which no rule of this year reads. Such a row needs its stamp moved, not a recomputation: an
    /// import of last year's hours leaves this year's rows as they were.
    /// </summary>
    public bool StillHolds(IReadOnlyList<IEvent> stream, long rowVersion, int year) =>
        stream.Count > 0 && rowVersion < stream[^1].Version
        && stream.Where(e => e.Version > rowVersion).All(e => OutsideOf(e, year));

    /// <summary>Whether <paramref name="e"/> is a year-bound fact dated wholly outside <paramref name="year"/>: no rule of the year reads it.</summary>
    private bool OutsideOf(IEvent e, int year) => _yearBound.TryGetValue(e.EventType, out var bound) && bound.Outside(e.Data, year);

    /// <summary>
    /// <paramref name="events"/> without the year-bound facts dated wholly outside <paramref name="year"/>, which no rule of the year
    /// reads, and with the stream's last event whatever it is (a row is stamped with its version). A read of several years serves
    /// each year's evaluation its own events: a cadre's current year is judged on a handful, not on last year's hundred.
    /// </summary>
    public IReadOnlyList<IEvent> ForYear(IReadOnlyList<IEvent> events, int year)
    {
        if (events.Count == 0) return events;
        List<IEvent>? kept = null;
        for (var i = 0; i < events.Count - 1; i++)
        {
            var outside = OutsideOf(events[i], year);
            if (outside && kept is null) kept = [.. events.Take(i)];
            else if (!outside) kept?.Add(events[i]);
        }
        if (kept is null) return events;
        kept.Add(events[^1]);
        return kept;
    }

    /// <summary>Rounds of "recompute the stale, tally again" before a unit view of an older year gives up on the memo (writes racing the read).</summary>
    private const int TallyRounds = 3;

    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;

    /// <summary>What units' own rules and indicator sources measured (<see cref="Remembered"/>), a few entries per unit and year.</summary>
    private readonly MemoryCache _unitFacts = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    /// <summary>
    /// The store's stamp read once per session, that is per request: a page that shows every unit below the city (the
    /// dashboard's overview) counts them all as of its start instead of scanning the streams table once per unit.
    /// </summary>
    private readonly ConditionalWeakTable<IQuerySession, Task<StoreStamp>> _stamps = new();

    /// <summary>How many years, the current one and those before it, the background keeps current (<c>Compliance:BackgroundYears</c>, default 2).</summary>
    public int BackgroundYearCount { get; } = Math.Max(1, configuration.GetValue("Compliance:BackgroundYears", 2));

    /// <summary>The years the background keeps current, latest first, each with the day it is measured on today.</summary>
    public IReadOnlyList<(int Year, DateOnly ViewDate)> BackgroundYears()
    {
        var today = ChinaTime.Today(clock);
        return Enumerable.Range(0, BackgroundYearCount).Select(back => today.Year - back).Where(y => y >= RulebookDefaults.ProgrammeStartYear)
            .Select(y => (y, y == today.Year ? today : new DateOnly(y, 12, 31))).ToList();
    }

    private bool InBackground(int year, DateOnly viewDate) => BackgroundYears().Contains((year, viewDate));

    public ComplianceMemo Memo => memo;

    public IRulebooks Rulebooks => rulebooks;

    /// <summary>
    /// A cadre's live view as JSON (exactly what the compute path serializes), or the problem the compute path gives; 403 when
    /// the cadre's current unit is outside the key's units (checked here, from the same statement, not before the endpoint).
    /// </summary>
    /// <param name="year">The year, checked (<see cref="YearViews.Dates"/>).</param>
    /// <param name="viewDate">The day it is measured on.</param>
    public async Task<(string? Json, Problem? Problem)> CadreAsync(IQuerySession session, IAccessScope scope, string staffNo, int year, DateOnly viewDate,
        CancellationToken cancellation)
    {
        var (row, problem) = await CadreRowAsync(session, scope, staffNo, year, viewDate, cancellation);
        if (problem is not null) return (null, problem);
        return row!.Applies ? (row.View, null) : (null, NotJoined(staffNo, year));
    }

    /// <summary>
    /// A cadre's row for the year, fresh: served when its stamps are current, otherwise computed from the cadre's stream and
    /// saved. Null with 404 when there is no such cadre, 403 when the cadre's current unit is outside the key's units.
    /// </summary>
    public async Task<(MemoHit? Row, Problem? Problem)> CadreRowAsync(IQuerySession session, IAccessScope? scope, string staffNo, int year,
        DateOnly viewDate, CancellationToken cancellation)
    {
        var key = StreamKeys.Cadre(staffNo);
        await using var connection = await memo.OpenAsync(cancellation);
        var lookup = await memo.LookupAsync(connection, key, year, viewDate, cancellation);
        if (!lookup.StreamExists) return (null, Problem.NotFound(Msg("NoCadre", staffNo)));
        if (scope is not null && lookup.CurrentUnit is { } unit && !await scope.CoversUnitAsync(unit, cancellation)) return (null, Problem.OutOfScope);
        if (lookup.Hit is { } hit) return (hit, null);

        var view = new YearView(year, viewDate, null, null, await rulebooks.ForYearAsync(session, year, null, cancellation));
        var events = await session.ReadStreamAsync(key, null, cancellation: cancellation); // the lean read the as-of view uses, same rows
        if (events.Count == 0) return (null, Problem.NotFound(Msg("NoCadre", staffNo)));
        var row = Evaluate(key, events, view, lookup.RulebookStreamVersion);
        if (row.Applies) await memo.SaveAsync(connection, [row], cancellation); // a refused request writes nothing, not even the memo
        return (new MemoHit(row.Applies, row.View, row.Appraisal), null);
    }

    /// <summary>A unit's live compliance view; null when writes keep racing the tally of an older year (the caller then computes it all, as <c>?asOf=</c> does).</summary>
    public async Task<UnitComplianceView?> UnitAsync(IQuerySession session, UnitRecord unit, string[] subtree, int year, DateOnly viewDate,
        CancellationToken cancellation)
    {
        if (await TallyAsync(session, unit, subtree, year, viewDate, cancellation) is not { } counted) return null;
        var (tally, view, pending, stamp) = counted;
        var unitChecks = await UnitChecksAsync(session, unit, view, stamp, cancellation);
        return new UnitComplianceView(unit.Code, year, view.Rulebook.Version, tally.CadreCount, tally.CadreCount - tally.NonCompliant.Length,
            tally.Checks.OrderBy(c => c.Rule, StringComparer.Ordinal).ToList(), tally.NonCompliant,
            unitChecks.Select(CheckView.From).ToList(), viewDate, null, tally.Latest, pending);
    }

    /// <summary>A unit's live appraisal from the same tally: its subtree's cadre checks by rule and their commendations.</summary>
    public async Task<UnitAppraisalView?> UnitAppraisalAsync(IQuerySession session, UnitRecord unit, string[] subtree, int year, DateOnly viewDate,
        CancellationToken cancellation)
    {
        if (await TallyAsync(session, unit, subtree, year, viewDate, cancellation) is not { } counted) return null;
        var (tally, view, pending, stamp) = counted;
        var unitChecks = await UnitChecksAsync(session, unit, view, stamp, cancellation);
        var checks = tally.Checks.OrderBy(c => c.Rule, StringComparer.Ordinal).Select(c => new CheckTally(c.Rule, c.Met, c.Total)).ToList();
        var signature = string.Join(';', checks.Select(c => $"{c.Rule}:{c.Met}/{c.Total}"));
        var parts = await Remembered(("indicators", unit.Code, view.Year, view.ViewDate, view.Rulebook.Version, signature), stamp,
            () => contributions.MeasureAsync(new UnitAppraisalContext(unit, view, checks, unitChecks), session, cancellation));
        var appraisal = UnitAppraisal.Score(unit, view, unitChecks, parts, tally.Commendations, null);
        return appraisal with { ComputedAt = tally.Latest, Pending = pending };
    }

    /// <summary>The unit's own rules (<see cref="ComplianceCalculator.UnitChecksAsync"/>), remembered while nothing is recorded.</summary>
    private Task<IReadOnlyList<RuleCheck>> UnitChecksAsync(IQuerySession session, UnitRecord unit, YearView view, StoreStamp stamp, CancellationToken cancellation) =>
        Remembered(("unit checks", unit.Code, view.Year, view.ViewDate, view.Rulebook.Version, ""), stamp,
            () => calculator.UnitChecksAsync(session, unit, view, cancellation));

    /// <summary>
    /// What the unit rules and indicator sources measured, kept in this process while <see cref="StoreStamp.Recorded"/> is
    /// unchanged: they read the unit-level facts of many streams (reports, equipment, stations, sessions, sanctions), every one
    /// an event, so an unchanged stamp means unchanged facts. The stamp was read before the measure, so a value can only be
    /// remembered as older than it is, never newer: an append racing the measure costs one more measure, never a stale read.
    /// The texts are kept unrendered, so one entry serves every language.
    /// </summary>
    private async Task<T> Remembered<T>((string What, string Unit, int Year, DateOnly ViewDate, int Rulebook, string Cadres) key, StoreStamp stamp,
        Func<Task<T>> measure)
    {
        if (Recall<T>(key, stamp, out var kept)) return kept;
        var value = await measure();
        Remember(key, stamp, value);
        return value;
    }

    /// <summary>The value kept under <paramref name="key"/>, if it was kept under the store's current stamp.</summary>
    private bool Recall<T>(object key, StoreStamp stamp, [MaybeNullWhen(false)] out T value)
    {
        var hit = _unitFacts.TryGetValue(key, out ((long, long) At, T Value) entry) && entry.At == stamp.Recorded;
        value = hit ? entry.Value : default;
        return hit;
    }

    private void Remember<T>(object key, StoreStamp stamp, T value) =>
        _unitFacts.Set(key, (stamp.Recorded, value), new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) });

    /// <summary>
    /// The tally of a subtree's rows and the year view it was counted for. A year the background keeps current is counted as
    /// it is, with the cadres not yet recomputed as pending; an older year recomputes its stale rows first (pending is then 0).
    /// </summary>
    public async Task<(SubtreeTally Tally, YearView View, int Pending, StoreStamp Stamp)?> TallyAsync(IQuerySession session, UnitRecord unit, string[] subtree,
        int year, DateOnly viewDate, CancellationToken cancellation)
    {
        await using var connection = await memo.OpenAsync(cancellation);
        var stamp = await _stamps.GetValue(session, _ => memo.StampAsync(connection, cancellation));
        var view = new YearView(year, viewDate, null, null, await rulebooks.ForYearAsync(session, year, null, cancellation));
        var ordered = subtree.Order(StringComparer.Ordinal).ToArray(); // the remembered tally is for exactly this subtree
        // A complete tally is also kept in this process while nothing is recorded: a city's tally names every non-compliant cadre,
        // and read from its row on every request, that array and its copy went to the large object heap, whose collections
        // paused the views (docs/PERFORMANCE.md, "The quiet p99 and the large object heap").
        var key = ("tally", unit.Code, year, viewDate, view.Rulebook.Version, string.Join(',', ordered));
        if (Recall<SubtreeTally>(key, stamp, out var kept)) return (kept, view, 0, stamp);
        if (InBackground(year, viewDate))
        {
            var tally = Ordered(await memo.TallyAsync(connection, unit.Code, ordered, year, viewDate, stamp, true, cancellation));
            if (tally.Stale.Length == 0) Keep(tally);
            return (tally, view, tally.Stale.Length, stamp);
        }
        for (var round = 0; round < TallyRounds; round++)
        {
            var tally = Ordered(await memo.TallyAsync(connection, unit.Code, ordered, year, viewDate, stamp, false, cancellation));
            if (tally.Stale.Length == 0)
            {
                Keep(tally);
                return (tally, view, 0, stamp);
            }
            await RecomputeAsync(session, connection, tally.Stale, view, stamp.RulebookStreamVersion, cancellation);
            stamp = await memo.StampAsync(connection, cancellation);
        }
        return null;

        // No row stale under a stamp read before the tally: the rows cannot change until something is recorded.
        void Keep(SubtreeTally tally) => Remember(key, stamp, tally);
    }

    /// <summary>The tally with its non-compliant cadres in the order the views list them, sorted in place (the array is the tally's own).</summary>
    private static SubtreeTally Ordered(SubtreeTally tally)
    {
        Array.Sort(tally.NonCompliant, StringComparer.Ordinal);
        return tally;
    }

    /// <summary>The given cadres' rows of one year, computed from their streams read in bulk and saved.</summary>
    public async Task<int> RecomputeAsync(IQuerySession session, Npgsql.NpgsqlConnection connection, IReadOnlyList<string> streamKeys, YearView view,
        long rulebookStreamVersion, CancellationToken cancellation)
    {
        var events = await session.ReadStreamsAsync(streamKeys, Window(view.Year, view.Year), cancellation);
        var rows = EvaluateAll(streamKeys.Select(key => (key, view.Year)).ToList(), events, new Dictionary<int, YearView> { [view.Year] = view },
            rulebookStreamVersion);
        await memo.SaveAsync(connection, rows, cancellation);
        return rows.Count;
    }

    /// <summary>
    /// Cadre-years of several years evaluated from their cadres' streams, already read: each cadre's years on one thread, which is
    /// also the one that deserialises its events (<see cref="StreamEvents.ReadStreamsAsync(Marten.IQuerySession, IReadOnlyCollection{string}, YearWindow, CancellationToken)"/>);
    /// the cadres <paramref name="inParallel"/> when the caller may take every core (the background's catch-up when nothing is written).
    /// </summary>
    public IReadOnlyList<MemoRow> EvaluateAll(IReadOnlyList<(string StreamKey, int Year)> stale, IReadOnlyDictionary<string, IReadOnlyList<IEvent>> events,
        IReadOnlyDictionary<int, YearView> views, long rulebookStreamVersion, bool inParallel = true)
    {
        var cadres = stale.Where(s => events.TryGetValue(s.StreamKey, out var stream) && stream.Count > 0).GroupBy(s => s.StreamKey).ToArray();
        var rows = new MemoRow[cadres.Length][];
        void EvaluateCadre(int i) =>
            rows[i] = cadres[i].Select(s => Evaluate(s.StreamKey, events[s.StreamKey], views[s.Year], rulebookStreamVersion)).ToArray();
        if (inParallel) Parallel.For(0, cadres.Length, EvaluateCadre);
        else for (var i = 0; i < cadres.Length; i++) EvaluateCadre(i);
        return rows.SelectMany(r => r).ToList();
    }

    /// <summary>One cadre-year evaluated and stamped with the versions of what it read.</summary>
    public MemoRow Evaluate(string key, IReadOnlyList<IEvent> events, YearView year, long rulebookStreamVersion)
    {
        var version = events[^1].Version; // exactly the events evaluated, whatever was appended since
        var measured = calculator.Measure(key, ForYear(events, year.Year), year.Year, year.ViewDate);
        if (measured is null) return NotTheCadres(key, version, year, rulebookStreamVersion);
        var effects = contributions.EffectsOn(new CadreMeasureContext(measured.Cadre, year.Year, year.ViewDate), measured.Events);
        return Judged(key, version, year, rulebookStreamVersion, measured, effects, CadreAppraisal.AssessmentOf(measured.Events, year.Year), null);
    }

    /// <summary>
    /// A stored row judged again under <paramref name="year"/>'s rulebook from its measure (<see cref="StoredMeasure"/>), without the
    /// events: what a new rulebook version needs of a row whose stream, view date and code are unchanged. The row keeps the stream
    /// version it was measured at. A row of a year that is not the cadre's stays so under any rulebook.
    /// </summary>
    /// <param name="measure">The row's measure; null when the cadre does not count in the year.</param>
    public MemoRow Rejudge(string key, long streamVersion, string? measure, YearView year, long rulebookStreamVersion)
    {
        if (measure is null) return NotTheCadres(key, streamVersion, year, rulebookStreamVersion);
        var stored = JsonSerializer.Deserialize<StoredMeasure>(measure, _json)!;
        var rules = calculator.CadreRules
            .Select(r => stored.Rules.GetValueOrDefault(RuleSetKey(r)) is JsonElement json ? json.Deserialize(r.MeasureType, _json) : null).ToArray();
        var effects = stored.Effects.Select(e => e.ToEffect()).ToList();
        return Judged(key, streamVersion, year, rulebookStreamVersion, new CadreMeasured(stored.Cadre, rules, []), effects, stored.Assessment, measure);
    }

    private static MemoRow NotTheCadres(string key, long streamVersion, YearView year, long rulebookStreamVersion) =>
        new(key, year.Year, streamVersion, rulebookStreamVersion, year.Rulebook.Version, year.ViewDate, false, null, null, false, [], [], null);

    private static string RuleSetKey(ICadreRuleSet rules) => rules.GetType().FullName!;

    /// <summary>A measured cadre-year judged, scored and rendered as stored, with its measure (<paramref name="measure"/> when already written).</summary>
    private MemoRow Judged(string key, long streamVersion, YearView year, long rulebookStreamVersion, CadreMeasured measured,
        IReadOnlyList<CadreAppraisalEffect> effects, CadreAppraisal.Assessed? assessment, string? measure)
    {
        var compliance = calculator.Judge(measured, year);
        var view = CadreComplianceView.From(compliance, null);
        var scored = CadreAppraisal.Score(compliance, effects, assessment);
        var appraisal = new StoredAppraisal(scored.Score, scored.Parts, scored.Reasons, scored.NoGradeReason, scored.MayBeExcellent);
        // Stored texts are Chinese whoever asked (ComplianceMemo.Language): an English unit view recomputing stale rows included.
        var (viewJson, appraisalJson, measureJson) = ComplianceMemo.InStoredLanguage(() =>
            (JsonSerializer.Serialize(view, _json), JsonSerializer.Serialize(appraisal, _json),
             measure ?? JsonSerializer.Serialize(new StoredMeasure(measured.Cadre,
                 calculator.CadreRules.Select((rules, i) => (rules, i)).ToDictionary(r => RuleSetKey(r.rules), r => measured.Rules[r.i]),
                 assessment, effects.Select(StoredEffect.From).ToList()), _json)));
        return new MemoRow(key, year.Year, streamVersion, rulebookStreamVersion, year.Rulebook.Version, year.ViewDate, true, view.StaffNo, view.UnitCode,
            compliance.Compliant, compliance.Checks.Where(c => c.Met).Select(c => c.Rule).ToArray(), compliance.Checks.Where(c => !c.Met).Select(c => c.Rule).ToArray(),
            viewJson, appraisalJson, scored.Score, scored.NoGradeReason is not null, scored.MayBeExcellent, effects.OfType<Commendation>().Count(), measureJson);
    }

    /// <summary>Rows judged again from their measures (<see cref="Rejudge"/>), in parallel when the caller may take every core.</summary>
    public IReadOnlyList<MemoRow> RejudgeAll(IReadOnlyList<(StaleRow Row, long StreamVersion, string? Measure)> rows, IReadOnlyDictionary<int, YearView> views,
        long rulebookStreamVersion, bool inParallel = true)
    {
        var judged = new MemoRow[rows.Count];
        void One(int i) => judged[i] = Rejudge(rows[i].Row.StreamKey, rows[i].StreamVersion, rows[i].Measure, views[rows[i].Row.Year], rulebookStreamVersion);
        if (inParallel) Parallel.For(0, rows.Count, One);
        else for (var i = 0; i < rows.Count; i++) One(i);
        return judged;
    }

    /// <summary>A stored row's appraisal before grading.</summary>
    public StoredAppraisal ReadAppraisal(string json) => JsonSerializer.Deserialize<StoredAppraisal>(json, _json)!;

    private static Problem NotJoined(string staffNo, int year) => GetCadreComplianceEndpoint.NotTheCadresYear(staffNo, year);
}

/// <summary>
/// What a cadre-year's evaluation measured, without the rulebook, as the read model stores it: the cadre record, each rule set's
/// measure by rule set, the appraisal group's scores and the modules' effects (their reasons rendered in the stored language).
/// </summary>
/// <param name="Rules">Each rule set's measure by the rule set's type name: written as its own type, read back as JSON for the rule set to read.</param>
public sealed record StoredMeasure(CadreRecord Cadre, Dictionary<string, object?> Rules, CadreAppraisal.Assessed? Assessment, List<StoredEffect> Effects);

/// <summary>A module's effect on a cadre's appraisal as stored: its kind, reason and evidence.</summary>
public sealed record StoredEffect(string Kind, Text Reason, IReadOnlyList<Guid> Evidence)
{
    public static StoredEffect From(CadreAppraisalEffect effect) => new(effect.GetType().Name, effect.Reason, effect.Evidence);

    public CadreAppraisalEffect ToEffect() => Kind switch
    {
        nameof(Commendation) => new Commendation(Reason, Evidence),
        nameof(NotExcellent) => new NotExcellent(Reason, Evidence),
        nameof(NoGrade) => new NoGrade(Reason, Evidence),
        _ => throw new InvalidOperationException($"An appraisal effect of an unknown kind was stored: {Kind}"),
    };
}

/// <summary>A cadre's appraisal before the unit's cadres are graded together (<see cref="CadreAppraisal.Scored"/> without the compliance).</summary>
/// <remarks>Its texts are stored rendered in <see cref="ComplianceMemo.Language"/> and read back as verbatim texts.</remarks>
public sealed record StoredAppraisal(decimal Score, List<ScorePart> Parts, List<Text> Reasons, Text? NoGradeReason, bool MayBeExcellent);
