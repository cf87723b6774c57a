using CapabilityOps.Appraisal.Compliance;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Appraisal.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Appraisal.Reports;

/// <summary>A unit's monthly progress report to the Personnel department (RPT-1).</summary>
/// <param name="Month">The month reported on, YYYY-MM.</param>
/// <param name="Progress">工作进展 — the month's progress.</param>
/// <param name="Practices">经验做法 — practices worth sharing.</param>
/// <param name="Highlights">亮点 — highlights.</param>
public sealed record SubmitMonthlyReport(string? Month, string? Progress, string? Practices, string? Highlights)
    : IHasExample<SubmitMonthlyReport>
{
    public static SubmitMonthlyReport Example => new("2026-03", "完成全员集中学习1次，累计学习时长1200学时。", "“共同学”学习园地每周一期。", "执法大练兵获市级一等奖。");
}

public sealed class SubmitMonthlyReportValidator : AbstractValidator<SubmitMonthlyReport>
{
    public SubmitMonthlyReportValidator()
    {
        RuleFor(x => x.Month).NotEmpty().WithText(Msg("MonthRequired"))
            .Must(m => m is null || MonthlyReportRules.TryParseMonth(m, out _)).WithText(Msg("MonthFormat"));
        RuleFor(x => x.Progress).RequiredText(10_000);
        RuleFor(x => x.Practices).MaximumLength(10_000);
        RuleFor(x => x.Highlights).MaximumLength(10_000);
    }
}

/// <summary>A unit's report status for one month.</summary>
/// <param name="Status">OnTime (first recorded by the deadline day, China time), Late (from the day after it), Missing (the deadline day
/// has passed with nothing recorded) or NotDue.</param>
public sealed record MonthlyReportStatus(string UnitCode, string UnitName, string Month, string Status, DateTimeOffset? FirstSubmittedAt, DateOnly Deadline);

public static class MonthlyReportEndpoints
{
    public static Decision Decide(string unitCode, SubmitMonthlyReport command, UnitRecord? unit, DateOnly today)
    {
        if (unit is null) return Problem.NoSuchUnit(unitCode);
        if (unit.Kind == UnitKind.CityBureau) return Problem.Invalid("unitCode", Msg("CityBureauReceivesReports"));
        MonthlyReportRules.TryParseMonth(command.Month!, out var month);
        if (month.Year < RulebookDefaults.ProgrammeStartYear || month > new DateOnly(today.Year, today.Month, 1))
            return Problem.Invalid("month", Msg("MonthRange", RulebookDefaults.ProgrammeStartYear));
        return Decision.Accept(new MonthlyReportSubmitted(unit.Code, month.Year, month.Month, command.Progress!.Trim(),
            command.Practices?.Trim(), command.Highlights?.Trim()));
    }

