using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Notifications.Reminders;

/// <summary>Every registered <see cref="IReminderSource"/> asked about one subtree and day: the route and the daily job share it.</summary>
public sealed class ReminderList(IEnumerable<IReminderSource> sources)
{
    public async Task<IReadOnlyList<Reminder>> ListAsync(ReminderQuery query, IQuerySession session, CancellationToken cancellation)
    {
        var reminders = new List<Reminder>();
        // One after another: the session is not shared between threads.
        foreach (var source in sources) reminders.AddRange(await source.ListAsync(query, session, cancellation));
        return reminders.OrderBy(r => r.DueOn).ThenBy(r => r.Kind).ThenBy(r => r.Subject, StringComparer.Ordinal).ToList();
    }

    /// <summary>The unit and the codes of its subtree; null when there is no such unit.</summary>
    public static async Task<(UnitRecord Unit, string[] Units)?> SubtreeAsync(IQuerySession session, string code, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var record = batch.Load<UnitRecord>(StreamKeys.Unit(code));
        var subtree = batch.Query<UnitRecord>().Where(u => u.Path.Contains(code)).Select(u => u.Code).ToList();
        await batch.Execute(cancellation);
        return await record is { } unit ? (unit, (await subtree).ToArray()) : null;
    }
}

public static class ListRemindersEndpoint
{
    /// <summary>What is due soon and overdue in a unit's subtree.</summary>
    /// <remarks>Monthly reports not yet submitted (from the 21st; overdue after the deadline day); cadres behind the pace of study hours (LRN-1) or grassroots service (SVC), listed from 14 days before a quarter's end until it and due on it (the year's targets pro-rated to the quarter's end: Q1 25%, Q2 50%, Q3 75%, Q4 100%, by whole months of membership for a cadre who joined during the year); maintenance and calibration due within 30 days, reserve stock expiring within 30 days, degree studies near the TRN-1 deadline, and whatever else the modules remind of; soonest first.</remarks>
    /// <param name="unit">The subtree's root; the key's own unit when left out (an administrator must name one).</param>
    /// <param name="on">The China day the reminders are seen from, YYYY-MM-DD; today when left out.</param>
    [WolverineGet("/api/v1/reminders", OperationId = "ListReminders"), Tags("Notifications"), ReadAccess]
    [NotUnitScoped("the unit is the query's 'unit' (the key's unit by default): the endpoint checks it against the key's units")]
    [ProducesResponseType<IReadOnlyList<Reminder>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string? unit, DateOnly? on, IQuerySession session, IAccessScope scope, ReminderList reminders, TimeProvider clock,
        CancellationToken cancellation)
    {
        var code = string.IsNullOrWhiteSpace(unit) ? scope.UnitCode : unit.Trim();
        if (code is null) return Problem.Invalid("unit", Msg("UnitRequired")).ToResult();
        if (await ReminderList.SubtreeAsync(session, code, cancellation) is not { } subtree) return Problem.NoSuchUnit(code).ToResult();
        if (!await scope.CoversUnitAsync(code, cancellation)) return Problem.OutOfScope.ToResult();
        var day = on ?? ChinaTime.Today(clock);
        return Results.Ok(await reminders.ListAsync(new ReminderQuery(subtree.Unit, subtree.Units, day), session, cancellation));
    }
}
