using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Marten.Storage;
using Npgsql;
using NpgsqlTypes;
using Weasel.Core;
using Weasel.Postgresql.Tables;

namespace CapabilityOps.Appraisal.Compliance;

/// <summary>
/// A memo of evaluated cadre-years (table <c>{schema}.compliance_memo</c>, one row per cadre stream and year) that the
/// live compliance views serve instead of recomputing. A row is only a shortcut, never a source: it is served only
/// while everything its evaluation read is unchanged — the cadre stream's version (events are append-only, so the
/// same version is the same events), the rulebook stream's version (a publication invalidates every row, until the background
/// carries over the rows of the years whose version in force it left as it was: <see cref="CarryRulebookAsync"/>), the
/// view date (today moves for the current year) and <see cref="CodeVersion"/> (the rule code that computed it).
/// Anything else misses and is recomputed by <see cref="ComplianceCalculator"/>, so a write shows at the next read.
/// A unit's complete tally over those rows is remembered the same way, in <c>{schema}.compliance_unit_memo</c>.
/// </summary>
public sealed class ComplianceMemo
{
    public const string TableName = "compliance_memo";

    /// <summary>One row per unit and year: the unit view's last complete tally, stamped with what it counted.</summary>
    public const string UnitTableName = "compliance_unit_memo";

    /// <summary>The prefix of every cadre stream's key (<see cref="StreamKeys.Cadre"/>): the streams a tally reads.</summary>
    private static readonly string CadreStreamPrefix = StreamKeys.Cadre("");

    private readonly string _memo;
    private readonly string _unitMemo;
    private readonly string _streams;
    private readonly string _cadres;
    private volatile bool _schemaChecked;

    public ComplianceMemo(IDocumentStore store, IEnumerable<Contracts.ICadreRuleSet> cadreRules)
    {
        Store = store;
        var options = store.Options;
        _memo = $"{options.Events.DatabaseSchemaName}.{TableName}";
        _unitMemo = $"{options.Events.DatabaseSchemaName}.{UnitTableName}";
        _streams = $"{options.Events.DatabaseSchemaName}.mt_streams";
        _cadres = options.FindOrResolveDocumentType(typeof(CadreRecord)).TableName.QualifiedName;
        _codeVersion = CodeVersionOf(cadreRules.Select(r => r.GetType()).Append(typeof(ComplianceMemo)).Append(typeof(CadreRecordFold)));
    }

    public IDocumentStore Store { get; }

    /// <summary>A fingerprint of the code an evaluation runs (every CapabilityOps assembly the rule sets and the host reach):
    /// a deployment that changes a rule never serves a row an older build computed.</summary>
    public string CodeVersion => _codeVersion;

    /// <summary>
    /// The language a row's texts (a note, a reason, a part's detail) are written in: Chinese, the bureau's language. The
    /// background worker has no request to take a language from, so every row is rendered in this one wherever it is computed
    /// (<see cref="InStoredLanguage{T}"/>); a cadre's live view in another language is computed, not read from the row.
    /// </summary>
    public static CultureInfo Language { get; } = CultureInfo.GetCultureInfo("zh-CN");

    /// <summary>Whether the current request reads the rows' language, so a cadre's row may be served to it as it is.</summary>
    public static bool ServesCurrentLanguage =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == Language.TwoLetterISOLanguageName;

