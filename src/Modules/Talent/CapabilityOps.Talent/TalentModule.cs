using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Talent.Contracts.Events;
using CapabilityOps.Talent.Scoring;
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
        // Titles weigh in the appraisal and make a cadre a candidate for promotion (Appraisal.Contracts).
        services.AddSingleton<ICadreAppraisalContribution, TitleCommendations>();
        services.AddSingleton<IPromotionEligibilityContribution, TitleEligibility>();
        services.AddTalentAndCare();
        return services;
    }
}
