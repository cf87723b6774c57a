using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Discipline.Contracts.Events;
using CapabilityOps.Discipline.Records;
using CapabilityOps.Discipline.Scoring;
using CapabilityOps.SharedKernel;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.Discipline;

public static class DisciplineModule
{
    /// <summary>Codes of conduct and their acknowledgement (DSC-1), discipline sessions (DSC-2), sanctions and admonitions with their confidential read log (DSC-3).</summary>
    public static IServiceCollection AddDisciplineModule(this IServiceCollection services)
    {
        services.AddModuleAssembly(typeof(DisciplineModule).Assembly);
        services.ConfigureMarten(opts =>
        {
            opts.Events.AddEventTypes([
                typeof(SanctionImposed), typeof(AdmonitionGiven), typeof(CodeOfConductPublished), typeof(CodeOfConductAcknowledged),
                typeof(DisciplineSessionHeld), typeof(DisciplineSessionAttended), typeof(ConfidentialDetailsRead),
            ]);
            // Inline: the once-per-version check, the acknowledgement list, the unit indicator and the read log read them at once.
            opts.Projections.Add<DisciplineProjection>(ProjectionLifecycle.Inline);
            opts.Schema.For<CodeOfConductRecord>();
            opts.Schema.For<CodeAcknowledgementRecord>().Duplicate(a => a.Version);
            opts.Schema.For<DisciplineSessionRecord>().Duplicate(s => s.HeldOn);
            opts.Schema.For<SanctionMark>().Duplicate(m => m.ImposedOn);
            opts.Schema.For<ConfidentialReadRecord>().Duplicate(r => r.StaffNo).Duplicate(r => r.ReadAt);
        });
        // Sanctions and admonitions weigh on the appraisal's grade and on promotion eligibility, by their effect only (Appraisal.Contracts).
        services.AddSingleton<ICadreAppraisalContribution, SanctionEffects>();
        services.AddSingleton<IPromotionEligibilityContribution, SanctionEligibility>();
        // No cadre rule reads a cadre's attendance or acknowledgement (DSC-1 and DSC-2 are the unit's, from documents).
        services.AddSingleton(new YearBoundEvent(typeof(DisciplineSessionAttended), nameof(DisciplineSessionAttended.HeldOn)));
        services.AddSingleton(new YearBoundEvent(typeof(CodeOfConductAcknowledged), nameof(CodeOfConductAcknowledged.On)));
        // The unit's DSC indicator; its small-unit threshold is a rulebook key.
        services.AddRulebookTargets(DisciplineIndicators.TargetDefaults);
        services.AddSingleton<IUnitIndicatorSource, DisciplineIndicators>();
        return services;
    }
}
