using System.Reflection;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace CapabilityOps.SharedKernel;

public static class Module
{
    /// <summary>The meter every module's instruments belong to (the host exports it with the libraries' own).</summary>
    public const string MeterName = "CapabilityOps";

    /// <summary>
    /// What every module's AddXModule() does first: its endpoints and handlers are discovered by
    /// Wolverine and its FluentValidation validators run before every endpoint whose body they validate.
    /// </summary>
    public static IServiceCollection AddModuleAssembly(this IServiceCollection services, Assembly assembly)
    {
        services.ConfigureWolverine(opts => opts.Discovery.IncludeAssembly(assembly));
        services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        return services;
    }
}
