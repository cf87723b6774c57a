using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;

namespace CapabilityOps.Organization.Cadres;

/// <summary>
/// The shared shape of a change to a cadre's record: fetch the record for writing, decide, append, answer
/// 201 with the record as it now is. The cadre's stream row is locked for the transaction, so concurrent
/// changes to one cadre queue behind each other and each decides on the state the previous one left.
/// </summary>
internal static class CadreChange
{
    public static async Task<IResult> Apply(IDocumentSession session, string staffNo, Func<CadreRecord, Decision> decide)
    {
        var key = StreamKeys.Cadre(staffNo);
        var stream = await session.Events.FetchForExclusiveWriting<CadreRecord>(key);
        if (stream.Aggregate is null) return Problem.NotFound($"There is no cadre with staff number '{staffNo}'.").ToResult();

        var decision = decide(stream.Aggregate);
        if (decision.Problem is { } problem) return problem.ToResult();

        stream.AppendMany(decision.Events);
        return Results.Created($"/api/v1/cadres/{staffNo}",
            CadreView.From(ApplyAll(stream.Aggregate, key, decision.Events), (stream.StartingVersion ?? 0) + decision.Events.Count));
    }

    private static CadreRecord ApplyAll(CadreRecord record, string key, IReadOnlyList<object> events) =>
        events.Aggregate(record.Clone(), (r, e) => CadreRecordFold.Apply(r, key, e)!);

    /// <summary>Checks every dated change shares: not before the cadre joined, not in the future.</summary>
    public static Problem? CheckEffectiveDate(CadreRecord cadre, DateOnly effectiveOn, DateOnly today, string field) =>
        effectiveOn > today ? Problem.Invalid(field, $"'{field}' must not be in the future.")
        : effectiveOn < cadre.JoinedOn ? Problem.Invalid(field, $"'{field}' must not be before the cadre joined ({cadre.JoinedOn:yyyy-MM-dd}).")
        : null;
}
