using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;

namespace CapabilityOps.Talent;

/// <summary>The 400 of a query string that names several bad parameters at once.</summary>
internal static class Problems
{
    public static Problem Fields(IReadOnlyDictionary<string, Text> errors) =>
        new(StatusCodes.Status400BadRequest, errors.Values.First(), errors.ToDictionary(e => e.Key, e => new[] { e.Value }));
}

/// <summary>A unit's subtree: the unit and every unit below it (<see cref="UnitRecord.Path"/>).</summary>
internal static class Subtrees
{
    public static async Task<IReadOnlySet<string>> CodesAsync(IQuerySession session, string unitCode, CancellationToken cancellation) =>
        (await session.Query<UnitRecord>().Where(u => u.Path.Contains(unitCode)).Select(u => u.Code).ToListAsync(cancellation))
        .ToHashSet(StringComparer.Ordinal);
}
