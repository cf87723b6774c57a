using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Learning.StudyHours;

/// <summary>Record hours a cadre studied (LRN-1: at least 60 hours a year, online and offline).</summary>
/// <param name="Hours">Hours studied: more than 0, at most 24. With the cadre's other records of the day, at most 24 a day.</param>
/// <param name="StudiedOn">YYYY-MM-DD the cadre studied: not in the future, not before the cadre joined.</param>
/// <param name="Channel">Online (线上) or Offline (线下).</param>
/// <param name="Source">Where the hours come from, e.g. 学习强国, cadre-academy, e-library: 1–64 characters.</param>
/// <param name="Topic">What was studied, up to 200 characters.</param>
/// <param name="ExternalId">The record's id in the source system, up to 128 characters: a second record with the same source and external id for the cadre is a duplicate (409).</param>
public sealed record LogStudyHours(decimal? Hours, DateOnly? StudiedOn, StudyChannel? Channel, string? Source, string? Topic, string? ExternalId) : IHasExample<LogStudyHours>
{
    public static LogStudyHours Example => new(1.5m, new DateOnly(2026, 3, 2), StudyChannel.Online, "学习强国", "习近平生态文明思想学习纲要 第三章", "XXQG-20260302-0001");
}

/// <summary>The record made.</summary>
public sealed record StudyHoursLoggedResponse(Guid Id);

public sealed class LogStudyHoursValidator : AbstractValidator<LogStudyHours>
{
    public const int MaxSourceLength = 64;
    public const int MaxTopicLength = 200;
    public const int MaxExternalIdLength = 128;

    public LogStudyHoursValidator()
    {
        RuleFor(x => x.Hours).Required()
            .GreaterThan(0m).WithText(Msg("HoursPositive"))
            .LessThanOrEqualTo(LearningDefaults.MaxHoursPerDay).WithText(Msg("HoursAtMost", LearningDefaults.MaxHoursPerDay));
        RuleFor(x => x.StudiedOn).Required();
        RuleFor(x => x.Channel).KnownEnum();
        RuleFor(x => x.Source).RequiredText(MaxSourceLength);
        RuleFor(x => x.Topic).MaximumLength(MaxTopicLength).WithText(Msg("TopicAtMost", MaxTopicLength));
        RuleFor(x => x.ExternalId)
            .Must(id => id is null || !string.IsNullOrWhiteSpace(id)).WithText(Msg("ExternalIdBlank"))
            .MaximumLength(MaxExternalIdLength).WithText(Msg("ExternalIdAtMost", MaxExternalIdLength));
    }
}

public static class LogStudyHoursEndpoint
{
    /// <summary>
    /// The rules of one study-hours record, shared by the API and the import: the cadre exists, the day is
    /// neither in the future nor before the cadre joined nor after the cadre left the system (409), the day's total stays within 24 hours, and the
    /// record is not a duplicate. <paramref name="duplicateKey"/> is what identifies the record (see <see cref="StudyHoursKeys"/>).
    /// </summary>
    public static Decision Decide(string staffNo, LogStudyHours command, StudyDayState state, string? duplicateKey, Guid recordId, DateOnly today)
    {
        // The cadre-fact appender's checks, on the ledger the bulk path read under the lock.
        if (state.Cadre is not { } cadre) return CadreFactAppender.NoSuchCadre(staffNo);
        var studiedOn = command.StudiedOn!.Value;
        var hours = command.Hours!.Value;
        if (FactDate.WhileCadre("studiedOn", studiedOn).Check(cadre, today) is { } problem) return problem;
        if (state.DuplicateKeyTaken)
            return Problem.Conflict(Msg("DuplicateRecord", staffNo, command.Source, command.ExternalId));
        if (state.HoursOnDay + hours > LearningDefaults.MaxHoursPerDay)
            return Problem.Invalid("hours", Msg("DayOver24", staffNo, state.HoursOnDay, studiedOn, hours, LearningDefaults.MaxHoursPerDay));

        return Decision.Accept(new StudyHoursLogged(recordId, staffNo, hours, studiedOn, command.Channel!.Value, command.Source!.Trim(),
            string.IsNullOrWhiteSpace(command.Topic) ? null : command.Topic.Trim(), command.ExternalId, duplicateKey));
    }

    /// <summary>Record study hours of a cadre.</summary>
    /// <remarks>
    /// A record with the same <c>source</c> and <c>externalId</c> as one the cadre has (even a revoked one) is a
    /// duplicate: 409 and nothing recorded. The fact lands in the cadre's history as <c>StudyHoursLogged</c>.
    /// An API key out of the cadre's unit gets 403 whatever the body.
    /// </remarks>
    [WolverinePost("/api/v1/cadres/{staffNo}/study-hours", OperationId = "LogStudyHours"), Tags("Learning"), WriteAccess]
    [ScopedToCadre(CheckedByEndpoint = true), OwnTransaction]
    [ProducesResponseType<StudyHoursLoggedResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(string staffNo, LogStudyHours command, IValidator<LogStudyHours> validator, IAccessScope scope,
        IIdempotencyClaims claims, IDocumentStore store, StudyHoursCommits commits, HttpContext context)
    {
        // The hottest write: decided and committed with the records that arrive meanwhile, in one transaction (StudyHoursCommits).
        var recordId = Guid.CreateVersion7();
        var location = $"/api/v1/cadres/{staffNo}/study-hours/{recordId}";
        var claim = claims.Claim(StatusCodes.Status201Created, location, new StudyHoursLoggedResponse(recordId));
        var record = new QueuedRecord(staffNo, command, recordId, claim,
            scope, await Validation.ProblemAsync(validator, command), EventRecording.Of(Recording.Of(context), store.Options.Serializer()));
        return (await commits.CommitAsync(record)).Answer(claim, Results.Created(location, new StudyHoursLoggedResponse(recordId)));
    }
}
