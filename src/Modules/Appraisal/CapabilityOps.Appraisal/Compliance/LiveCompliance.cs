using System.Text.Json;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace CapabilityOps.Appraisal.Compliance;

/// <summary>
/// The live compliance views (no <c>?asOf=</c>, <c>?rulebook=</c> or <c>?onDate=</c>) served from <see cref="ComplianceMemo"/>:
/// a valid row is served as it is; a missing or invalid one is computed by <see cref="ComplianceCalculator"/> — the same
/// computation as every other view — and remembered. So the memo-served view is the computed view, only sooner.
/// </summary>
public sealed class LiveCompliance(ComplianceMemo memo, ComplianceCalculator calculator, IRulebooks rulebooks, IOptions<HttpJsonOptions> json)
{
    /// <summary>Rounds of "recompute the stale, tally again" before a unit view gives up on the memo (writes racing the read).</summary>
    private const int TallyRounds = 3;

    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;

    /// <summary>
    /// A cadre's live view as JSON (exactly what the compute path serializes), or the problem the compute path gives; 403 when
    /// the cadre's current unit is outside the key's units (checked here, from the same statement, not before the endpoint).
    /// </summary>
    /// <param name="year">The year, checked (<see cref="YearViews.Dates"/>).</param>
    /// <param name="viewDate">The day it is measured on.</param>
    public async Task<(string? Json, Problem? Problem)> CadreAsync(IQuerySession session, IAccessScope scope, string staffNo, int year, DateOnly viewDate,
        CancellationToken cancellation)
    {
        var key = StreamKeys.Cadre(staffNo);
        await using var connection = await memo.OpenAsync(cancellation);
        var lookup = await memo.LookupAsync(connection, key, year, viewDate, cancellation);
        if (!lookup.StreamExists) return (null, Problem.NotFound(Msg("NoCadre", staffNo)));
        if (lookup.CurrentUnit is { } unit && !await scope.CoversUnitAsync(unit, cancellation)) return (null, Problem.OutOfScope);
        if (lookup.Hit is { } hit) return hit.Applies ? (hit.View, null) : (null, NotJoined(staffNo, year));

        var view = new YearView(year, viewDate, null, null, await rulebooks.ForYearAsync(session, year, null, cancellation));
        var events = await session.ReadStreamAsync(key, null, cancellation: cancellation); // the lean read the as-of view uses, same rows
        if (events.Count == 0) return (null, Problem.NotFound(Msg("NoCadre", staffNo)));
        var row = Evaluate(key, events, view, lookup.RulebookStreamVersion);
        if (!row.Applies) return (null, NotJoined(staffNo, year)); // a refused request writes nothing, not even the memo
        await memo.SaveAsync(connection, [row], cancellation);
        return (row.View, null);
    }

    /// <summary>
    /// A unit's live view: tallies over the memo rows of its subtree's cadres, after recomputing those missing or invalid.
    /// Null when writes keep racing the tally (the caller then computes it all, as <c>?asOf=</c> does).
    /// </summary>
    public async Task<UnitComplianceView?> UnitAsync(IQuerySession session, UnitRecord unit, string[] subtree, int year, DateOnly viewDate,
        CancellationToken cancellation)
    {
        await using var connection = await memo.OpenAsync(cancellation);
        var rulebookStreamVersion = await memo.RulebookStreamVersionAsync(connection, cancellation);
        var view = new YearView(year, viewDate, null, null, await rulebooks.ForYearAsync(session, year, null, cancellation));
        var ordered = subtree.Order(StringComparer.Ordinal).ToArray(); // the remembered tally is for exactly this subtree
        for (var round = 0; round < TallyRounds; round++)
        {
            var tally = await memo.TallyAsync(connection, unit.Code, ordered, year, viewDate, rulebookStreamVersion, cancellation);
            if (tally.Stale.Length == 0)
            {
                var unitChecks = await calculator.UnitChecksAsync(session, unit, view, cancellation);
                return new UnitComplianceView(unit.Code, year, view.Rulebook.Version, tally.CadreCount, tally.CadreCount - tally.NonCompliant.Length,
                    tally.Checks.OrderBy(c => c.Rule, StringComparer.Ordinal).ToList(), tally.NonCompliant.Order(StringComparer.Ordinal).ToList(),
                    unitChecks.Select(CheckView.From).ToList(), viewDate, null);
            }
            var events = await GetUnitComplianceEndpoint.StreamEventsAsync(session, tally.Stale, null, cancellation);
            var rows = events.Select(stream => Evaluate(stream.Key, stream.Value, view, rulebookStreamVersion)).ToList();
            await memo.SaveAsync(connection, rows, cancellation);
        }
        return null;
    }

    /// <summary>One cadre-year evaluated and stamped with the versions of what it read.</summary>
    private MemoRow Evaluate(string key, IReadOnlyList<IEvent> events, YearView year, long rulebookStreamVersion)
    {
        var version = events[^1].Version; // exactly the events evaluated, whatever was appended since
        var compliance = calculator.Evaluate(key, events, year);
        if (compliance is null) return new MemoRow(key, year.Year, version, rulebookStreamVersion, year.ViewDate, false, null, null, false, [], [], null);
        var view = CadreComplianceView.From(compliance, null);
        return new MemoRow(key, year.Year, version, rulebookStreamVersion, year.ViewDate, true, view.StaffNo, view.UnitCode, compliance.Compliant,
            compliance.Checks.Where(c => c.Met).Select(c => c.Rule).ToArray(), compliance.Checks.Where(c => !c.Met).Select(c => c.Rule).ToArray(),
            JsonSerializer.Serialize(view, _json));
    }

    private static Problem NotJoined(string staffNo, int year) =>
        Problem.NotFound(Msg("NotJoinedByYearEnd", staffNo, year));
}
