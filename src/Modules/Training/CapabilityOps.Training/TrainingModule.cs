using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Training.Compliance;
using CapabilityOps.Training.Contracts.Events;
using CapabilityOps.Training.Designations;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.Training;

public static class TrainingModule
{
    /// <summary>Degree studies, trainings, business trainings, practice events and the 5 + 5 designations (TRN-1..7).</summary>
    public static IServiceCollection AddTrainingModule(this IServiceCollection services)
    {
        services.AddModuleAssembly(typeof(TrainingModule).Assembly);
        services.ConfigureMarten(opts =>
        {
            opts.Events.AddEventTypes([
                typeof(DegreeStudyRequested), typeof(DegreeStudyApproved), typeof(DegreeStudyRefused), typeof(DegreeStudyCertified),
                typeof(DegreeStudyReimbursed), typeof(TrainingAttended), typeof(BusinessTrainingHeld), typeof(BusinessTrainingAttended),
                typeof(PracticeEventHeld), typeof(PracticeResultRecorded),
            ]);
            // Inline: a business training counts for TRN-5, and a title for TRN-7, the moment it is acknowledged.
            opts.Projections.Add<TrainingDocumentsProjection>(ProjectionLifecycle.Inline);
            opts.Schema.For<BusinessTrainingRecord>().Duplicate(t => t.UnitCode).Duplicate(t => t.HeldOn);
            opts.Schema.For<DesignationEntry>().Duplicate(d => d.ConferredOn);
        });
        // TRN-1 joins every cadre's checks; TRN-5 and TRN-7 the unit checks (Appraisal.Contracts); their targets are rulebook keys.
        services.AddRulebookTargets(DegreeRule.TargetDefaults);
        services.AddRulebookTargets(TrainingUnitRules.TargetDefaults);
        services.AddRulebookTargets(DesignationTally.TargetDefaults);
        services.AddSingleton<ICadreRuleSet, DegreeRule>();
        // A training's hours are credited in the year it ended (IStudyHoursCredit), the only cadre rule that reads it.
        services.AddSingleton(new YearBoundEvent(typeof(TrainingAttended), nameof(TrainingAttended.From), nameof(TrainingAttended.To)));
        services.AddSingleton(new YearBoundEvent(typeof(BusinessTrainingAttended), nameof(BusinessTrainingAttended.HeldOn)));
        services.AddSingleton<IUnitRuleSet, TrainingUnitRules>();
        // Degree studies near the TRN-1 deadline (the reminders, Appraisal.Contracts).
        services.AddSingleton<IReminderSource, DegreeStudies.DegreeReminders>();
        return services;
    }
}
