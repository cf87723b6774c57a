using CapabilityOps.Appraisal.Compliance;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Appraisal.Contracts.Events;
using CapabilityOps.Appraisal.Reports;
using CapabilityOps.Appraisal.Rulebooks;
using CapabilityOps.Appraisal.Scoring;
using CapabilityOps.SharedKernel;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.Appraisal;

public static class AppraisalModule
{
    /// <summary>The versioned rulebook, compliance views, appraisal scores and monthly reports (APR, RPT).</summary>
    public static IServiceCollection AddAppraisalModule(this IServiceCollection services)
    {
        services.AddModuleAssembly(typeof(AppraisalModule).Assembly);
        // The Appraisal module's own targets; every module declares its own the same way, and together they are rulebook version 1.
        services.AddRulebookTargets(RulebookDefaults.AppraisalTargets);
        services.AddSingleton<Rulebooks.Rulebooks>();
        services.AddSingleton<IRulebooks>(sp => sp.GetRequiredService<Rulebooks.Rulebooks>());
        services.AddSingleton<YearViews>();
        services.AddSingleton<IYearViews>(sp => sp.GetRequiredService<YearViews>());
        services.AddHostedService<RulebookSeed>();
        services.AddSingleton<ComplianceCalculator>();
        services.AddSingleton<ComplianceMemo>();
        services.AddSingleton<LiveCompliance>();
        services.AddSingleton<ComplianceTrend>();
        // The compliance and appraisal read model, kept current in the background by one instance at a time.
        services.AddSingleton<ComplianceReadModel>();
        services.AddHostedService(sp => sp.GetRequiredService<ComplianceReadModel>());
        services.AddSingleton<ICadreComplianceQuery, CadreComplianceQuery>();
        services.AddSingleton<IUnitRuleSet, MonthlyReportRules>();
        services.AddSingleton<IReminderSource, Reports.MonthlyReportReminders>();
        // The appraisal's engine reads every module's contributions; its own indicators (RPT-1, BUSINESS, DAILY) come the same way.
        services.AddSingleton<AppraisalContributions>();
        services.AddSingleton<IUnitIndicatorSource, AppraisalIndicators>();
        services.ConfigureMarten(opts =>
        {
            opts.Events.AddEventTypes([typeof(RulebookVersionPublished), typeof(MonthlyReportSubmitted), typeof(CadreAssessed), typeof(UnitTargetScored),
                typeof(ProgrammeTaskProgressReported), typeof(PublicityItemPublished), typeof(ExcellentPlacesChosen)]);
            opts.Projections.Add<RulebookProjection>(ProjectionLifecycle.Inline);
            opts.Storage.ExtendedSchemaObjects.Add(ComplianceMemo.Definition(opts.Events.DatabaseSchemaName));
            opts.Storage.ExtendedSchemaObjects.Add(ComplianceMemo.UnitDefinition(opts.Events.DatabaseSchemaName));
            opts.Storage.ExtendedSchemaObjects.Add(ComplianceTrend.Definition(opts.Events.DatabaseSchemaName));
        });
        return services;
    }
}
