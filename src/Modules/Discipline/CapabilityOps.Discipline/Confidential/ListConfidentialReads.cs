using CapabilityOps.Discipline.Records;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Discipline.Confidential;

/// <summary>One read of a cadre's confidential discipline details.</summary>
/// <param name="Id">The read's id (as the read answered it).</param>
/// <param name="StaffNo">Whose details were read.</param>
/// <param name="ReadBy">The API key that read them.</param>
/// <param name="Role">The key's role.</param>
/// <param name="KeyUnitCode">The key's unit; null for an administrator.</param>
/// <param name="ReadAt">When.</param>
public sealed record ConfidentialRead(Guid Id, string StaffNo, string ReadBy, string Role, string? KeyUnitCode, DateTimeOffset ReadAt);

public static class ListConfidentialReadsEndpoint
{
    public const int Listed = 1000;

    /// <summary>Who read which cadre's confidential discipline details, and when: newest first.</summary>
    /// <remarks>Every answered `GET /api/v1/cadres/{staffNo}/discipline` is listed here, at most the newest 1000 (narrow with `staffNo`).</remarks>
    /// <param name="staffNo">Only reads of this cadre's details.</param>
    [WolverineGet("/api/v1/admin/confidential-reads", OperationId = "ListConfidentialReads"), Tags("Discipline"), AdminAccess]
    [NotUnitScoped("administration: the read log covers every unit")]
    [ProducesResponseType<IReadOnlyList<ConfidentialRead>>(StatusCodes.Status200OK)]
    public static async Task<IReadOnlyList<ConfidentialRead>> Get(string? staffNo, IQuerySession session, CancellationToken cancellation)
    {
        var query = session.Query<ConfidentialReadRecord>().AsQueryable();
        if (!string.IsNullOrWhiteSpace(staffNo))
        {
            var cadre = staffNo.Trim();
            query = query.Where(r => r.StaffNo == cadre);
        }
        var reads = await query.OrderByDescending(r => r.ReadAt).Take(Listed).ToListAsync(cancellation);
        return reads.Select(r => new ConfidentialRead(r.Id, r.StaffNo, r.ReadBy, r.Role, r.KeyUnitCode, r.ReadAt)).ToList();
    }
}
