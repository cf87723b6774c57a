using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Talent.Eligibility;

/// <summary>What makes a cadre a candidate: a title's kind, level and year.</summary>
public sealed record EligibilityReasonView(string Kind, string Level, int Year);

/// <summary>A candidate for deputy-section-level posts and above, with the reasons.</summary>
public sealed record EligibilityCandidate(string StaffNo, string Name, string UnitCode, IReadOnlyList<EligibilityReasonView> Reasons);

/// <summary>The candidates of a unit's subtree.</summary>
/// <param name="OnDate">The business day the candidates are judged on: today, or the China date of `asOf`.</param>
/// <param name="Candidates">Ordered by staff number. A cadre kept out (an open sanction period, say) is simply absent.</param>
public sealed record PromotionEligibility(string UnitCode, DateOnly OnDate, DateTimeOffset? AsOf, IReadOnlyList<EligibilityCandidate> Candidates);

public static class GetPromotionEligibilityEndpoint
{
    /// <summary>
    /// Pure: the candidates among the cadres who may count in the subtree, each folded from the events given (recorded up to the
    /// instant asked for). Every module's contribution is asked; one exclusion keeps the cadre out, and the answer never says why.
    /// </summary>
    public static IReadOnlyList<EligibilityCandidate> Candidates(IReadOnlySet<string> subtree, DateOnly onDate, RulebookVersion rulebook,
        IEnumerable<(string StreamKey, IReadOnlyList<IEvent> Events)> cadres, IReadOnlyList<IPromotionEligibilityContribution> contributions)
    {
        var candidates = new List<EligibilityCandidate>();
        foreach (var (key, events) in cadres)
        {
            if (CadreRecordFold.Fold(key, events) is not { } cadre || cadre.JoinedOn > onDate || !cadre.IsMemberOn(onDate)) continue;
            var unit = cadre.UnitOn(onDate);
            if (!subtree.Contains(unit)) continue;
            var context = new CadreRuleContext(cadre, onDate.Year, onDate, rulebook);
            var notes = contributions.SelectMany(c => c.Evaluate(context, events)).ToList();
            if (notes.Any(n => n is EligibilityExclusion)) continue;
            var reasons = notes.OfType<EligibilityReason>().Select(r => new EligibilityReasonView(r.Kind, r.Level, r.Year)).Distinct().ToList();
            if (reasons.Count > 0) candidates.Add(new EligibilityCandidate(cadre.StaffNo, cadre.Name, unit, reasons));
        }
        return candidates.OrderBy(c => c.StaffNo, StringComparer.Ordinal).ToList();
    }

    /// <summary>Who is eligible for deputy-section-level posts and above in a unit's subtree, and why.</summary>
    /// <remarks>
    /// Cadres holding a pacesetter or expert title at municipal level or above, or an excellent-party-member or
    /// excellent-civil-servant title, within the last 3 years; no seniority is used. A cadre kept out by a confidential record
    /// is absent, and nothing in the answer says why. With `asOf`, the facts recorded up to that instant, judged on its day.
    /// </remarks>
    /// <param name="unit">The unit's code; its subtree is searched. It must be the key's unit or a unit below it.</param>
    /// <param name="asOf">An instant (RFC 3339 with offset): the candidates as known then, judged on that day (China time).</param>
    /// <param name="session"></param>
    /// <param name="scope"></param>
    /// <param name="rulebooks"></param>
    /// <param name="contributions"></param>
    /// <param name="clock"></param>
    /// <param name="cancellation"></param>
    [WolverineGet("/api/v1/promotion-eligibility", OperationId = "GetPromotionEligibility"), Tags("Talent and care"), ReadAccess]
    [NotUnitScoped("the unit is named in the query: the endpoint checks it is the key's unit or below it")]
    [ProducesResponseType<PromotionEligibility>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string? unit, DateTimeOffset? asOf, IQuerySession session, IAccessScope scope, IRulebooks rulebooks,
        IEnumerable<IPromotionEligibilityContribution> contributions, TimeProvider clock, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(unit)) return Problem.Invalid("unit", Msg("UnitRequired")).ToResult();
        if (asOf > clock.GetUtcNow()) return Problem.InFuture("asOf").ToResult();
        if (!await scope.CoversUnitAsync(unit, cancellation)) return Problem.OutOfScope.ToResult();
        if (await session.LoadAsync<UnitRecord>(StreamKeys.Unit(unit), cancellation) is null) return Problem.NoSuchUnit(unit).ToResult();

        var onDate = asOf is { } instant ? ChinaTime.DateOf(instant) : ChinaTime.Today(clock);
        var rulebook = await rulebooks.ForYearAsync(session, onDate.Year, asOf, cancellation);
        var subtree = await Subtrees.CodesAsync(session, unit, cancellation);
        var codes = subtree.ToArray();
        // Everyone who ever belonged to the subtree; where each stood on the day is decided from their own events.
        var keys = await session.Query<CadreRecord>().Where(c => c.UnitsHeld.Any(u => codes.Contains(u))).Select(c => c.Id).ToListAsync(cancellation);
        var streams = await session.ReadStreamsAsync(keys, cancellation);
        var cutoff = asOf?.ToUniversalTime();
        var cadres = streams.Select(s => (s.Key, cutoff is null ? s.Value : (IReadOnlyList<IEvent>)s.Value.Where(e => e.Timestamp <= cutoff).ToList()));
        return Results.Ok(new PromotionEligibility(unit, onDate, asOf, Candidates(subtree, onDate, rulebook, cadres, contributions.ToList())));
    }
}
