using CapabilityOps.Discipline.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Discipline.Sanctions;

/// <summary>Record a sanction for a violation of the work-style and discipline rules.</summary>
/// <param name="Severity">Warning (警告), Demerit (记过), MajorDemerit (记大过), Demotion (降级) or Dismissal (撤职).</param>
/// <param name="ImposedOn">YYYY-MM-DD of the decision.</param>
/// <param name="Violation">What was violated (confidential).</param>
/// <param name="Outcome">The decision's outcome (confidential).</param>
public sealed record ImposeSanction(SanctionSeverity? Severity, DateOnly? ImposedOn, string? Violation, string? Outcome) : IHasExample<ImposeSanction>
{
    public static ImposeSanction Example => new(SanctionSeverity.Warning, new DateOnly(2026, 5, 20), "违反工作纪律", "党内警告");
}

public sealed class ImposeSanctionValidator : AbstractValidator<ImposeSanction>
{
    public ImposeSanctionValidator()
    {
        RuleFor(x => x.Severity).KnownEnum();
        RuleFor(x => x.ImposedOn).Required();
        RuleFor(x => x.Violation).RequiredText(2000);
        RuleFor(x => x.Outcome).MaximumLength(2000);
    }
}

/// <summary>The id of the recorded fact.</summary>
public sealed record RecordedSanction(Guid Id, DateOnly PeriodEnds);

public static class ImposeSanctionEndpoint
{
    /// <summary>The sanction as the appender takes it: imposed while the person is a cadre.</summary>
    public static CadreFact<CadreRecord> Fact(ImposeSanction command) =>
        new([FactDate.WhileCadre("imposedOn", command.ImposedOn!.Value)], cadre =>
            Decision.Accept(new SanctionImposed(cadre.StaffNo, command.Severity!.Value, command.ImposedOn.Value, command.Violation!.Trim(), command.Outcome?.Trim())));

    public static Decision Decide(ImposeSanction command, CadreRecord cadre, DateOnly today) => Fact(command).Decide(cadre, today);

    /// <summary>Record a disciplinary sanction.</summary>
    /// <remarks>Confidential: an administrator or a DisciplineOfficer whose unit covers the cadre records it and reads it back at `GET /api/v1/cadres/{staffNo}/discipline`. Every other route (history, dossier, appraisal, eligibility) shows only that a confidential fact exists and its effect.</remarks>
    [WolverinePost("/api/v1/cadres/{staffNo}/sanctions", OperationId = "ImposeSanction"), Tags("Discipline"), DisciplineAccess, ScopedToCadre]
    [ProducesResponseType<RecordedSanction>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static Task<IResult> Post(string staffNo, ImposeSanction command, IDocumentSession session, TimeProvider clock) =>
        session.AppendCadreFactAsync(staffNo, clock, Fact(command), appended =>
            Results.Created($"/api/v1/cadres/{staffNo}/discipline", new RecordedSanction(appended.Events[^1].Id, ((SanctionImposed)appended.Facts[0]).PeriodEnds)));
}