    /// <summary>Submit (or amend) a unit's monthly report.</summary>
    /// <remarks>On time when first recorded by the rulebook's deadline day (default the 28th, "每月28日前") of that month, China Standard Time: on the 28th is on time, from the 29th it is late.</remarks>
    [WolverinePost("/api/v1/units/{code}/monthly-reports", OperationId = "SubmitMonthlyReport"), Tags("Appraisal"), WriteAccess, ScopedToUnit]
    [ProducesResponseType<MonthlyReportStatus>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(string code, SubmitMonthlyReport command, IDocumentSession session, IRulebooks rulebooks, TimeProvider clock)
    {
        var unit = await session.LoadAsync<UnitRecord>(StreamKeys.Unit(code));
        var decision = Decide(code, command, unit, ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem.ToResult();
        session.Events.Append(StreamKeys.Unit(code), decision.Events);
        var submitted = (MonthlyReportSubmitted)decision.Events[0];
        var rules = await rulebooks.ForYearAsync(session, submitted.Year);
        var deadline = MonthlyReportRules.Deadline(submitted.Year, submitted.Month, rules);
        var now = clock.GetUtcNow();
        return Results.Created($"/api/v1/monthly-reports?month={submitted.Year:D4}-{submitted.Month:D2}&unitCode={code}",
            new MonthlyReportStatus(unit!.Code, unit.Name, $"{submitted.Year:D4}-{submitted.Month:D2}",
                MonthlyReportRules.OnTime(now, deadline) ? "OnTime" : "Late", now, deadline));
    }

    /// <summary>Monthly report status of every reporting unit in a subtree for one month: late and missing reports are visible.</summary>
    /// <param name="month">YYYY-MM.</param>
    /// <param name="unitCode">The subtree's root; the key's unit (or the whole tree for Admin) when absent.</param>
    /// <param name="status">Only units with this status (OnTime, Late, Missing, NotDue).</param>
    [WolverineGet("/api/v1/monthly-reports", OperationId = "ListMonthlyReportStatus"), Tags("Appraisal"), ReadAccess]
    [NotUnitScoped("lists only units in the key's scope")]
    [ProducesResponseType<IReadOnlyList<MonthlyReportStatus>>(StatusCodes.Status200OK)]
    public static async Task<IResult> List(string? month, string? unitCode, string? status, IQuerySession session, IAccessScope scope, IRulebooks rulebooks,
        TimeProvider clock)
    {
        if (month is null || !MonthlyReportRules.TryParseMonth(month, out var first)) return Problem.Invalid("month", Msg("MonthFormat")).ToResult();
        var root = unitCode ?? scope.UnitCode;
        if (root is not null && !await scope.CoversUnitAsync(root)) return Problem.Forbidden(Msg("MayNotReadUnit", root)).ToResult();
        var units = await session.Query<UnitRecord>().Where(u => u.Kind != UnitKind.CityBureau).ToListAsync();
        if (root is not null) units = units.Where(u => u.Path.Contains(root)).ToList();
        var rules = await rulebooks.ForYearAsync(session, first.Year);
        var today = ChinaTime.Today(clock);
        var statuses = new List<MonthlyReportStatus>();
        var submissions = await MonthlyReportRules.FirstSubmissions(session, units.Select(u => u.Code).ToArray(), null);
        foreach (var unit in units.OrderBy(u => u.Code, StringComparer.Ordinal))
        {
            var submitted = submissions[unit.Code];
            statuses.Add(MonthlyReportRules.StatusOf(unit, first.Year, first.Month, submitted, rules, today));
        }
        return Results.Ok(status is null ? statuses : statuses.Where(s => string.Equals(s.Status, status, StringComparison.OrdinalIgnoreCase)).ToList());
    }
}

/// <summary>RPT-1 for a unit: its months due so far in the year, and how many were reported on time.</summary>
public sealed class MonthlyReportRules : IUnitRuleSet
{
    public async Task<IEnumerable<RuleCheck>> EvaluateAsync(UnitRuleContext context, IQuerySession session, CancellationToken cancellation)
    {
        var reporting = context.Unit.Kind == UnitKind.CityBureau
            ? await session.Query<UnitRecord>().Where(u => u.Path.Contains(context.Unit.Code) && u.Kind != UnitKind.CityBureau).ToListAsync(cancellation)
            : [context.Unit];
        int due = 0, onTime = 0;
        var evidence = new List<Guid>();
        var submissions = await FirstSubmissions(session, reporting.Select(u => u.Code).ToArray(), context.AsOf);
        foreach (var unit in reporting)
        {
            var submitted = submissions[unit.Code];
            for (var month = 1; month <= 12; month++)
            {
                var status = StatusOf(unit, context.Year, month, submitted, context.Rulebook, context.ViewDate);
                if (status.Status == "NotDue") continue;
                due++;
                if (status.Status != "OnTime") continue;
                onTime++;
                evidence.Add(submitted[(context.Year, month)].Id);
            }
        }
        return [new RuleCheck("RPT-1", due, onTime, onTime == due,
            context.Unit.Kind == UnitKind.CityBureau
                ? Msg("Rpt1NoteCity", context.Rulebook.Whole("RPT-1.deadlineDay"), context.ViewDate, reporting.Count)
                : Msg("Rpt1Note", context.Rulebook.Whole("RPT-1.deadlineDay"), context.ViewDate), evidence)];
    }

    /// <summary>The last day a month's report is on time: the rulebook's deadline day, or the month's last day when it is shorter.</summary>
    public static DateOnly Deadline(int year, int month, RulebookVersion rules) => new(year, month, Math.Min(rules.Whole("RPT-1.deadlineDay"), DateTime.DaysInMonth(year, month)));

    /// <summary>"每月28日前" reads as by the 28th: a report first recorded on the deadline day (China time) is on time.</summary>
    public static bool OnTime(DateTimeOffset recordedAt, DateOnly deadline) => ChinaTime.DateOf(recordedAt) <= deadline;

    public static MonthlyReportStatus StatusOf(UnitRecord unit, int year, int month, IReadOnlyDictionary<(int, int), IEvent> submitted,
        RulebookVersion rules, DateOnly today)
    {
        var deadline = Deadline(year, month, rules);
        var first = submitted.GetValueOrDefault((year, month));
        var status = first is not null
            ? OnTime(first.Timestamp, deadline) ? "OnTime" : "Late"
            : today > deadline ? "Missing" : "NotDue";
        return new MonthlyReportStatus(unit.Code, unit.Name, $"{year:D4}-{month:D2}", status, first?.Timestamp, deadline);
    }

    /// <summary>
    /// Each unit's first report per (year, month), from the units' streams read up to <paramref name="asOf"/> when given —
    /// 500 streams a query, so the city bureau's RPT-1 over every reporting unit is a few round trips, not one per unit.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<(int, int), IEvent>>> FirstSubmissions(IQuerySession session,
        IReadOnlyCollection<string> unitCodes, DateTimeOffset? asOf)
    {
        var streams = await GetUnitComplianceEndpoint.StreamEventsAsync(session, unitCodes.Distinct().Select(StreamKeys.Unit).ToArray(), asOf, default);
        return unitCodes.Distinct().ToDictionary(c => c, IReadOnlyDictionary<(int, int), IEvent> (c) =>
            (streams.GetValueOrDefault(StreamKeys.Unit(c)) ?? []).Where(e => e.Data is MonthlyReportSubmitted)
                .GroupBy(e => (((MonthlyReportSubmitted)e.Data).Year, ((MonthlyReportSubmitted)e.Data).Month))
                .ToDictionary(g => g.Key, g => g.First())); // in version order
    }

    public static bool TryParseMonth(string text, out DateOnly first) =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out first);
}
