using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Equipment.Contracts;
using CapabilityOps.Equipment.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using Marten;
using Marten.Events;

namespace CapabilityOps.Equipment.Scoring;

/// <summary>
/// The EQP part of the unit appraisal's EQP/INF indicator (APPRAISAL.md): the share of the subtree's equipment in service on the
/// view date that is within its service life and not overdue for maintenance or calibration, and the share of its depots'
/// reserve items at or above their minimum stock. Each is one part of the indicator (achieved = the share, out of 1), so with
/// the Informatization module's availability part the indicator is the mean of the parts that apply; a unit with no equipment
/// and no reserve items gets no part from here. The live view reads the inline documents (two indexed queries); an as-of view
/// folds the module's streams as recorded up to the instant.
/// </summary>
public sealed class EquipmentIndicators : IUnitIndicatorSource
{
    private static readonly Type[] AssetEvents =
        [typeof(EquipmentRegistered), typeof(EquipmentTransferred), typeof(EquipmentRetired), typeof(EquipmentMaintained), typeof(EquipmentReplaced), typeof(EquipmentReplacing)];

    private static readonly Type[] ReserveEvents = [typeof(ReserveItemRegistered), typeof(ReserveReceived), typeof(ReserveIssued)];

    public async Task<IEnumerable<IndicatorPart>> MeasureAsync(UnitAppraisalContext context, IQuerySession session, CancellationToken cancellation)
    {
        var code = context.Unit.Code;
        var day = context.View.ViewDate;
        var units = (await session.Query<UnitRecord>().Where(u => u.Path.Contains(code)).Select(u => u.Code).ToListAsync(cancellation)).ToHashSet();
        var (assets, items) = context.View.AsOf is { } asOf
            ? (await FoldAsync<EquipmentRecord>(session, AssetEvents, asOf, EquipmentRecord.Apply, cancellation),
                await FoldAsync<ReserveItemRecord>(session, ReserveEvents, asOf, ReserveItemRecord.Apply, cancellation))
            : await LiveAsync(session, units.ToArray(), day, cancellation);
        return Measure(units, assets, items, day);
    }

    /// <summary>The parts, from the subtree's assets and reserve items (the records may hold others: they are filtered here).</summary>
    public static IEnumerable<IndicatorPart> Measure(IReadOnlySet<string> units, IEnumerable<EquipmentRecord> assets, IEnumerable<ReserveItemRecord> items, DateOnly day)
    {
        var inService = assets.Where(a => a.AcquiredOn <= day && (a.RetiredOn is null || a.RetiredOn > day) && units.Contains(a.UnitOn(day))).ToList();
        if (inService.Count > 0)
        {
            var sound = inService.Where(a => !a.AgeingOn(day) && !a.OverdueOn(day)).ToList();
            yield return new IndicatorPart(Indicators.EquipmentAndInformatization, (decimal)sound.Count / inService.Count, 1,
                Msg("EquipmentSound", sound.Count, inService.Count));
        }
        var stocked = items.Where(i => units.Contains(i.DepotUnitCode)).ToList();
        if (stocked.Count > 0)
        {
            var above = stocked.Count(i => i.Stock >= i.MinimumStock);
            yield return new IndicatorPart(Indicators.EquipmentAndInformatization, (decimal)above / stocked.Count, 1,
                Msg("ReserveAboveMinimum", above, stocked.Count));
        }
    }

    private static async Task<(IReadOnlyList<EquipmentRecord>, IReadOnlyList<ReserveItemRecord>)> LiveAsync(IQuerySession session, string[] units, DateOnly day,
        CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        // Acquired by the view date and not retired before it; whether it was in the subtree on that day is decided above.
        var assets = batch.Query<EquipmentRecord>().Where(a => units.Contains(a.UnitCode) && a.AcquiredOn <= day && (a.RetiredOn == null || a.RetiredOn > day)).ToList();
        var items = batch.Query<ReserveItemRecord>().Where(i => units.Contains(i.DepotUnitCode)).ToList();
        await batch.Execute(cancellation);
        return (await assets, await items);
    }

    private static async Task<IReadOnlyList<T>> FoldAsync<T>(IQuerySession session, Type[] types, DateTimeOffset asOf, Func<T?, string, object, T?> apply,
        CancellationToken cancellation) where T : class
    {
        var utc = asOf.ToUniversalTime();
        var events = await session.Events.QueryAllRawEvents().Where(e => e.EventTypesAre(types) && e.Timestamp <= utc).OrderBy(e => e.Sequence).ToListAsync(cancellation);
        return events.GroupBy(e => e.StreamKey!)
            .Select(stream => stream.Aggregate((T?)null, (state, e) => apply(state, stream.Key, e.Data)))
            .OfType<T>().ToList();
    }
}
