using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Appraisal.Compliance;

/// <summary>A unit's compliance in a year, counted over the cadres of the unit and every unit below it.</summary>
/// <param name="Checks">Per rule: how many of the cadres it applies to meet it.</param>
/// <param name="NonCompliant">Staff numbers of the cadres that miss at least one rule.</param>
/// <param name="UnitChecks">The rules the unit itself must meet (LRN-2, LRN-3, LRN-4, TRN-5, RPT-1, …).</param>
/// <param name="ComputedAt">The live view: when the newest cadre result it counts was computed in the background (null when computed for this request: <c>?asOf=</c>, <c>?rulebook=</c>).</param>
/// <param name="Pending">The live view: how many cadres of the subtree the background has not yet recomputed since their last change (their previous result is counted meanwhile); 0 when computed for this request.</param>
public sealed record UnitComplianceView(
    string UnitCode,
    int Year,
    int RulebookVersion,
    int CadreCount,
    int CompliantCount,
    IReadOnlyList<RuleTally> Checks,
    IReadOnlyList<string> NonCompliant,
    IReadOnlyList<CheckView> UnitChecks,
    DateOnly ViewDate,
    DateTimeOffset? AsOf,
    DateTimeOffset? ComputedAt,
    int Pending);

/// <summary>How many of the cadres a rule applies to meet it.</summary>
public sealed record RuleTally(string Rule, int Met, int Total);

public static class GetUnitComplianceEndpoint
{
    /// <summary>A unit's compliance in a year, over its whole subtree.</summary>
    /// <remarks>A cadre counts in the unit it belongs to at the end of the year (or on the view date for the current year).</remarks>
    /// <param name="code">The unit's code.</param>
    /// <param name="year">The calendar year (China Standard Time); this year when absent.</param>
    /// <param name="asOf">The view as it was known at this instant, from the facts recorded up to it.</param>
    /// <param name="rulebook">Recompute under this rulebook version instead of the one that applies to the year.</param>
    [WolverineGet("/api/v1/compliance/units/{code}", OperationId = "GetUnitCompliance"), Tags("Appraisal"), ReadAccess, ScopedToUnit]
    [ProducesResponseType<UnitComplianceView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string code, int? year, DateTimeOffset? asOf, int? rulebook, IQuerySession session,
        YearViews years, ComplianceCalculator calculator, LiveCompliance live, CancellationToken cancellation)
    {
        if (asOf is null && rulebook is null)
        {
            // The live view: tallied from the read model's cadre-years, as the background keeps them (or recomputing the stale of an older year).
            var (dates, invalid) = years.Dates(year, null, null);
            if (invalid is not null) return invalid.ToResult();
            var (unitRecord, subtree) = await SubtreeAsync(session, code, cancellation);
            if (unitRecord is null) return Problem.NoSuchUnit(code).ToResult();
            if (await live.UnitAsync(session, unitRecord, subtree, dates!.Value.Year, dates.Value.ViewDate, cancellation) is { } view) return Results.Ok(view);
        }
        var (resolved, problem) = await years.ResolveAsync(session, year, asOf, null, rulebook, cancellation);
        if (problem is not null) return problem.ToResult();
        var (result, missing) = await calculator.EvaluateUnitAsync(session, code, resolved!, cancellation);
        if (missing is not null) return missing.ToResult();
        var unit = result!;
        var tallies = unit.Cadres.SelectMany(c => c.Checks).GroupBy(c => c.Rule).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new RuleTally(g.Key, g.Count(c => c.Met), g.Count())).ToList();
        return Results.Ok(new UnitComplianceView(unit.Unit.Code, unit.Year.Year, unit.Rulebook.Version, unit.Cadres.Count,
            unit.Cadres.Count(c => c.Compliant), tallies,
            unit.Cadres.Where(c => !c.Compliant).Select(c => c.Cadre.StaffNo).Order(StringComparer.Ordinal).ToList(),
            unit.UnitChecks.Select(CheckView.From).ToList(), unit.Year.ViewDate, asOf, null, 0));
    }

    /// <summary>The unit and the codes of its subtree (itself and every unit below it), in one round trip.</summary>
    public static async Task<(UnitRecord? Unit, string[] Subtree)> SubtreeAsync(IQuerySession session, string code, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var unit = batch.Load<UnitRecord>(StreamKeys.Unit(code));
        var subtree = batch.Query<UnitRecord>().Where(u => u.Path.Contains(code)).Select(u => u.Code).ToList();
        await batch.Execute(cancellation);
        return (await unit, (await subtree).ToArray());
    }

    /// <summary>The given streams' events in version order (recorded up to <paramref name="asOf"/> when given), 500 streams a query.</summary>
    internal static async Task<Dictionary<string, IReadOnlyList<IEvent>>> StreamEventsAsync(IQuerySession session, IReadOnlyList<string> streamKeys,
        DateTimeOffset? asOf, CancellationToken cancellation)
    {
        var result = new Dictionary<string, IReadOnlyList<IEvent>>();
        foreach (var chunk in streamKeys.Chunk(500))
        {
            var keys = chunk.ToArray();
            var query = session.Events.QueryAllRawEvents().Where(e => keys.Contains(e.StreamKey!));
            if (asOf is { } instant)
            {
                var utc = instant.ToUniversalTime();
                query = query.Where(e => e.Timestamp <= utc);
            }
            foreach (var stream in (await query.ToListAsync(cancellation)).GroupBy(e => e.StreamKey!))
                result[stream.Key] = stream.OrderBy(e => e.Version).ToList();
        }
        return result;
    }
}
