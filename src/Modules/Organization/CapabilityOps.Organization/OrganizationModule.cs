using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.Organization.Cadres;
using CapabilityOps.Organization.Units;
using CapabilityOps.SharedKernel;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CapabilityOps.Organization;

public static class OrganizationModule
{
    /// <summary>Units and cadres (ORG-1..3): the organisation every other rule refers to.</summary>
    public static IServiceCollection AddOrganizationModule(this IServiceCollection services)
    {
        services.AddModuleAssembly(typeof(OrganizationModule).Assembly);
        // The cadre-fact appender's bulk path, and the group commit the modules' hot fact routes go through.
        services.TryAddSingleton<CadreFactsSql>();
        services.AddSingleton<CadreFactCommits>();
        services.ConfigureMarten(opts =>
        {
            opts.Events.AddEventTypes([typeof(UnitRegistered), typeof(CadreRegistered), typeof(CadreTransferred),
                typeof(CadreRankChanged), typeof(EducationAwarded), typeof(CadreDeparted), typeof(CadreReturned), typeof(CareFlagsSet)]);
            // Inline: a unit or cadre is readable the moment its registration is acknowledged.
            opts.Projections.Add<UnitRecordProjection>(ProjectionLifecycle.Inline);
            opts.Projections.Add<CadreRecordProjection>(ProjectionLifecycle.Inline);
            opts.Schema.For<UnitRecord>().Index(u => u.ParentCode!);
            opts.Schema.For<CadreRecord>().Duplicate(c => c.StaffNo);
            opts.Schema.For<CadreRecord>().GinIndexJsonData();
            opts.Schema.For<UnitRecord>().GinIndexJsonData();
        });
        return services;
    }
}
