using CapabilityOps.Audit.Chain;
using CapabilityOps.Audit.Facts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.Audit;

public static class AuditModule
{
    /// <summary>
    /// Audit replay and tamper evidence (U-2, ORG-3): a cadre's history across modules, what changed between two instants,
    /// the dossier export, and the hash chain over every recorded event with its verification. Records no events of its own.
    /// </summary>
    public static IServiceCollection AddAuditModule(this IServiceCollection services)
    {
        services.AddModuleAssembly(typeof(AuditModule).Assembly);
        services.AddSingleton<KnownModules>();
        services.ConfigureMarten(opts =>
        {
            opts.Storage.ExtendedSchemaObjects.Add(ChainStore.Definition(opts.Events.DatabaseSchemaName));
            opts.Events.Subscribe(new AuditChainSubscription());
        });
        return services;
    }
}
