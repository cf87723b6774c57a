using CapabilityOps.Appraisal.Compliance;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Appraisal.Contracts.Events;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Appraisal.Scoring;

/// <summary>The appraisal group's choice among the cadres tied at the unit's Excellent quota (APPRAISAL.md).</summary>
/// <param name="Year">The appraisal year.</param>
/// <param name="StaffNos">The tied cadres who take the Excellent places left: at least one, at most as many as the places.</param>
public sealed record ChooseExcellentPlaces(int? Year, IReadOnlyList<string>? StaffNos) : IHasExample<ChooseExcellentPlaces>
{
    public static ChooseExcellentPlaces Example => new(2026, ["E10023"]);
}

public sealed class ChooseExcellentPlacesValidator : AbstractValidator<ChooseExcellentPlaces>
{
    public ChooseExcellentPlacesValidator()
    {
        RuleFor(x => x.Year).Required();
        RuleFor(x => x.StaffNos).NotEmpty().WithText(Msg("StaffNosRequired"))
            .Must(list => list is null || list.All(s => s is not null && Validation.CodePattern().IsMatch(s)))
            .WithText(Msg("StaffNosFormat"))
            .Must(list => list is null || list.Distinct(StringComparer.Ordinal).Count() == list.Count)
            .WithText(Msg("StaffNosTwice"));
    }
}

/// <summary>The id of the recorded choice.</summary>
public sealed record RecordedChoice(Guid Id);

public static class ChooseExcellentPlacesEndpoint
{
    /// <param name="tie">The tie at the unit's Excellent quota in the year, as the live appraisal finds it now; null when there is none.</param>
    public static Decision Decide(ChooseExcellentPlaces command, string unitCode, QuotaTie? tie)
    {
        var year = command.Year!.Value;
        var staffNos = command.StaffNos!;
        if (tie is null)
            return Problem.Invalid("staffNos", Msg("NoTie", unitCode, year));
        var notTied = staffNos.Where(s => !tie.StaffNos.Contains(s, StringComparer.Ordinal)).ToList();
        if (notTied.Count > 0)
            return Problem.Invalid("staffNos",
                Msg("NotTied", unitCode, tie.Score, year, string.Join(", ", notTied)));
        if (staffNos.Count > tie.PlacesLeft)
            return Problem.Invalid("staffNos",
                Msg(tie.PlacesLeft == 1 ? "TooManyChosenOnePlace" : "TooManyChosen", staffNos.Count, tie.PlacesLeft));
        return Decision.Accept(new ExcellentPlacesChosen(unitCode, year, staffNos.ToList()));
    }

    /// <summary>Record the appraisal group's choice among the cadres tied at a unit's Excellent quota.</summary>
    /// <remarks>When more cadres share the score at the quota's boundary than places remain, the appraisal suggests them all
    /// Competent until this choice is recorded; then the chosen are Excellent. A later choice for the same year replaces it.</remarks>
    [WolverinePost("/api/v1/appraisals/units/{code}/excellent-choices", OperationId = "ChooseExcellentPlaces"), Tags("Appraisal"), AdminAccess, ScopedToUnit]
    [ProducesResponseType<RecordedChoice>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(string code, ChooseExcellentPlaces command, IDocumentSession session, IYearViews years,
        ComplianceCalculator calculator, AppraisalContributions contributions, CancellationToken cancellation)
    {
        var (view, invalid) = await years.ResolveAsync(session, command.Year, cancellation: cancellation);
        if (invalid is not null) return invalid.ToResult();
        var (unit, problem) = await calculator.EvaluateUnitAsync(session, code, view!, cancellation);
        if (problem is not null) return problem.ToResult();
        var peers = unit!.Cadres.Where(c => c.CountsIn == unit.Unit.Code).Select(contributions.Score).ToList();
        var decision = Decide(command, unit.Unit.Code, CadreAppraisal.TieAtQuota(peers));
        if (decision.Problem is { } refused) return refused.ToResult();
        var action = session.Events.Append(StreamKeys.Unit(unit.Unit.Code), decision.Events);
        return Results.Created($"/api/v1/appraisals/units/{unit.Unit.Code}?year={command.Year}", new RecordedChoice(action.Events[0].Id));
    }
}

/// <summary>The appraisal group's choices among tied cadres, as the grading reads them.</summary>
public static class ExcellentChoices
{
    /// <summary>Per unit, the last choice recorded for the year (up to <paramref name="asOf"/> when given).</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> LoadAsync(IQuerySession session, IReadOnlyCollection<string> unitCodes,
        int year, DateTimeOffset? asOf, CancellationToken cancellation)
    {
        var keys = unitCodes.Select(StreamKeys.Unit).ToArray();
        var query = session.Events.QueryAllRawEvents().Where(e => keys.Contains(e.StreamKey!) && e.EventTypesAre(typeof(ExcellentPlacesChosen)));
        if (asOf is { } instant)
        {
            var utc = instant.ToUniversalTime();
            query = query.Where(e => e.Timestamp <= utc);
        }
        var events = await query.ToListAsync(cancellation);
        return events.OrderBy(e => e.Sequence).Select(e => (ExcellentPlacesChosen)e.Data).Where(c => c.Year == year)
            .GroupBy(c => c.UnitCode).ToDictionary(g => g.Key, g => g.Last().StaffNos);
    }
}
