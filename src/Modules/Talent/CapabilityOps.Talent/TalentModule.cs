using CapabilityOps.SharedKernel;
using CapabilityOps.Talent.Contracts.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.Talent;

public static class TalentModule
{
    /// <summary>Titles and commendations (TRN-7, CARE-4, APR-3); the rest of TAL and CARE joins here.</summary>
    public static IServiceCollection AddTalentModule(this IServiceCollection services)
    {
        services.AddModuleAssembly(typeof(TalentModule).Assembly);
        services.ConfigureMarten(opts => opts.Events.AddEventType<TitleConferred>());
        return services;
    }
}
