using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Discipline.Contracts.Events;
using CapabilityOps.Discipline.Scoring;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.Discipline;

public static class DisciplineModule
{
    /// <summary>Sanctions (DSC-3); codes of conduct and warning education (DSC-1, DSC-2) join here.</summary>
    public static IServiceCollection AddDisciplineModule(this IServiceCollection services)
    {
        services.AddModuleAssembly(typeof(DisciplineModule).Assembly);
        services.ConfigureMarten(opts => opts.Events.AddEventType<SanctionImposed>());
        // Sanctions weigh on the appraisal's grade and on promotion eligibility, by their effect only (Appraisal.Contracts).
        services.AddSingleton<ICadreAppraisalContribution, SanctionEffects>();
        services.AddSingleton<IPromotionEligibilityContribution, SanctionEligibility>();
        return services;
    }
}
