using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Training.DegreeStudies;

public static class GetDegreeStudyEndpoint
{
    /// <summary>A cadre's degree study: where it stands, the approved fee and what was paid back.</summary>
    /// <param name="staffNo">The staff number.</param>
    /// <param name="id">The study's id.</param>
    /// <param name="session"></param>
    /// <param name="cancellation"></param>
    [WolverineGet("/api/v1/cadres/{staffNo}/degree-studies/{id}", OperationId = "GetDegreeStudy"), Tags("Training"), ReadAccess, ScopedToCadre]
    [ProducesResponseType<DegreeStudyView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string staffNo, Guid id, IQuerySession session, CancellationToken cancellation) =>
        await DegreeStudies.ReadAsync(session, staffNo, id, cancellation) is { } study
            ? Results.Ok(DegreeStudyView.From(study))
            : DegreeStudies.NoSuchStudy(staffNo, id).ToResult();
}
