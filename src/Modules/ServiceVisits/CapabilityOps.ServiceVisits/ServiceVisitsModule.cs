using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.ServiceVisits;

public static class ServiceVisitsModule
{
    public static IServiceCollection AddServiceVisitsModule(this IServiceCollection services)
    {
        services.AddModuleAssembly(typeof(ServiceVisitsModule).Assembly);
        services.ConfigureMarten(opts =>
        {
        });
        return services;
    }
}
