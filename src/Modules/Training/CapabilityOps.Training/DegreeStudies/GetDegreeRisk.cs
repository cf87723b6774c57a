using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Training.Compliance;
using CapabilityOps.Training.Designations;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Training.DegreeStudies;

/// <summary>A cadre who must still reach the required education (TRN-1).</summary>
/// <param name="StaffNo">The cadre.</param>
/// <param name="Education">The education held today.</param>
/// <param name="Age">The cadre's age today.</param>
/// <param name="DeadlineYear">The year by whose end the level is required.</param>
public sealed record DegreeRisk(string StaffNo, EducationLevel Education, int Age, int DeadlineYear);

public static class GetDegreeRiskEndpoint
{
    /// <summary>The risks among <paramref name="cadres"/> today under <paramref name="rules"/>, earliest deadline first; pure.</summary>
    public static IReadOnlyList<DegreeRisk> Risks(IEnumerable<CadreRecord> cadres, RulebookVersion rules, DateOnly today) =>
        cadres.Where(c => c.IsMemberOn(today))
            .Select(c => (Cadre: c, Term: DegreeRule.TermOf(c, rules)))
            .Where(x => x.Term is { } term && x.Cadre.EducationOn(today) < term.Required)
            .Select(x => new DegreeRisk(x.Cadre.StaffNo, x.Cadre.EducationOn(today), DegreeRule.AgeOn(x.Cadre.BirthDate, today), x.Term!.DeadlineYear))
            .OrderBy(r => r.DeadlineYear).ThenBy(r => r.StaffNo, StringComparer.Ordinal)
            .ToList();

    /// <summary>The cadres of a subtree who must still reach junior college, with their deadline year.</summary>
    /// <remarks>
    /// Cadres of the unit and the units below it today to whom TRN-1 applies (under the rulebook version of this year) and who do
    /// not hold the required level yet, earliest deadline first: what the personnel department chases. Without <c>unit</c>, the
    /// key's own unit (all cadres for Admin).
    /// </remarks>
    /// <param name="unit">A unit code: its subtree.</param>
    /// <param name="session"></param>
    /// <param name="years"></param>
    /// <param name="scope"></param>
    /// <param name="clock"></param>
    /// <param name="cancellation"></param>
    [WolverineGet("/api/v1/training/degree-risk", OperationId = "GetDegreeRisk"), Tags("Training"), ReadAccess]
    [NotUnitScoped("a unit's subtree when asked, checked against the key's units; the key's own unit otherwise")]
    [ProducesResponseType<IReadOnlyList<DegreeRisk>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string? unit, IQuerySession session, IYearViews years, IAccessScope scope, TimeProvider clock,
        CancellationToken cancellation)
    {
        var (code, refused) = await Scope.UnitAsync(session, unit, scope, cancellation);
        if (refused is not null) return refused.ToResult();
        var (view, problem) = await years.ResolveAsync(session, null, cancellation: cancellation);
        if (problem is not null) return problem.ToResult();

        IReadOnlyList<CadreRecord> cadres;
        if (code is null) cadres = await session.Query<CadreRecord>().ToListAsync(cancellation);
        else
        {
            var codes = (await session.Query<UnitRecord>().Where(u => u.Path.Contains(code)).Select(u => u.Code).ToListAsync(cancellation)).ToHashSet();
            var candidates = await session.Query<CadreRecord>().Where(c => c.UnitsHeld.Any(u => codes.Contains(u))).ToListAsync(cancellation);
            cadres = candidates.Where(c => codes.Contains(c.UnitCode)).ToList();
        }
        return Results.Ok(Risks(cadres, view!.Rulebook, ChinaTime.Today(clock)));
    }
}