    /// <summary>
    /// <paramref name="render"/> run as a Chinese request runs: texts in <see cref="Language"/>, values formatted invariantly
    /// (the host formats every request's values invariantly), whatever the calling thread's language.
    /// </summary>
    public static T InStoredLanguage<T>(Func<T> render)
    {
        var (ui, formatting) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            CultureInfo.CurrentUICulture = Language;
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            return render();
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, formatting);
        }
    }

    private readonly string _codeVersion;

    /// <summary>The table, for Marten to create with the rest of the schema (<c>db-apply</c>, or on first use in development).</summary>
    public static Table Definition(string schema)
    {
        var table = new Table($"{schema}.{TableName}");
        table.AddColumn<string>("stream_id").AsPrimaryKey();
        table.AddColumn<int>("year").AsPrimaryKey();
        table.AddColumn<long>("stream_version").NotNull();
        table.AddColumn<long>("rulebook_stream_version").NotNull();
        // The number of the rulebook version the row was judged under (0: not recorded, never carried over).
        table.AddColumn<int>("rulebook_version").NotNull().DefaultValueByExpression("0");
        table.AddColumn("view_date", "date").NotNull();
        table.AddColumn<string>("code_version").NotNull();
        table.AddColumn<bool>("applies").NotNull();
        table.AddColumn<string>("staff_no");
        table.AddColumn<string>("unit_code");
        table.AddColumn<bool>("compliant").NotNull();
        table.AddColumn("rules_met", "text[]").NotNull();
        table.AddColumn("rules_failed", "text[]").NotNull();
        table.AddColumn("view", "text");
        // The cadre's appraisal before grading (score, parts, reasons), and what grading and the unit appraisal read of it.
        table.AddColumn("appraisal", "text");
        table.AddColumn("score", "numeric");
        table.AddColumn<bool>("no_grade").NotNull().DefaultValueByExpression("false");
        table.AddColumn<bool>("may_be_excellent").NotNull().DefaultValueByExpression("false");
        table.AddColumn<int>("commendations").NotNull().DefaultValueByExpression("0");
        // What the evaluation measured of the cadre's events, without the rulebook (JSON): a new rulebook version is judged from it.
        table.AddColumn("measure", "text");
        table.AddColumn("computed_at", "timestamp with time zone").NotNull().DefaultValueByExpression("now()");
        return table;
    }

    /// <summary>The units' remembered tallies (<see cref="TallyAsync"/>), created with the rest of the schema like <see cref="Definition"/>.</summary>
    public static Table UnitDefinition(string schema)
    {
        var table = new Table($"{schema}.{UnitTableName}");
        table.AddColumn<string>("unit_code").AsPrimaryKey();
        table.AddColumn<int>("year").AsPrimaryKey();
        table.AddColumn("subtree", "text[]").NotNull();
        table.AddColumn<long>("rulebook_stream_version").NotNull();
        table.AddColumn("view_date", "date").NotNull();
        table.AddColumn<string>("code_version").NotNull();
        table.AddColumn<long>("cadre_streams").NotNull();
        table.AddColumn("cadre_versions", "numeric").NotNull();
        table.AddColumn<int>("cadre_count").NotNull();
        table.AddColumn("non_compliant", "text[]").NotNull();
        table.AddColumn("checks", "text").NotNull();
        table.AddColumn<int>("commendations").NotNull().DefaultValueByExpression("0");
        table.AddColumn("latest_computed_at", "timestamp with time zone");
        table.AddColumn("computed_at", "timestamp with time zone").NotNull().DefaultValueByExpression("now()");
        return table;
    }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellation)
    {
        if (!_schemaChecked)
        {
            var database = Store.Storage.Database;
            await database.EnsureStorageExistsAsync(typeof(StorageFeatures), cancellation);
            await database.EnsureStorageExistsAsync(typeof(JasperFx.Events.IEvent), cancellation);
            await database.EnsureStorageExistsAsync(typeof(CadreRecord), cancellation);
            _schemaChecked = true;
        }
        // The primary, always: the memo is written on a miss and must be read where the events are written.
        var connection = Store.Storage.Database.CreateConnection(ConnectionUsage.ReadWrite);
        await connection.OpenAsync(cancellation);
        return connection;
    }

    /// <summary>A cadre-year's row if it is still valid, in one statement with the versions it is checked against.</summary>
    public async Task<CadreLookup> LookupAsync(NpgsqlConnection connection, string streamKey, int year, DateOnly viewDate, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"""
             with rulebook as (select coalesce((select version from {_streams} where id = $5), 0) as version)
             select rulebook.version, s.version,
                    coalesce(m.stream_version = s.version and m.rulebook_stream_version = rulebook.version
                             and m.view_date = $3 and m.code_version = $4, false),
                    m.applies, m.view, c.data ->> 'unitCode', m.appraisal
             from rulebook
             left join {_streams} s on s.id = $1
             left join {_memo} m on m.stream_id = $1 and m.year = $2
             left join {_cadres} c on c.id = $1
             """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamKey });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = year });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = viewDate });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = CodeVersion });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Rulebooks.RulebookHistory.StreamKey });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        var rulebookVersion = reader.GetInt64(0);
        if (reader.IsDBNull(1)) return new CadreLookup(rulebookVersion, false, null, null);
        var hit = reader.GetBoolean(2)
            ? new MemoHit(reader.GetBoolean(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(6) ? null : reader.GetString(6))
            : null;
        return new CadreLookup(rulebookVersion, true, hit, reader.IsDBNull(5) ? null : reader.GetString(5));
    }

    /// <summary>
    /// A subtree's tallies: the unit's remembered tally when it is still valid (<see cref="RememberedTallyAsync"/>), otherwise
    /// <see cref="CountAsync"/>, which remembers what it counts when no cadre of the subtree was stale.
    /// </summary>
    /// <param name="asIs">Count every cadre's row as it is, fresh or not (the background keeps the year current; the stale are
    /// only counted in <see cref="SubtreeTally.Stale"/>); otherwise only fresh rows count.</param>
    /// <param name="stamp">What the store held just before (<see cref="StampAsync"/>).</param>
    public async Task<SubtreeTally> TallyAsync(NpgsqlConnection connection, string unitCode, string[] subtree, int year, DateOnly viewDate,
        StoreStamp stamp, bool asIs, CancellationToken cancellation) =>
        await RememberedTallyAsync(connection, unitCode, subtree, year, viewDate, stamp, cancellation)
        ?? await CountAsync(connection, unitCode, subtree, year, viewDate, stamp.RulebookStreamVersion, asIs, cancellation);

    /// <summary>
    /// In one statement (one snapshot): the rulebook stream's version, and the number of streams and the sum of their versions,
    /// of the cadre streams and of all streams. A stream's version only grows and streams are never deleted, so any committed
    /// append changes the sums: what was computed after reading a stamp is current while the stamp is unchanged. One pass
    /// over the streams table, not over the events.
    /// </summary>
    public async Task<StoreStamp> StampAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"""
             select coalesce((select version from {_streams} where id = $1), 0),
                    count(*) filter (where starts_with(id, $2)), coalesce(sum(version) filter (where starts_with(id, $2)), 0),
                    count(*), coalesce(sum(version), 0)
             from {_streams}
             """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Rulebooks.RulebookHistory.StreamKey });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = CadreStreamPrefix });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return new StoreStamp(reader.GetInt64(0), reader.GetInt64(1), ToLong(reader.GetDecimal(2)), reader.GetInt64(3), ToLong(reader.GetDecimal(4)));
    }

    private static long ToLong(decimal value) => (long)value;

    /// <summary>
    /// The unit's remembered tally if what it counted is unchanged: the same subtree, rulebook stream version, view date and
    /// code version, and the same cadre streams at the same versions — checked as the stamp's number of cadre streams and sum
    /// of their versions (<see cref="StampAsync"/>), without joining 20,000 rows.
    /// </summary>
    private async Task<SubtreeTally?> RememberedTallyAsync(NpgsqlConnection connection, string unitCode, string[] subtree, int year, DateOnly viewDate,
        StoreStamp stamp, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"""
             select t.cadre_count, t.non_compliant, t.checks, t.commendations, t.latest_computed_at from {_unitMemo} t
             where t.unit_code = $1 and t.year = $2 and t.subtree = $3 and t.view_date = $4 and t.code_version = $5
               and t.rulebook_stream_version = $6 and t.cadre_streams = $7 and t.cadre_versions = $8
             """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = unitCode });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = year });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = subtree });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = viewDate });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = CodeVersion });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = stamp.RulebookStreamVersion });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = stamp.CadreStreams });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = stamp.CadreVersions });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        if (!await reader.ReadAsync(cancellation)) return null;
        return Tally([], reader.GetInt32(0), reader.GetFieldValue<string[]>(1), reader.GetString(2), reader.GetInt32(3),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4));
    }

    /// <summary>
    /// In one statement (one snapshot): the cadres who ever held a unit of <paramref name="subtree"/> whose row for the year is
    /// missing or invalid, and the tallies over the valid rows of the cadres in <paramref name="subtree"/> on the view date.
    /// The tallies are complete exactly when no cadre is stale; then they are remembered for the unit, stamped with what they
    /// counted (see <see cref="RememberedTallyAsync"/>). One hash join of the cadre streams to the year's rows, grouped by the
    /// rules met and failed (a few dozen groups); the cadres' records (JSON) are read only for rows that are stale or missing.
    /// </summary>
    private async Task<SubtreeTally> CountAsync(NpgsqlConnection connection, string unitCode, string[] subtree, int year, DateOnly viewDate,
        long rulebookStreamVersion, bool asIs, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"""
             with cadre_rows as (
                 select s.id, s.version, m.applies, m.staff_no, m.unit_code, m.compliant, m.rules_met, m.rules_failed, m.commendations, m.computed_at,
                        coalesce(m.stream_version = s.version and m.rulebook_stream_version = $5 and m.view_date = $3
                                 and m.code_version = $4, false) as fresh
                 from {_streams} s
                 left join {_memo} m on m.stream_id = s.id and m.year = $2
                 where starts_with(s.id, $6)),
             pairs as materialized (
                 select (fresh or $8) and applies and unit_code = any($1) as counted, rules_met, rules_failed, count(*)::int as n,
                        coalesce(sum(commendations), 0)::int as commendations, max(computed_at) as latest,
                        sum(version) as versions, array_agg(staff_no) filter (where not compliant) as non_compliant,
                        array_agg(id) filter (where not fresh) as unchecked
                 from cadre_rows
                 group by 1, 2, 3),
             tally as materialized (
                 select array(select c.id from pairs p cross join unnest(p.unchecked) as u(id) join {_cadres} c on c.id = u.id
                              where c.data -> 'unitsHeld' ?| $1) as stale,
                        array(select unnest(non_compliant) from pairs where counted) as non_compliant,
                        (select coalesce(json_agg(json_build_array(rules_met, rules_failed, n)), '[]')::text from pairs where counted) as checks,
                        (select coalesce(sum(n), 0)::int from pairs where counted) as cadre_count,
                        (select coalesce(sum(commendations), 0)::int from pairs where counted) as commendations,
                        (select max(latest) from pairs where counted) as latest,
                        (select coalesce(sum(n), 0) from pairs) as cadre_streams,
                        (select coalesce(sum(versions), 0) from pairs) as cadre_versions),
             remembered as (
                 insert into {_unitMemo} (unit_code, year, subtree, rulebook_stream_version, view_date, code_version, cadre_streams,
                                          cadre_versions, cadre_count, non_compliant, checks, commendations, latest_computed_at, computed_at)
                 select $7, $2, $1, $5, $3, $4, cadre_streams, cadre_versions, cadre_count, non_compliant, checks, commendations, latest, now()
                 from tally where cardinality(stale) = 0
                 on conflict (unit_code, year) do update set
                     subtree = excluded.subtree, rulebook_stream_version = excluded.rulebook_stream_version,
                     view_date = excluded.view_date, code_version = excluded.code_version, cadre_streams = excluded.cadre_streams,
                     cadre_versions = excluded.cadre_versions, cadre_count = excluded.cadre_count,
                     non_compliant = excluded.non_compliant, checks = excluded.checks, commendations = excluded.commendations,
                     latest_computed_at = excluded.latest_computed_at, computed_at = excluded.computed_at)
             select stale, cadre_count, non_compliant, checks, commendations, latest from tally
             """, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = subtree });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = year });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = viewDate });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = CodeVersion });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = rulebookStreamVersion });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = CadreStreamPrefix });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = unitCode });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = asIs });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return Tally(reader.GetFieldValue<string[]>(0), reader.GetInt32(1), reader.GetFieldValue<string[]>(2), reader.GetString(3), reader.GetInt32(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));
    }

    /// <summary>Each distinct (met, failed) pair with how many cadres have it (a handful of pairs, however many cadres), summed by rule.</summary>
    private static SubtreeTally Tally(string[] stale, int cadreCount, string[] nonCompliant, string pairs, int commendations, DateTimeOffset? latest)
    {
        var tallies = new Dictionary<string, (int Met, int Total)>(StringComparer.Ordinal);
        foreach (var pair in JsonNode.Parse(pairs)!.AsArray())
        {
            var count = pair![2]!.GetValue<int>();
            foreach (var rule in pair[0]!.AsArray().Select(r => r!.GetValue<string>()))
                tallies[rule] = (tallies.GetValueOrDefault(rule).Met + count, tallies.GetValueOrDefault(rule).Total + count);
            foreach (var rule in pair[1]!.AsArray().Select(r => r!.GetValue<string>()))
                tallies[rule] = (tallies.GetValueOrDefault(rule).Met, tallies.GetValueOrDefault(rule).Total + count);
        }
        return new SubtreeTally(stale, cadreCount, nonCompliant, tallies.Select(t => new RuleTally(t.Key, t.Value.Met, t.Value.Total)).ToList(),
            commendations, latest);
    }

    /// <summary>
    /// The oldest transaction still running, as a 64-bit transaction id: every commit a statement after this one does not see is
    /// by this transaction or a later one. What a pass of the background starts from (<see cref="StaleAsync"/>'s <c>changedSince</c>).
    /// </summary>
    public async Task<long> HorizonAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint", connection);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>
    /// The cadre-years of <paramref name="years"/> (each with its view date) whose row is missing or stale, a cadre's years together
    /// (its stream is then read once), at most <paramref name="limit"/>: the background's next batch. One join of the cadre
    /// streams to each year's rows.
    /// </summary>
    /// <param name="changedSince">Only the cadre streams a transaction from this <see cref="HorizonAsync"/> on has changed (their row's
    /// <c>xmin</c>): after a complete pass under the same view dates and rulebook, nothing else can have gone stale, and a pass over
    /// a quiet store reads the narrow streams table instead of joining every row.</param>
    public async Task<IReadOnlyList<StaleRow>> StaleAsync(NpgsqlConnection connection, IReadOnlyList<(int Year, DateOnly ViewDate)> years,
        long rulebookStreamVersion, int limit, CancellationToken cancellation, long? changedSince = null)
    {
        string[]? changed = null;
        if (changedSince is { } horizon)
        {
            // age() compares 32-bit ids against the current one; frozen rows (far older than any pass) are never changed.
            await using var streams = new NpgsqlCommand(
                $"select id from {_streams} where starts_with(id, $1) and age(xmin) <= age(($2 % 4294967296)::text::xid)", connection);
            streams.Parameters.Add(new NpgsqlParameter<string> { TypedValue = CadreStreamPrefix });
            streams.Parameters.Add(new NpgsqlParameter<long> { TypedValue = horizon });
            var ids = new List<string>();
            await using (var found = await streams.ExecuteReaderAsync(cancellation))
                while (await found.ReadAsync(cancellation)) ids.Add(found.GetString(0));
            if (ids.Count == 0) return [];
            changed = [.. ids];
        }
        await using var command = new NpgsqlCommand(
            $"""
             select s.id, y.year,
                    case when m.rulebook_stream_version = $3 and m.view_date = y.view_date and m.code_version = $4 then m.stream_version end,
                    coalesce(m.stream_version = s.version and m.view_date = y.view_date and m.code_version = $4, false)
             from unnest($1::int[], $2::date[]) as y(year, view_date)
             cross join {_streams} s
             left join {_memo} m on m.stream_id = s.id and m.year = y.year
             where {(changed is null ? "starts_with(s.id, $5)" : "s.id = any($5)")}
               and not coalesce(m.stream_version = s.version and m.rulebook_stream_version = $3 and m.view_date = y.view_date
                                and m.code_version = $4, false)
             order by s.id, y.year desc
             limit $6
             """, connection);
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = years.Select(y => y.Year).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<DateOnly[]> { TypedValue = years.Select(y => y.ViewDate).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = rulebookStreamVersion });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = CodeVersion });
        if (changed is null) command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = CadreStreamPrefix });
        else command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = changed });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var stale = new List<StaleRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            stale.Add(new(reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetBoolean(3)));
        return stale;
    }

    /// <summary>
    /// The stored rows of <paramref name="rows"/> as they are: the stream version each was computed at, whether the cadre counts in
    /// the year, and its measure (null when it does not, or when an older build wrote it).
    /// </summary>
    public async Task<Dictionary<(string StreamKey, int Year), (long StreamVersion, bool Applies, string? Measure)>> MeasuresAsync(IQuerySession session,
        IReadOnlyCollection<StaleRow> rows, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"""
             select m.stream_id, m.year, m.stream_version, m.applies, m.measure
             from {_memo} m join unnest($1::text[], $2::int[]) as r(stream_id, year) on m.stream_id = r.stream_id and m.year = r.year
             """);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = rows.Select(r => r.StreamKey).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = rows.Select(r => r.Year).ToArray() });
        var stored = new Dictionary<(string, int), (long, bool, string?)>();
        await using var reader = await session.ExecuteReaderAsync(command, cancellation);
        while (await reader.ReadAsync(cancellation))
            stored[(reader.GetString(0), reader.GetInt32(1))] = (reader.GetInt64(2), reader.GetBoolean(3), reader.IsDBNull(4) ? null : reader.GetString(4));
        return stored;
    }

    /// <summary>
    /// Moves the rulebook stamp of the rows judged under the version still in force for their year (<paramref name="inForce"/>, read
    /// after <paramref name="rulebookStreamVersion"/>) forward to that stream version, without recomputing them: a version for a later
    /// year leaves this year's rows as they are. A version published between the two reads can only leave a row stamped too old.
    /// </summary>
    /// <returns>How many rows were carried over.</returns>
    public Task<int> CarryRulebookAsync(NpgsqlConnection connection, IReadOnlyCollection<(int Year, int RulebookVersion)> inForce,
        long rulebookStreamVersion, CancellationToken cancellation) =>
        CarryRulebookInAsync(connection, _memo, inForce, rulebookStreamVersion, cancellation);

    /// <summary>The carry-over of <paramref name="table"/>'s rows, each with a year, a rulebook version and the rulebook stream's version.</summary>
    internal static async Task<int> CarryRulebookInAsync(NpgsqlConnection connection, string table, IReadOnlyCollection<(int Year, int RulebookVersion)> inForce,
        long rulebookStreamVersion, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"""
             update {table} as m set rulebook_stream_version = $3
             from unnest($1::int[], $2::int[]) as y(year, version)
             where m.year = y.year and m.rulebook_version = y.version and m.rulebook_stream_version < $3
             """, connection);
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = inForce.Select(y => y.Year).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = inForce.Select(y => y.RulebookVersion).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = rulebookStreamVersion });
        return await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>
    /// Moves rows' stream-version stamps forward without recomputing them (<see cref="ComplianceReadModel"/>: the events since are
    /// facts of other years); a row someone recomputed meanwhile (its version no longer the one read) is left as it is.
    /// </summary>
    public async Task RestampAsync(NpgsqlConnection connection, IReadOnlyCollection<(StaleRow Row, long StreamVersion)> rows, CancellationToken cancellation)
    {
        if (rows.Count == 0) return;
        await using var command = new NpgsqlCommand(
            $"""
             update {_memo} as m set stream_version = r.version, computed_at = now()
             from unnest($1::text[], $2::int[], $3::bigint[], $4::bigint[]) as r(stream_id, year, was, version)
             where m.stream_id = r.stream_id and m.year = r.year and m.stream_version = r.was
             """, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = rows.Select(r => r.Row.StreamKey).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = rows.Select(r => r.Row.Year).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = rows.Select(r => r.Row.RowVersion!.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = rows.Select(r => r.StreamVersion).ToArray() });
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>
    /// What grading reads of the cadres counted in a unit (not its subtree) in a year, from their rows as they are: staff
    /// number, score, whether a grade may be given, whether Excellent may be. The cadres' own reasons are not read.
    /// </summary>
    public async Task<IReadOnlyList<(string StaffNo, decimal Score, bool NoGrade, bool MayBeExcellent)>> PeersAsync(NpgsqlConnection connection,
        string unitCode, int year, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select staff_no, score, no_grade, may_be_excellent from {_memo} where year = $1 and unit_code = $2 and applies and score is not null",
            connection);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = year });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = unitCode });
        var peers = new List<(string, decimal, bool, bool)>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) peers.Add((reader.GetString(0), reader.GetDecimal(1), reader.GetBoolean(2), reader.GetBoolean(3)));
        return peers;
    }

    /// <summary>When a row was last computed (null before any): how the readiness check tells a stalled background from a busy one.</summary>
    public async Task<DateTimeOffset?> LastComputedAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select max(computed_at) from {_memo}", connection);
        return await command.ExecuteScalarAsync(cancellation) is DateTime at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
    }

    /// <summary>The rulebook stream's version: read before the rulebook itself, so rows stamped with it can only be too old, never too new.</summary>
    public async Task<long> RulebookStreamVersionAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select coalesce((select version from {_streams} where id = $1), 0)", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Rulebooks.RulebookHistory.StreamKey });
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>
    /// Writes rows in key order (concurrent writers of overlapping sets never deadlock), 500 rows a batch (each its own implicit transaction).
    /// A row never replaces one computed from a later stream version: the worker evaluates events it read a while before, and a
    /// reader may have saved the cadre's next write meanwhile.
    /// </summary>
    public async Task SaveAsync(NpgsqlConnection connection, IReadOnlyCollection<MemoRow> rows, CancellationToken cancellation)
    {
        foreach (var chunk in rows.OrderBy(r => r.StreamKey, StringComparer.Ordinal).ThenBy(r => r.Year).Chunk(500))
        {
            await using var batch = new NpgsqlBatch(connection);
            foreach (var row in chunk)
            {
                var command = new NpgsqlBatchCommand(
                    $"""
                     insert into {_memo} as m (stream_id, year, stream_version, rulebook_stream_version, view_date, code_version, applies,
                                          staff_no, unit_code, compliant, rules_met, rules_failed, view, appraisal, score, no_grade,
                                          may_be_excellent, commendations, rulebook_version, measure, computed_at)
                     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, now())
                     on conflict (stream_id, year) do update set
                         stream_version = excluded.stream_version, rulebook_stream_version = excluded.rulebook_stream_version,
                         rulebook_version = excluded.rulebook_version,
                         view_date = excluded.view_date, code_version = excluded.code_version, applies = excluded.applies,
                         staff_no = excluded.staff_no, unit_code = excluded.unit_code, compliant = excluded.compliant,
                         rules_met = excluded.rules_met, rules_failed = excluded.rules_failed, view = excluded.view,
                         appraisal = excluded.appraisal, score = excluded.score, no_grade = excluded.no_grade,
                         may_be_excellent = excluded.may_be_excellent, commendations = excluded.commendations, measure = excluded.measure,
                         computed_at = excluded.computed_at
                     where m.stream_version <= excluded.stream_version
                     """);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.StreamKey });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = row.Year });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.StreamVersion });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.RulebookStreamVersion });
                command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = row.ViewDate });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = CodeVersion });
                command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = row.Applies });
                command.Parameters.Add(new NpgsqlParameter { Value = (object?)row.StaffNo ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = (object?)row.UnitCode ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = row.Compliant });
                command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = row.RulesMet });
                command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = row.RulesFailed });
                command.Parameters.Add(new NpgsqlParameter { Value = (object?)row.View ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = (object?)row.Appraisal ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = (object?)row.Score ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
                command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = row.NoGrade });
                command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = row.MayBeExcellent });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = row.Commendations });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = row.RulebookVersion });
                command.Parameters.Add(new NpgsqlParameter { Value = (object?)row.Measure ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(cancellation);
        }
    }

    private static string CodeVersionOf(IEnumerable<Type> types)
    {
        var seen = new SortedDictionary<string, Guid>(StringComparer.Ordinal);
        void Visit(Assembly assembly)
        {
            var name = assembly.GetName().Name ?? "";
            if (!name.StartsWith("CapabilityOps.", StringComparison.Ordinal) || seen.ContainsKey(name)) return;
            seen[name] = assembly.ManifestModule.ModuleVersionId;
            foreach (var reference in assembly.GetReferencedAssemblies().Where(r => r.Name?.StartsWith("CapabilityOps.", StringComparison.Ordinal) == true))
            {
                try
                {
                    Visit(Assembly.Load(reference));
                }
                catch (FileNotFoundException)
                {
                    seen[reference.FullName] = Guid.Empty; // referenced but never shipped: nothing of it can run
                }
            }
        }
        foreach (var type in types) Visit(type.Assembly);
        if (Assembly.GetEntryAssembly() is { } entry) Visit(entry);
        var text = string.Join(";", seen.Select(a => $"{a.Key}={a.Value:N}")) + $";runtime={Environment.Version}";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}

