using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.Learning;

public static class LearningModule
{
    public static IServiceCollection AddLearningModule(this IServiceCollection services)
    {
        services.AddModuleAssembly(typeof(LearningModule).Assembly);
        services.ConfigureMarten(opts =>
        {
        });
        return services;
    }
}
