using CapabilityOps.Discipline.Records;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Discipline.Codes;

/// <summary>Who in a unit's subtree must acknowledge a version, who has and who has not.</summary>
/// <param name="Due">The cadres of the subtree today whose rank the version applies to.</param>
/// <param name="Acknowledged">Those of them who acknowledged it.</param>
/// <param name="Missing">Those of them who have not.</param>
public sealed record CodeAcknowledgements(string Version, string UnitCode, IReadOnlyList<string> Due, IReadOnlyList<string> Acknowledged, IReadOnlyList<string> Missing);

public static class GetAcknowledgementsEndpoint
{
    /// <summary>Splits the due cadres into those who acknowledged and those who have not; staff numbers in order.</summary>
    public static CodeAcknowledgements Tally(CodeOfConductRecord code, string unitCode, IEnumerable<CadreRecord> cadres, ISet<string> acknowledged, DateOnly today)
    {
        var due = cadres.Where(c => c.IsMemberOn(today) && AcknowledgeCodeEndpoint.AppliesTo(code.AppliesTo, c.RankOn(today)))
            .Select(c => c.StaffNo).Order(StringComparer.Ordinal).ToList();
        return new CodeAcknowledgements(code.Version, unitCode, due, due.Where(acknowledged.Contains).ToList(), due.Where(s => !acknowledged.Contains(s)).ToList());
    }

    /// <summary>Who has and who has not acknowledged a version of a code of conduct, in a unit and the units below it.</summary>
    /// <remarks>Due: the subtree's cadres today whose rank the version applies to. `unit` defaults to the key's unit; an administrator must name one.</remarks>
    /// <param name="version">The version.</param>
    /// <param name="unit">The subtree's root unit.</param>
    [WolverineGet("/api/v1/codes-of-conduct/{version}/acknowledgements", OperationId = "GetCodeAcknowledgements"), Tags("Discipline"), ReadAccess]
    [NotUnitScoped("the unit is the query's 'unit' (the key's unit by default): the endpoint checks it against the key's units")]
    [ProducesResponseType<CodeAcknowledgements>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string version, string? unit, IQuerySession session, IAccessScope scope, TimeProvider clock,
        CancellationToken cancellation)
    {
        var root = string.IsNullOrWhiteSpace(unit) ? scope.UnitCode : unit.Trim();
        if (root is null) return Problem.Invalid("unit", Msg("UnitRequired")).ToResult();
        if (!await scope.CoversUnitAsync(root, cancellation)) return Problem.OutOfScope.ToResult();
        var code = await session.LoadAsync<CodeOfConductRecord>(Contracts.Events.DisciplineStreamKeys.CodeOfConduct(version), cancellation);
        if (code is null) return Problem.NotFound(Msg("NoSuchCodeVersion", version)).ToResult();
        if (await session.LoadAsync<UnitRecord>(StreamKeys.Unit(root), cancellation) is null) return Problem.NoSuchUnit(root).ToResult();

        var units = (await session.Query<UnitRecord>().Where(u => u.Path.Contains(root)).Select(u => u.Code).ToListAsync(cancellation)).ToHashSet();
        var codes = units.ToArray();
        // Candidates by any unit held, then each by its unit today (the record's last unit).
        var cadres = (await session.Query<CadreRecord>().Where(c => c.UnitsHeld.Any(u => codes.Contains(u))).ToListAsync(cancellation))
            .Where(c => units.Contains(c.UnitCode)).ToList();
        var staffNos = cadres.Select(c => c.StaffNo).ToArray();
        var acknowledged = (await session.Query<CodeAcknowledgementRecord>()
            .Where(a => a.Version == code.Version && staffNos.Contains(a.StaffNo)).Select(a => a.StaffNo).ToListAsync(cancellation)).ToHashSet(StringComparer.Ordinal);
        return Results.Ok(Tally(code, root, cadres, acknowledged, ChinaTime.Today(clock)));
    }
}