/// <summary>
/// What the memo holds for a cadre-year: the rulebook stream's version, whether the cadre stream exists, the row if valid,
/// and the cadre's current unit (from its record, for the key's scope).
/// </summary>
public sealed record CadreLookup(long RulebookStreamVersion, bool StreamExists, MemoHit? Hit, string? CurrentUnit);

/// <summary>
/// What the store held at one instant (<see cref="ComplianceMemo.StampAsync"/>): the rulebook stream's version, the cadre streams
/// (how many, and the sum of their versions) and all streams likewise.
/// </summary>
public sealed record StoreStamp(long RulebookStreamVersion, long CadreStreams, long CadreVersions, long Streams, long Versions)
{
    /// <summary>Everything recorded, as one comparable value: changed by any committed append to any stream.</summary>
    public (long Streams, long Versions) Recorded => (Streams, Versions);
}

/// <summary>A valid row: whether the cadre counts in the year at all, the view as served (JSON), and the appraisal before grading (JSON).</summary>
public sealed record MemoHit(bool Applies, string? View, string? Appraisal);

/// <summary>One evaluated cadre-year to remember, stamped with the versions it was computed at (<paramref name="RulebookVersion"/>: the number of the one it was judged under).</summary>
public sealed record MemoRow(string StreamKey, int Year, long StreamVersion, long RulebookStreamVersion, int RulebookVersion, DateOnly ViewDate, bool Applies,
    string? StaffNo, string? UnitCode, bool Compliant, string[] RulesMet, string[] RulesFailed, string? View,
    string? Appraisal = null, decimal? Score = null, bool NoGrade = false, bool MayBeExcellent = false, int Commendations = 0, string? Measure = null);

/// <summary>
/// A subtree's tallies over the rows counted, and the candidate cadres whose row is missing or stale (recomputed first, or
/// pending in the background). <see cref="Latest"/>: when the newest row counted was computed.
/// </summary>
public sealed record SubtreeTally(string[] Stale, int CadreCount, string[] NonCompliant, IReadOnlyList<RuleTally> Checks, int Commendations,
    DateTimeOffset? Latest);

/// <summary>A missing or stale cadre-year of the read model.</summary>
/// <param name="RowVersion">The stream version the row was computed at, when only that stamp is off (the rulebook, view date and code current); otherwise null.</param>
/// <param name="MeasureHolds">Only the rulebook stamp is off (the stream version, view date and code current): the row's measure still holds, to be judged again.</param>
public sealed record StaleRow(string StreamKey, int Year, long? RowVersion, bool MeasureHolds = false);
