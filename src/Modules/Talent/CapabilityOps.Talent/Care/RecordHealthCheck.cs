using System.Text.Json;
using System.Text.Json.Serialization;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Talent.Contracts.Events;
using CapabilityOps.Talent.Titles;
using FluentValidation;
using FluentValidation.Results;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Talent.Care;

/// <summary>Record that a cadre had a health check: the day only.</summary>
/// <param name="CheckedOn">YYYY-MM-DD; not in the future, not before the cadre joined.</param>
public sealed record RecordHealthCheck(DateOnly? CheckedOn) : IHasExample<RecordHealthCheck>
{
    public static RecordHealthCheck Example => new(new DateOnly(2026, 5, 20));

    /// <summary>
    /// Any other field the body carried (findings, results, diagnoses): kept here only so the validator can refuse them by name.
    /// Health data is sensitive personal data (PIPL) and never reaches an event.
    /// </summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherFields { get; init; }
}

public sealed class RecordHealthCheckValidator : AbstractValidator<RecordHealthCheck>
{
    public RecordHealthCheckValidator()
    {
        RuleFor(x => x.CheckedOn).Required();
        RuleFor(x => x.OtherFields).Custom((fields, context) =>
        {
            foreach (var field in fields?.Keys ?? Enumerable.Empty<string>())
                context.AddFailure(new ValidationFailure(field, Msg("HealthCheckDateOnly", field).ToString()));
        });
    }
}

public static class RecordHealthCheckEndpoint
{
    /// <summary>The check as the appender takes it: done while the person is a cadre (CARE-3 counts it in its year).</summary>
    public static CadreFact<CadreRecord> Fact(RecordHealthCheck command) =>
        new([FactDate.WhileCadre("checkedOn", command.CheckedOn!.Value)], cadre =>
            Decision.Accept(new HealthCheckRecorded(cadre.StaffNo, command.CheckedOn.Value)));

    public static Decision Decide(RecordHealthCheck command, CadreRecord cadre, DateOnly today) => Fact(command).Decide(cadre, today);

    /// <summary>Record that a cadre had a health check.</summary>
    /// <remarks>
    /// Only the date: a body with any other field (findings, results, diagnoses) is refused with 400 naming the field, and nothing
    /// is recorded — health results are sensitive personal data. CARE-3 asks for one check of every cadre every year.
    /// </remarks>
    [WolverinePost("/api/v1/cadres/{staffNo}/health-checks", OperationId = "RecordHealthCheck"), Tags("Talent and care"), WriteAccess, ScopedToCadre]
    [ProducesResponseType<RecordedFact>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string staffNo, RecordHealthCheck command, IDocumentSession session, TimeProvider clock) =>
        session.AppendCadreFactAsync(staffNo, clock, Fact(command), appended =>
            Results.Created($"/api/v1/cadres/{staffNo}/history", new RecordedFact(appended.Events[^1].Id)));
}
