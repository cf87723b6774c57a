using System.Security.Claims;
using CapabilityOps.Discipline.Contracts.Events;
using CapabilityOps.SharedKernel;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Discipline.Confidential;

/// <summary>A cadre's sanctions and admonitions with their confidential details; this read is itself recorded.</summary>
/// <param name="ReadId">The id of this read in the read log (<c>GET /api/v1/admin/confidential-reads</c>).</param>
public sealed record CadreDiscipline(string StaffNo, IReadOnlyList<SanctionDetails> Sanctions, IReadOnlyList<AdmonitionDetails> Admonitions, Guid ReadId);

/// <summary>A sanction with its details.</summary>
/// <param name="Id">The fact's id (as in the history).</param>
/// <param name="PeriodEnds">The end of the sanction's period (处分期).</param>
/// <param name="Violation">What was violated.</param>
/// <param name="Outcome">The decision's outcome.</param>
/// <param name="RecordedAt">When it was recorded.</param>
/// <param name="RecordedBy">The API key that recorded it.</param>
public sealed record SanctionDetails(Guid Id, SanctionSeverity Severity, DateOnly ImposedOn, DateOnly PeriodEnds, string Violation, string? Outcome,
    DateTimeOffset RecordedAt, string? RecordedBy);

/// <summary>An admonition, critical education or organisational handling with its reason.</summary>
/// <param name="Id">The fact's id (as in the history).</param>
/// <param name="Reason">Why.</param>
/// <param name="RecordedAt">When it was recorded.</param>
/// <param name="RecordedBy">The API key that recorded it.</param>
public sealed record AdmonitionDetails(Guid Id, AdmonitionKind Kind, DateOnly On, string Reason, DateTimeOffset RecordedAt, string? RecordedBy);

public static class GetCadreDisciplineEndpoint
{
    /// <summary>The details as read from the cadre's discipline facts, oldest first.</summary>
    public static (List<SanctionDetails> Sanctions, List<AdmonitionDetails> Admonitions) Details(IEnumerable<IEvent> events)
    {
        var (sanctions, admonitions) = (new List<SanctionDetails>(), new List<AdmonitionDetails>());
        foreach (var e in events)
            switch (e.Data)
            {
                case SanctionImposed s:
                    sanctions.Add(new SanctionDetails(e.Id, s.Severity, s.ImposedOn, s.PeriodEnds, s.Violation, s.Outcome, e.Timestamp, e.UserName));
                    break;
                case AdmonitionGiven a:
                    admonitions.Add(new AdmonitionDetails(e.Id, a.Kind, a.On, a.Reason, e.Timestamp, e.UserName));
                    break;
            }
        return (sanctions, admonitions);
    }

    /// <summary>The read as the log keeps it: who (the key's name, role and unit), when, which cadre.</summary>
    public static ConfidentialDetailsRead ReadOf(Guid readId, string staffNo, ClaimsPrincipal user, string? keyUnitCode, DateTimeOffset now) =>
        new(readId, staffNo, user.Identity?.Name ?? "anonymous", user.FindFirst(ClaimTypes.Role)?.Value ?? "", keyUnitCode, now);

    /// <summary>Read a cadre's sanctions and admonitions with their confidential details.</summary>
    /// <remarks>For an administrator or a DisciplineOfficer whose unit covers the cadre only; every other key gets 403. Every answered read is recorded (who, when, which cadre) and listed by `GET /api/v1/admin/confidential-reads`. Nowhere else are these details shown: the history and the dossier show a neutral entry, the appraisal and eligibility only the effect.</remarks>
    /// <param name="staffNo">The staff number.</param>
    [WolverineGet("/api/v1/cadres/{staffNo}/discipline", OperationId = "GetCadreDiscipline"), Tags("Discipline"), DisciplineAccess, ScopedToCadre]
    [ProducesResponseType<CadreDiscipline>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string staffNo, IDocumentSession session, IAccessScope scope, HttpContext context, TimeProvider clock,
        CancellationToken cancellation)
    {
        var key = StreamKeys.Cadre(staffNo);
        if (await session.Events.FetchStreamStateAsync(key, cancellation) is null) return Problem.NoSuchCadre(staffNo).ToResult();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey == key && e.EventTypesAre(typeof(SanctionImposed), typeof(AdmonitionGiven)))
            .OrderBy(e => e.Version).ToListAsync(cancellation);
        var (sanctions, admonitions) = Details(events);

        // Saved before answering: the details go out only once the log holds the read.
        var read = ReadOf(Guid.CreateVersion7(), staffNo, context.User, scope.UnitCode, clock.GetUtcNow());
        session.StampRecording(context);
        session.Events.StartStream(DisciplineStreamKeys.ConfidentialRead(read.ReadId), read);
        await session.SaveChangesAsync(cancellation);
        return Results.Ok(new CadreDiscipline(staffNo, sanctions, admonitions, read.ReadId));
    }
}
