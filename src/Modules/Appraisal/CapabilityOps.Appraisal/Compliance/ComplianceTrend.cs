using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace CapabilityOps.Appraisal.Compliance;

/// <summary>A unit's compliance on one day: how many cadres counted there and how many of them met every rule.</summary>
public sealed record TrendPoint(string Month, DateOnly OnDate, int CadreCount, int CompliantCount, decimal Rate)
{
    public static TrendPoint On(DateOnly day, int cadres, int compliant) =>
        new($"{day:yyyy-MM}", day, cadres, compliant, cadres == 0 ? 0 : Math.Round(100m * compliant / cadres, 1));
}

/// <summary>
/// The monthly trend of compliance (table <c>{schema}.compliance_trend</c>): every unit's compliance on the last day of each month
/// that is over, evaluated as <c>?onDate=</c> evaluates it. The points are computed in the background for every unit at once (one
/// reading of each cadre's stream serves every month and every unit above the cadre), stamped like a unit's remembered tally
/// (the rulebook stream's version, the code, the cadre streams' number and sum of versions). Stale points are computed again
/// at once after a rulebook version that changed their year's (<see cref="CarryRulebookAsync"/>) or a new build, and after cadres' facts changed at most every
/// <c>Compliance:TrendRefreshInterval</c> (default a day), since a fact recorded late for a closed month changes its point but
/// recomputing every month of every cadre for each write would take the background's time from the rows. A reader gets the
/// points as last computed, never waiting for that. While a projection rebuild runs the points wait (<see cref="ProjectionRebuildLock"/>):
/// the units and cadres they count are documents the rebuild empties and refills.
/// </summary>
public sealed class ComplianceTrend(IDocumentStore store, ComplianceMemo memo, ComplianceCalculator calculator, IRulebooks rulebooks,
    LiveCompliance live)
{
    public const string TableName = "compliance_trend";

    /// <summary>Cadres read and evaluated together; between two chunks the read model catches up (the trend waits, the views do not).</summary>
    private const int Chunk = 500;

    private readonly string _table = $"{store.Options.Events.DatabaseSchemaName}.{TableName}";

    /// <summary>The table, created with the rest of the schema like <see cref="ComplianceMemo.Definition"/>.</summary>
    public static Table Definition(string schema)
    {
        var table = new Table($"{schema}.{TableName}");
        table.AddColumn<string>("unit_code").AsPrimaryKey();
        table.AddColumn<int>("year").AsPrimaryKey();
        table.AddColumn<int>("month").AsPrimaryKey();
        table.AddColumn("on_date", "date").NotNull();
        table.AddColumn<long>("rulebook_stream_version").NotNull();
        // The number of the rulebook version in force for the point's year when it was computed (0: not recorded).
        table.AddColumn<int>("rulebook_version").NotNull().DefaultValueByExpression("0");
        table.AddColumn<string>("code_version").NotNull();
        table.AddColumn<int>("cadre_count").NotNull();
        table.AddColumn<int>("compliant").NotNull();
        table.AddColumn<long>("cadre_streams").NotNull();
        table.AddColumn("cadre_versions", "numeric").NotNull();
        table.AddColumn("computed_at", "timestamp with time zone").NotNull().DefaultValueByExpression("now()");
        return table;
    }

    /// <summary>The last days of the months of <paramref name="year"/> that are over on <paramref name="today"/>.</summary>
    public static IReadOnlyList<DateOnly> ClosedMonthEnds(int year, DateOnly today) =>
        Enumerable.Range(1, year < today.Year ? 12 : year == today.Year ? today.Month - 1 : 0)
            .Select(m => new DateOnly(year, m, DateTime.DaysInMonth(year, m))).ToList();

    /// <summary>A unit's points of a year as last computed, by month.</summary>
    public async Task<IReadOnlyDictionary<int, TrendPoint>> ReadAsync(NpgsqlConnection connection, string unitCode, int year, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select month, on_date, cadre_count, compliant from {_table} where unit_code = $1 and year = $2", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = unitCode });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = year });
        var points = new Dictionary<int, TrendPoint>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            points[reader.GetInt32(0)] = TrendPoint.On(reader.GetFieldValue<DateOnly>(1), reader.GetInt32(2), reader.GetInt32(3));
        return points;
    }

    /// <summary>
    /// The closed month ends of a year whose points are due: none yet, or computed under another rulebook stream version or code,
    /// or from other cadre facts longer than <paramref name="refresh"/> ago (points are computed for every unit together, so any
    /// unit's rows tell).
    /// </summary>
    public async Task<IReadOnlyList<DateOnly>> DueAsync(NpgsqlConnection connection, int year, DateOnly today, StoreStamp stamp, TimeSpan refresh,
        CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"""
             select distinct month from {_table}
             where year = $1 and rulebook_stream_version = $2 and code_version = $3
               and ((cadre_streams = $4 and cadre_versions = $5) or computed_at > now() - $6)
             """, connection);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = year });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = stamp.RulebookStreamVersion });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = memo.CodeVersion });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = stamp.CadreStreams });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = stamp.CadreVersions });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = refresh });
        var present = new HashSet<int>();
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
            while (await reader.ReadAsync(cancellation)) present.Add(reader.GetInt32(0));
        return ClosedMonthEnds(year, today).Where(d => !present.Contains(d.Month)).ToList();
    }

    /// <summary>
    /// Moves the rulebook stamp of the points computed under the version still in force for their year forward, as
    /// <see cref="ComplianceMemo.CarryRulebookAsync"/> does for the rows: a version for a later year recomputes no month.
    /// </summary>
    public Task CarryRulebookAsync(NpgsqlConnection connection, IReadOnlyCollection<(int Year, int RulebookVersion)> inForce,
        long rulebookStreamVersion, CancellationToken cancellation) =>
        ComplianceMemo.CarryRulebookInAsync(connection, _table, inForce, rulebookStreamVersion, cancellation);

    /// <summary>
    /// Every unit's points on <paramref name="monthEnds"/> (of any years: each cadre's stream is read once for all of them),
    /// computed from every cadre's stream and saved in one transaction, replacing those months' rows. A cadre counts in the unit
    /// it was in on the day and in every unit above it.
    /// </summary>
    /// <param name="stamp">What the store held before the cadres were read (<see cref="ComplianceMemo.StampAsync"/>), which the points are stamped with.</param>
    /// <param name="between">Run between two chunks of cadres: the read model's catch-up, so that a long fill never holds it back.</param>
    /// <returns>The number of cadre-days evaluated; null when a projection rebuild was under way and the months stay due.</returns>
    public async Task<int?> FillAsync(IReadOnlyList<DateOnly> monthEnds, StoreStamp stamp, Func<CancellationToken, Task> between,
        CancellationToken cancellation)
    {
        if (monthEnds.Count == 0) return 0;
        await using var session = store.QuerySession();
        var rulebookOf = new Dictionary<int, RulebookVersion>();
        foreach (var year in monthEnds.Select(d => d.Year).Distinct()) rulebookOf[year] = await rulebooks.ForYearAsync(session, year, null, cancellation);
        var views = monthEnds.Select(d => new YearView(d.Year, d, null, d, rulebookOf[d.Year])).ToList();
        // The units and cadres are documents, which a projection rebuild empties and refills: read them whole or not at all.
        Dictionary<string, UnitRecord> units = [];
        List<string> cadres = [];
        await using (var guard = await memo.OpenAsync(cancellation))
            if (!await ProjectionRebuildLock.ReadWhileNoneAsync(guard, async () =>
                {
                    units = (await session.Query<UnitRecord>().ToListAsync(cancellation)).ToDictionary(u => u.Code, StringComparer.Ordinal);
                    cadres = (await session.Query<CadreRecord>().Select(c => c.Id).ToListAsync(cancellation)).Order(StringComparer.Ordinal).ToList();
                }, cancellation))
                return null;
        var counts = new Dictionary<(string Unit, int View), (int Cadres, int Compliant)>();
        var evaluated = 0;
        var window = live.Window(monthEnds.Min(d => d.Year), monthEnds.Max(d => d.Year));
        foreach (var chunk in cadres.Chunk(Chunk))
        {
            var clockwatch = System.Diagnostics.Stopwatch.StartNew();
            var events = await session.ReadStreamsAsync(chunk, window, cancellation);
            // One thread, and as long a pause as the chunk took: the trend is never urgent, and the readers keep a core.
            var results = chunk.Select(key => events.TryGetValue(key, out var stream) && stream.Count > 0
                ? views.Select(view => calculator.Evaluate(key, stream, view)).ToArray()
                : []).ToArray();
            await Task.Delay(clockwatch.Elapsed, cancellation);
            foreach (var cadre in results)
                for (var v = 0; v < cadre.Length; v++)
                {
                    evaluated++;
                    if (cadre[v]?.CountsIn is not { } unitCode || !units.TryGetValue(unitCode, out var unit)) continue;
                    foreach (var code in unit.Path.Append(unit.Code).Distinct(StringComparer.Ordinal))
                    {
                        var (n, met) = counts.GetValueOrDefault((code, v));
                        counts[(code, v)] = (n + 1, met + (cadre[v]!.Compliant ? 1 : 0));
                    }
                }
            await between(cancellation);
        }

        await using var connection = await memo.OpenAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using (var delete = new NpgsqlCommand(
                         $"delete from {_table} where (year, month) in (select * from unnest($1::int[], $2::int[]))", connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = monthEnds.Select(d => d.Year).ToArray() });
            delete.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = monthEnds.Select(d => d.Month).ToArray() });
            await delete.ExecuteNonQueryAsync(cancellation);
        }
        // Every unit gets a row for every month, none counted included, so a month is either complete or missing.
        var rows = units.Keys.SelectMany(code => views.Select((view, v) => (code, view.ViewDate, counts.GetValueOrDefault((code, v))))).ToList();
        await using (var insert = new NpgsqlCommand(
            $"""
             insert into {_table} (unit_code, year, month, on_date, rulebook_stream_version, rulebook_version, code_version, cadre_count, compliant,
                                   cadre_streams, cadre_versions)
             select u, extract(year from d)::int, extract(month from d)::int, d, $1, v, $2, n, c, $7, $8
             from unnest($3::text[], $4::date[], $5::int[], $6::int[], $9::int[]) as r(u, d, n, c, v)
             """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = stamp.RulebookStreamVersion });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = memo.CodeVersion });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = rows.Select(r => r.code).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<DateOnly[]> { TypedValue = rows.Select(r => r.ViewDate).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = rows.Select(r => r.Item3.Cadres).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = rows.Select(r => r.Item3.Compliant).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = stamp.CadreStreams });
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = stamp.CadreVersions });
            insert.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = rows.Select(r => rulebookOf[r.ViewDate.Year].Version).ToArray() });
            await insert.ExecuteNonQueryAsync(cancellation);
        }
        await transaction.CommitAsync(cancellation);
        return evaluated;
    }
}
