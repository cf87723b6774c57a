using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Informatization.Capture;
using CapabilityOps.Informatization.Contracts.Events;
using CapabilityOps.Informatization.Milestones;
using CapabilityOps.Informatization.Scoring;
using CapabilityOps.Informatization.Stations;
using CapabilityOps.Informatization.Substitution;
using CapabilityOps.Informatization.Systems;
using CapabilityOps.SharedKernel;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.Informatization;

public static class InformatizationModule
{
    /// <summary>Systems and stations with their outages and availability, daily data capture, milestones and substitution (INF-1..4).</summary>
    public static IServiceCollection AddInformatizationModule(this IServiceCollection services)
    {
        services.AddModuleAssembly(typeof(InformatizationModule).Assembly);
        services.ConfigureMarten(opts =>
        {
            opts.Events.AddEventTypes([
                typeof(InformationSystemRegistered), typeof(SystemOutageRecorded), typeof(MonitoringStationRegistered),
                typeof(StationOutageRecorded), typeof(DataCaptureReported), typeof(InformatizationMilestoneSet),
                typeof(InformatizationMilestoneCompleted), typeof(SubstitutionItemListed), typeof(SubstitutionProgressed),
            ]);
            // Inline: a fact is in every view the moment it is acknowledged, and the records are the state each decision
            // takes under its stream's lock.
            opts.Projections.Add<InformationSystemProjection>(ProjectionLifecycle.Inline);
            opts.Projections.Add<MonitoringStationProjection>(ProjectionLifecycle.Inline);
            opts.Projections.Add<CaptureMonthProjection>(ProjectionLifecycle.Inline);
            opts.Projections.Add<MilestoneProjection>(ProjectionLifecycle.Inline);
            opts.Projections.Add<SubstitutionItemProjection>(ProjectionLifecycle.Inline);
            opts.Schema.For<InformationSystemRecord>().Duplicate(s => s.UnitCode);
            opts.Schema.For<MonitoringStationRecord>().Duplicate(s => s.UnitCode);
            opts.Schema.For<SubstitutionItemRecord>().Duplicate(i => i.UnitCode);
            // The capture rates sum these rows by unit and year; the columns never change once a month's row exists, so
            // rewriting a month for each day's report leaves the indexes alone.
            opts.Schema.For<CaptureMonth>().Duplicate(m => m.UnitCode).Duplicate(m => m.Year);
        });
        // Availability of the subtree's systems and stations as its part of the EQP/INF indicator; its target is a rulebook key.
        services.AddRulebookTargets(InformatizationIndicators.TargetDefaults);
        services.AddSingleton<IUnitIndicatorSource, InformatizationIndicators>();
        return services;
    }
}
