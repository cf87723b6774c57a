using JasperFx.Events;
using Marten;

namespace CapabilityOps.Appraisal.Contracts;

/// <summary>A cadre's compliance in one year, as <c>GET /api/v1/compliance/cadres/{staffNo}?year=&amp;asOf=</c> answers it.</summary>
/// <param name="ViewDate">The business day the year is measured on: 31 December of a past year, today (or the asOf day) for the current year, or the requested day.</param>
/// <param name="UnitCode">The unit the cadre belonged to on <paramref name="ViewDate"/>.</param>
/// <param name="Rank">The rank held on <paramref name="ViewDate"/>.</param>
public sealed record CadreYearCompliance(
    string StaffNo,
    int Year,
    int RulebookVersion,
    bool Compliant,
    DateOnly ViewDate,
    string UnitCode,
    string Rank,
    IReadOnlyList<RuleCheck> Checks);

/// <summary>
/// The compliance computation of the Appraisal module, for other modules (the Audit module's changes and dossier) to
/// call without HTTP: the same code path as the compliance routes, so its numbers are theirs.
/// </summary>
public interface ICadreComplianceQuery
{
    /// <summary>
    /// A cadre's compliance in <paramref name="year"/> over <paramref name="events"/> — the cadre's stream, all of it for
    /// the live view or read up to <paramref name="asOf"/>. The rulebook version is the one in force for the year as
    /// published up to <paramref name="asOf"/>. Null when the events hold no cadre, the cadre had not joined by the end of
    /// the year, or the year had not begun at <paramref name="asOf"/> (or now).
    /// </summary>
    /// <param name="onDate">Measure the year on this business day instead of its end (or today); it must fall in <paramref name="year"/>.</param>
    Task<CadreYearCompliance?> EvaluateAsync(IQuerySession session, string streamKey, IReadOnlyList<IEvent> events, int year,
        DateTimeOffset? asOf, DateOnly? onDate = null, CancellationToken cancellation = default);
}
