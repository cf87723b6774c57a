using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Learning.StudyHours;

/// <summary>Revoke a study-hours record: a correction, kept in the history; its hours stop counting.</summary>
/// <param name="Reason">Why the record is revoked, e.g. 重复录入 (entered twice): 1–500 characters.</param>
public sealed record RevokeStudyHours(string? Reason) : IHasExample<RevokeStudyHours>
{
    public static RevokeStudyHours Example => new("重复录入");
}

/// <summary>The record revoked and the hours that no longer count.</summary>
public sealed record StudyHoursRevokedResponse(Guid Id, decimal Hours, DateOnly StudiedOn);

public sealed class RevokeStudyHoursValidator : AbstractValidator<RevokeStudyHours>
{
    public RevokeStudyHoursValidator() => RuleFor(x => x.Reason).RequiredText(500);
}

public static class RevokeStudyHoursEndpoint
{
    public static Decision Decide(string staffNo, Guid recordId, RevokeStudyHours command, StudyHoursEntry? entry, StudyHoursRevocation? revocation)
    {
        if (entry is null || entry.StaffNo != staffNo)
            return Problem.NotFound(Msg("NoStudyHoursRecord", staffNo, recordId));
        if (entry.RevokedBy(revocation) is (true, var reason)) return Problem.Conflict(Msg("RecordRevokedAlready", recordId, reason));
        return Decision.Accept(new StudyHoursRevoked(entry.Id, staffNo, command.Reason!.Trim(), entry.Hours, entry.StudiedOn, entry.Channel, entry.Source));
    }

    /// <summary>Revoke one of a cadre's study-hours records.</summary>
    /// <remarks>
    /// The record stays in the cadre's history, followed by <c>StudyHoursRevoked</c> with the reason; its hours
    /// leave every total. Its source and external id stay taken, so importing the same file again does not bring it back.
    /// Hours credited by attending a session, and a record an import recorded (its id, inside the batch's fact), can be revoked the same way.
    /// </remarks>
    [WolverinePost("/api/v1/cadres/{staffNo}/study-hours/{id}/revocations", OperationId = "RevokeStudyHours"), Tags("Learning"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<StudyHoursRevokedResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string staffNo, Guid id, RevokeStudyHours command, IDocumentSession session, TimeProvider clock) =>
        // The record is read once the cadre's stream is locked: two revocations of one record queue, and the second finds it revoked.
        session.AppendCadreFactAsync<CadreRecord>(staffNo, clock, async _ =>
        {
            var batch = session.CreateBatchQuery();
            var entry = batch.Load<StudyHoursEntry>(id);
            var revocation = batch.Load<StudyHoursRevocation>(id);
            await batch.Execute();
            var (found, revoked) = (await entry ?? await GetStudyHoursEndpoint.ImportedAsync(session, staffNo, id), await revocation);
            return new CadreFact<CadreRecord>(_ => Decide(staffNo, id, command, found, revoked));
        }, appended =>
        {
            var revoked = (StudyHoursRevoked)appended.Facts[0];
            return Results.Created($"/api/v1/cadres/{staffNo}/study-hours/{id}", new StudyHoursRevokedResponse(id, revoked.Hours, revoked.StudiedOn));
        });
}
