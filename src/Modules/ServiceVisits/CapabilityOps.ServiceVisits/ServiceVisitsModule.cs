using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.ServiceVisits.Compliance;
using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.ServiceVisits.Scoring;
using CapabilityOps.ServiceVisits.Contracts.Events;
using CapabilityOps.SharedKernel;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.ServiceVisits;

public static class ServiceVisitsModule
{
    /// <summary>Service visits (SVC-1, SVC-2): grassroots days, assisted enterprises, research articles, suggestions.</summary>
    public static IServiceCollection AddServiceVisitsModule(this IServiceCollection services)
    {
        services.AddModuleAssembly(typeof(ServiceVisitsModule).Assembly);
        services.AddRulebookTargets(ServiceRules.TargetDefaults);
        services.AddSingleton<ICadreRuleSet, ServiceRules>();
        services.AddSingleton<IUnitIndicatorSource, ServiceIndicators>();
        // A visit's days count in the years it spans, an article and a suggestion in the year of their date (ServiceYear); a
        // revocation names no date and is read in every year, where it changes nothing the year does not hold.
        services.AddSingleton(new YearBoundEvent(typeof(GrassrootsVisitRecorded), nameof(GrassrootsVisitRecorded.From), nameof(GrassrootsVisitRecorded.To)));
        services.AddSingleton(new YearBoundEvent(typeof(ResearchArticleRecorded), nameof(ResearchArticleRecorded.CompletedOn)));
        services.AddSingleton(new YearBoundEvent(typeof(ImprovementSuggestionRecorded), nameof(ImprovementSuggestionRecorded.MadeOn)));
        // Cadres behind the SVC pace as a quarter ends, in the reminders (GET /api/v1/reminders and the daily job).
        services.AddSingleton<IReminderSource, Reminders.ServicePaceReminders>();
        services.ConfigureMarten(opts =>
        {
            opts.Events.AddEventTypes([typeof(GrassrootsVisitRecorded), typeof(GrassrootsVisitRevoked),
                typeof(EnterpriseAssistanceStarted), typeof(EnterpriseAssistanceEnded), typeof(EnterpriseAssistanceRevoked),
                typeof(ResearchArticleRecorded), typeof(ResearchArticleRevoked),
                typeof(ImprovementSuggestionRecorded), typeof(ImprovementSuggestionRevoked)]);
            // Inline: decisions (revoke, end, duplicates) read the log with optimistic concurrency on the cadre stream.
            opts.Projections.Add<CadreServiceLogProjection>(ProjectionLifecycle.Inline);
            opts.Schema.For<CadreServiceLog>().Duplicate(l => l.StaffNo);
        });
        // The logs rebuilt from one read of their events (the admin rebuild, `projections rebuild`).
        services.AddSingleton<IProjectionRebuilder, ServiceLogRebuild>();
        return services;
    }
}
