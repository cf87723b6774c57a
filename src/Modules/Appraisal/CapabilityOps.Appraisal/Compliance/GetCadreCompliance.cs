using CapabilityOps.Organization.Contracts;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.SharedKernel;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Appraisal.Compliance;

/// <summary>A cadre's compliance with the programme's rules in a year.</summary>
/// <param name="Checks">Only the rules that apply to this cadre (e.g. SVC-1 for leaders, SVC-2 for section-level cadres).</param>
/// <param name="UnitCode">The unit the cadre belonged to on the view date; null when the cadre had left the system by then (and so counts in no unit's figures).</param>
/// <param name="ViewDate">31 December for a past year; today (or the asOf day) for the current year.</param>
public sealed record CadreComplianceView(
    string StaffNo,
    int Year,
    int RulebookVersion,
    bool Compliant,
    IReadOnlyList<CheckView> Checks,
    string? UnitCode,
    string Rank,
    DateOnly ViewDate,
    DateTimeOffset? AsOf)
{
    public static CadreComplianceView From(CadreCompliance c, DateTimeOffset? asOf) => new(c.Cadre.StaffNo, c.Year.Year, c.Rulebook.Version,
        c.Compliant, c.Checks.Select(CheckView.From).ToList(), c.CountsIn, c.Cadre.RankOn(c.Year.ViewDate).ToString(),
        c.Year.ViewDate, asOf);
}

/// <summary>One rule's result.</summary>
/// <param name="Rule">A requirement ID from the programme (LRN-1, SVC-1, TRN-1, …).</param>
/// <param name="Note">How the number was reached, where it is not plain (pro-rating, the rank used, …).</param>
public sealed record CheckView(string Rule, decimal Target, decimal Actual, bool Met, Text? Note)
{
    public static CheckView From(RuleCheck c) => new(c.Rule, c.Target, c.Actual, c.Met, c.Note);
}

/// <summary>An event that produced a number.</summary>
public sealed record EvidenceView(long Version, Guid Id, string Type, DateTimeOffset RecordedAt, string? RecordedBy, object Data);

/// <summary>A check with the events behind it.</summary>
public sealed record CheckExplanation(string StaffNo, int Year, int RulebookVersion, CheckView Check, IReadOnlyList<EvidenceView> Events);

public static class GetCadreComplianceEndpoint
{
    /// <summary>A cadre's compliance in a year.</summary>
    /// <param name="staffNo">The staff number.</param>
    /// <param name="year">The calendar year (China Standard Time); this year when absent.</param>
    /// <param name="asOf">The view as it was known at this instant, from the facts recorded up to it.</param>
    /// <param name="rulebook">Recompute under this rulebook version instead of the one that applies to the year.</param>
    /// <param name="onDate">Measure the year on this business day (YYYY-MM-DD) instead of its end or today — what was true on that day, from every fact known now (or at `asOf`), corrections included. `year` defaults to its year.</param>
    [WolverineGet("/api/v1/compliance/cadres/{staffNo}", OperationId = "GetCadreCompliance"), Tags("Appraisal"), ReadAccess, ScopedToCadre(CheckedByEndpoint = true)]
    [ProducesResponseType<CadreComplianceView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string staffNo, int? year, DateTimeOffset? asOf, int? rulebook, DateOnly? onDate, IQuerySession session,
        YearViews years, ComplianceCalculator calculator, LiveCompliance live, IAccessScope scope, CancellationToken cancellation)
    {
        // The rows' notes are Chinese (ComplianceMemo.Language): a reader of another language gets the view computed, as ?asOf= does.
        if (asOf is null && rulebook is null && onDate is null && ComplianceMemo.ServesCurrentLanguage)
        {
            // The live view: from the memo while the cadre's events, the rulebook and the day are those it was computed from.
            var (dates, invalid) = years.Dates(year, null, null);
            // Out of scope wins over a bad query, as on routes checked before the endpoint.
            if (invalid is not null) return (await scope.CoversCadreAsync(staffNo, cancellation) ? invalid : Problem.OutOfScope).ToResult();
            var (json, missing) = await live.CadreAsync(session, scope, staffNo, dates!.Value.Year, dates.Value.ViewDate, cancellation);
            return missing?.ToResult() ?? Results.Text(json, "application/json; charset=utf-8");
        }
        if (!await scope.CoversCadreAsync(staffNo, cancellation)) return Problem.OutOfScope.ToResult();
        var (compliance, problem) = await Evaluate(staffNo, year, asOf, rulebook, onDate, session, years, calculator, cancellation);
        return problem?.ToResult() ?? Results.Ok(CadreComplianceView.From(compliance!.Value.Compliance, asOf));
    }

    /// <summary>The events behind one check of a cadre's compliance.</summary>
    /// <param name="rule">The rule to explain, e.g. LRN-1.</param>
    [WolverineGet("/api/v1/compliance/cadres/{staffNo}/explain", OperationId = "ExplainCadreCheck"), Tags("Appraisal"), ReadAccess, ScopedToCadre]
    [ProducesResponseType<CheckExplanation>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Explain(string staffNo, int? year, string? rule, DateTimeOffset? asOf, int? rulebook,
        IQuerySession session, YearViews years, ComplianceCalculator calculator, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(rule)) return Problem.Invalid("rule", Msg("RuleRequired")).ToResult();
        var (result, problem) = await Evaluate(staffNo, year, asOf, rulebook, null, session, years, calculator, cancellation);
        if (problem is not null) return problem.ToResult();
        var (compliance, events) = result!.Value;
        var check = compliance.Checks.FirstOrDefault(c => string.Equals(c.Rule, rule, StringComparison.OrdinalIgnoreCase));
        if (check is null) return Problem.NotFound(Msg("RuleDoesNotApply", rule, staffNo, compliance.Year.Year)).ToResult();
        var evidence = (check.Evidence ?? []).ToHashSet();
        return Results.Ok(new CheckExplanation(staffNo, compliance.Year.Year, compliance.Rulebook.Version, CheckView.From(check),
            events.Where(e => evidence.Contains(e.Id))
                .Select(e => new EvidenceView(e.Version, e.Id, e.Data.GetType().Name, e.Timestamp, e.UserName, e.Data)).ToList()));
    }

    /// <summary>
    /// Why a year is not the cadre's (<see cref="ComplianceCalculator.Evaluate"/> gave null for a known cadre): the same words from
    /// every path, the memo-served live view included, which knows only that the year does not apply.
    /// </summary>
    public static Problem NotTheCadresYear(string staffNo, int year) =>
        Problem.NotFound(Msg("NotAMemberInYear", staffNo, year));

    private static async Task<((CadreCompliance Compliance, IReadOnlyList<IEvent> Events)? Result, Problem? Problem)> Evaluate(
        string staffNo, int? year, DateTimeOffset? asOf, int? rulebook, DateOnly? onDate, IQuerySession session, YearViews years,
        ComplianceCalculator calculator, CancellationToken cancellation)
    {
        var (view, problem) = await years.ResolveAsync(session, year, asOf, onDate, rulebook, cancellation);
        if (problem is not null) return (null, problem);

        var key = StreamKeys.Cadre(staffNo);
        var events = await session.ReadStreamAsync(key, asOf, cancellation: cancellation);
        var compliance = calculator.Evaluate(key, events, view!);
        return compliance is null
            ? (null, Problem.NotFound(events.Count == 0
                ? asOf is null ? Msg("NoCadre", staffNo) : Msg("NoCadreAsOf", staffNo, asOf)
                : NotTheCadresYear(staffNo, view!.Year).Detail))
            : ((compliance, events), null);
    }
}
