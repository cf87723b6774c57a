using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Training.Contracts;
using CapabilityOps.Training.Contracts.Events;
using FluentValidation;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Training.Trainings;

/// <summary>A training a cadre attended (TRN-2, TRN-3, TRN-4), posted by an online-learning platform or the organisation department.</summary>
/// <param name="Title">The training's title.</param>
/// <param name="Kind">Lecture (环保大讲堂), AcademicianLecture (院士讲座), MainClass (主体班), ReadingClass (领导干部读书班), Special (专项培训), StudyVisit (考察学习) or Shadowing (跟班学习).</param>
/// <param name="Level">Who held it: National, Provincial, Municipal, County or Bureau.</param>
/// <param name="Organiser">Who organised it; with <c>externalId</c>, the training's key for the cadre.</param>
/// <param name="From">YYYY-MM-DD of the first day: not in the future, not before the cadre joined.</param>
/// <param name="To">YYYY-MM-DD of the last day: not before <c>from</c>; the hours count in this day's year.</param>
/// <param name="Hours">Study hours credited towards LRN-1, 0 to 200.</param>
/// <param name="ExternalId">The organiser's id of the record, when it has one: a second post with the same organiser and id is a 409.</param>
public sealed record RecordTraining(string? Title, TrainingKind? Kind, TrainingLevel? Level, string? Organiser, DateOnly? From, DateOnly? To,
    decimal? Hours, string? ExternalId) : IHasExample<RecordTraining>
{
    public static RecordTraining Example => new("全市生态环境系统排污许可专项培训", TrainingKind.Special, TrainingLevel.Municipal, "市局人事科",
        new DateOnly(2026, 4, 13), new DateOnly(2026, 4, 14), 12m, "PX-2026-0413");
}

public sealed class RecordTrainingValidator : AbstractValidator<RecordTraining>
{
    public const decimal MaxHours = 200m;

    public RecordTrainingValidator()
    {
        RuleFor(x => x.Title).RequiredText(200);
        RuleFor(x => x.Kind).KnownEnum();
        RuleFor(x => x.Level).KnownEnum();
        RuleFor(x => x.Organiser).RequiredText(100);
        RuleFor(x => x.From).Required();
        RuleFor(x => x.To).Required();
        RuleFor(x => x.To).Must((x, to) => x.From is null || to is null || to >= x.From).WithText(Msg("ToBeforeFrom"));
        RuleFor(x => x.Hours).Hours();
        RuleFor(x => x.ExternalId).MaximumLength(100).WithText(Msg("AtMostCharacters", 100));
    }
}

public static class RecordTrainingEndpoint
{
    /// <summary>The training as the appender takes it: attended while a cadre, and not posted before by the same organiser and id.</summary>
    public static CadreFact<CadreRecord> Fact(RecordTraining command, Guid trainingId, IReadOnlyList<TrainingAttended> posted)
    {
        var (organiser, externalId) = (command.Organiser!.Trim(), command.ExternalId?.Trim() is { Length: > 0 } id ? id : null);
        return new([FactDate.WhileCadre("from", command.From!.Value), FactDate.WhileCadre("to", command.To!.Value)], cadre =>
            externalId is not null && posted.Any(p => p.Organiser == organiser && p.ExternalId == externalId)
                ? Problem.Conflict(Msg("TrainingPosted", organiser, externalId, cadre.StaffNo))
                : Decision.Accept(new TrainingAttended(cadre.StaffNo, trainingId, command.Title!.Trim(), command.Kind!.Value, command.Level!.Value,
                    organiser, command.From!.Value, command.To!.Value, command.Hours!.Value, externalId)));
    }

    public static Decision Decide(RecordTraining command, Guid trainingId, IReadOnlyList<TrainingAttended> posted, CadreRecord cadre, DateOnly today) =>
        Fact(command, trainingId, posted).Decide(cadre, today);

    /// <summary>Record a training a cadre attended.</summary>
    /// <remarks>
    /// Its hours count towards the cadre's LRN-1 once, in the year of <c>to</c> (offline, source <c>training</c>): in the learning
    /// view, compliance and the unit views. The same <c>organiser</c> and <c>externalId</c> for the cadre again is a 409.
    /// </remarks>
    [WolverinePost("/api/v1/cadres/{staffNo}/trainings", OperationId = "RecordTraining"), Tags("Training"), WriteAccess]
    [ScopedToCadre(CheckedByEndpoint = true), OwnTransaction]
    [ProducesResponseType<RecordedTraining>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(string staffNo, RecordTraining command, IValidator<RecordTraining> validator, IAccessScope scope,
        IIdempotencyClaims claims, CadreFactCommits commits, HttpContext context)
    {
        // Posted in volume by the online-learning platforms: committed with the facts that arrive meanwhile (CadreFactCommits), the
        // cadre's trainings read under the lock with the group's.
        var trainingId = Guid.CreateVersion7();
        return await commits.AppendAsync(staffNo, context, claims, scope, await Validation.ProblemAsync(validator, command), Guid.CreateVersion7(),
            earlier => Fact(command, trainingId, earlier.OfType<TrainingAttended>().Where(t => t.ExternalId is not null).ToList()),
            $"/api/v1/cadres/{staffNo}/history", new RecordedTraining(trainingId), [typeof(TrainingAttended)]);
    }
}

/// <summary>The recorded training, business training or practice event.</summary>
/// <param name="Id">Its id.</param>
public sealed record RecordedTraining(Guid Id);

public static class HoursRule
{
    /// <summary>Study hours from 0 to 200.</summary>
    public static IRuleBuilderOptions<T, decimal?> Hours<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.Required().InclusiveBetween(0m, RecordTrainingValidator.MaxHours).WithText(Msg("HoursRange", 0, RecordTrainingValidator.MaxHours));
}
