using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Equipment.Contracts;
using CapabilityOps.Equipment.Contracts.Events;
using CapabilityOps.Equipment.Scoring;
using CapabilityOps.SharedKernel;
using JasperFx.Events.Projections;
using Marten;
using Marten.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.Equipment;

public static class EquipmentModule
{
    /// <summary>The equipment register, the emergency reserve depot and earmarked budget (EQP-1..4), and the EQP part of the EQP/INF indicator.</summary>
    public static IServiceCollection AddEquipmentModule(this IServiceCollection services)
    {
        services.AddModuleAssembly(typeof(EquipmentModule).Assembly);
        services.ConfigureMarten(opts =>
        {
            opts.Events.AddEventTypes([
                typeof(EquipmentRegistered), typeof(EquipmentTransferred), typeof(EquipmentRetired), typeof(EquipmentMaintained),
                typeof(EquipmentReplaced), typeof(EquipmentReplacing), typeof(ReserveItemRegistered), typeof(ReserveReceived),
                typeof(ReserveIssued), typeof(EarmarkAllocated), typeof(EarmarkSpent),
            ]);
            opts.Projections.Add<EquipmentProjection>(ProjectionLifecycle.Inline);
            opts.Projections.Add<ReserveItemProjection>(ProjectionLifecycle.Inline);
            opts.Projections.Add<EarmarkProjection>(ProjectionLifecycle.Inline);
            // The columns the lists, the due lists and the indicator filter on.
            opts.Schema.For<EquipmentRecord>().Duplicate(a => a.UnitCode).Duplicate(a => a.AssetNo).Duplicate(a => a.EndOfLifeOn)
                .Duplicate(a => a.NextMaintenanceDue!).Duplicate(a => a.RetiredOn!);
            opts.Schema.For<ReserveItemRecord>().Duplicate(i => i.DepotUnitCode).Duplicate(i => i.Sku);
            opts.Schema.For<EarmarkRecord>().Duplicate(e => e.UnitCode).Duplicate(e => e.Year)
                .UniqueIndex(UniqueIndexType.DuplicatedField, "uq_earmark_slot", e => e.Slot);
        });
        // The EQP part of the unit appraisal's EQP/INF indicator (Appraisal.Contracts).
        services.AddSingleton<IUnitIndicatorSource, EquipmentIndicators>();
        // Maintenance and calibration due, reserve stock expiring (the reminders, Appraisal.Contracts).
        services.AddSingleton<IReminderSource, EquipmentReminders>();
        return services;
    }
}
