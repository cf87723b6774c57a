using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Appraisal.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Appraisal.Scoring;

/// <summary>The appraisal group's assessment of a cadre's year (德能勤绩廉), each dimension 0–100.</summary>
public sealed record AssessCadre(int? Year, int? Morality, int? Ability, int? Diligence, int? Achievement, int? Integrity, string? Comment)
    : IHasExample<AssessCadre>
{
    public static AssessCadre Example => new(2026, 92, 88, 95, 90, 96, "全年工作扎实，执法办案成绩突出。");
}

public sealed class AssessCadreValidator : AbstractValidator<AssessCadre>
{
    public AssessCadreValidator()
    {
        RuleFor(x => x.Year).Required();
        foreach (var (name, get) in Dimensions)
            RuleFor(get).Required().InclusiveBetween(0, 100).WithText(Msg("From0To100", name)).OverridePropertyName(name);
        RuleFor(x => x.Comment).MaximumLength(2000);
    }

    private static readonly (string, System.Linq.Expressions.Expression<Func<AssessCadre, int?>>)[] Dimensions =
    [
        ("morality", x => x.Morality), ("ability", x => x.Ability), ("diligence", x => x.Diligence),
        ("achievement", x => x.Achievement), ("integrity", x => x.Integrity),
    ];
}

/// <summary>The appraisal group's score of a unit's business targets or daily work for a year.</summary>
/// <param name="Indicator">BUSINESS (业务目标) or DAILY (日常工作).</param>
/// <param name="Score">0–100.</param>
/// <param name="Reason">Why, as the appraisal group wrote it.</param>
public sealed record ScoreUnitTarget(int? Year, string? Indicator, decimal? Score, string? Reason) : IHasExample<ScoreUnitTarget>
{
    public static ScoreUnitTarget Example => new(2026, Indicators.BusinessTargets, 88.5m, "污染防治攻坚目标全部完成，信访办结率98%。");
}

public sealed class ScoreUnitTargetValidator : AbstractValidator<ScoreUnitTarget>
{
    public ScoreUnitTargetValidator()
    {
        RuleFor(x => x.Year).Required();
        RuleFor(x => x.Indicator).Must(i => i is Indicators.BusinessTargets or Indicators.DailyWork)
            .WithText(Msg("IndicatorOneOf", Indicators.BusinessTargets, Indicators.DailyWork));
        RuleFor(x => x.Score).Required().InclusiveBetween(0, 100).WithText(Msg("From0To100", "score"));
        RuleFor(x => x.Reason).RequiredText(2000);
    }
}

/// <summary>The id of the recorded fact.</summary>
public sealed record RecordedScore(Guid Id);

public static class RecordAssessmentsEndpoints
{
    /// <summary>The assessment as the appender takes it: of a year the person was a cadre in.</summary>
    public static CadreFact<CadreRecord> AssessmentFact(AssessCadre command) =>
        new([FactDate.YearWhileCadre("year", command.Year!.Value)], cadre =>
            Decision.Accept(new CadreAssessed(cadre.StaffNo, command.Year.Value, command.Morality!.Value, command.Ability!.Value,
                command.Diligence!.Value, command.Achievement!.Value, command.Integrity!.Value, command.Comment?.Trim())));

    public static Decision DecideCadre(AssessCadre command, CadreRecord cadre, DateOnly today) => AssessmentFact(command).Decide(cadre, today);

    public static Decision DecideUnit(ScoreUnitTarget command, UnitRecord? unit, string code, DateOnly today)
    {
        if (unit is null) return Problem.NoSuchUnit(code);
        if (command.Year > today.Year || command.Year < RulebookDefaults.ProgrammeStartYear)
            return Problem.Invalid("year", Msg("YearRange", RulebookDefaults.ProgrammeStartYear, today.Year));
        return Decision.Accept(new UnitTargetScored(unit.Code, command.Year!.Value, command.Indicator!, command.Score!.Value, command.Reason!.Trim()));
    }

    /// <summary>Record the appraisal group's assessment of a cadre's year (德能勤绩廉).</summary>
    [WolverinePost("/api/v1/cadres/{staffNo}/assessments", OperationId = "AssessCadre"), Tags("Appraisal"), AdminAccess, ScopedToCadre]
    [ProducesResponseType<RecordedScore>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static Task<IResult> Assess(string staffNo, AssessCadre command, IDocumentSession session, TimeProvider clock) =>
        session.AppendCadreFactAsync(staffNo, clock, AssessmentFact(command), appended =>
            Results.Created($"/api/v1/appraisals/cadres/{staffNo}?year={command.Year}", new RecordedScore(appended.Events[^1].Id)));

    /// <summary>Record the appraisal group's score of a unit's business targets or daily work.</summary>
    [WolverinePost("/api/v1/units/{code}/appraisal-scores", OperationId = "ScoreUnitTarget"), Tags("Appraisal"), AdminAccess, ScopedToUnit]
    [ProducesResponseType<RecordedScore>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Score(string code, ScoreUnitTarget command, IDocumentSession session, TimeProvider clock)
    {
        var decision = DecideUnit(command, await session.LoadAsync<UnitRecord>(StreamKeys.Unit(code)), code, ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem.ToResult();
        var action = session.Events.Append(StreamKeys.Unit(code), decision.Events);
        return Results.Created($"/api/v1/appraisals/units/{code}?year={command.Year}", new RecordedScore(action.Events[0].Id));
    }
}
