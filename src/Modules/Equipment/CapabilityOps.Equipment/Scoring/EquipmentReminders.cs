using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Equipment.Contracts;
using Marten;

namespace CapabilityOps.Equipment.Scoring;

/// <summary>
/// The module's reminders: maintenance and calibration due within <see cref="ReminderWindows.DaysAhead"/> days (or overdue)
/// of the assets in service, and reserve items with stock expiring within as long. Two indexed queries over the documents
/// (next maintenance due, earliest expiry).
/// </summary>
public sealed class EquipmentReminders : IReminderSource
{
    public async Task<IEnumerable<Reminder>> ListAsync(ReminderQuery query, IQuerySession session, CancellationToken cancellation)
    {
        var units = query.Units.ToArray();
        var horizon = query.On.AddDays(ReminderWindows.DaysAhead);
        var assets = await session.Query<EquipmentRecord>()
            .Where(a => units.Contains(a.UnitCode) && a.NextMaintenanceDue != null && a.NextMaintenanceDue <= horizon)
            .ToListAsync(cancellation);
        var items = await session.Query<ReserveItemRecord>()
            .Where(i => units.Contains(i.DepotUnitCode) && i.EarliestExpiry != null && i.EarliestExpiry <= horizon)
            .ToListAsync(cancellation);

        var reminders = new List<Reminder>();
        foreach (var asset in assets.Where(a => a.InService))
        {
            if (asset.MaintenanceDueOn is { } maintenance && maintenance <= horizon)
                reminders.Add(new Reminder(ReminderKind.Maintenance, asset.AssetNo, maintenance, maintenance < query.On, asset.UnitCode,
                    Msg("MaintenanceReminder", asset.Name, asset.AssetNo, maintenance)));
            if (asset.CalibrationDueOn is { } calibration && calibration <= horizon)
                reminders.Add(new Reminder(ReminderKind.Maintenance, asset.AssetNo, calibration, calibration < query.On, asset.UnitCode,
                    Msg("CalibrationReminder", asset.Name, asset.AssetNo, calibration)));
        }
        foreach (var item in items)
        {
            var expiring = item.ExpiringWithin(query.On, ReminderWindows.DaysAhead);
            if (expiring <= 0) continue;
            reminders.Add(new Reminder(ReminderKind.ReserveExpiry, item.Sku, item.EarliestExpiry!.Value, item.EarliestExpiry < query.On, item.DepotUnitCode,
                Msg("ReserveExpiryReminder", item.Name, item.Sku, expiring, item.Measure, item.EarliestExpiry)));
        }
        return reminders;
    }
}
