using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.SharedKernel;
using CapabilityOps.Talent.Care;
using CapabilityOps.Talent.Compliance;
using CapabilityOps.Talent.Mentoring;
using CapabilityOps.Talent.Pools;
using CapabilityOps.Talent.Contracts.Events;
using CapabilityOps.Talent.Scoring;
using CapabilityOps.Talent.Staffing;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.Talent;

/// <summary>Talent and care beyond titles (TAL-1..5, CARE-1..4): registered by <see cref="TalentModule.AddTalentModule"/>.</summary>
internal static class TalentAndCareModule
{
    public static IServiceCollection AddTalentAndCare(this IServiceCollection services)
    {
        services.ConfigureMarten(opts =>
        {
            opts.Events.AddEventTypes([
                typeof(HeartToHeartTalkHeld), typeof(HealthCheckRecorded), typeof(HolidayVisitPaid),
                typeof(CollectiveCommendationConferred), typeof(CommendationRecommended),
                typeof(StaffingQuotaSet), typeof(RecruitmentCampaignOpened), typeof(RecruitmentHireRecorded),
                typeof(TalentPoolEntered), typeof(TalentPoolExited), typeof(MentorshipStarted), typeof(MentorshipEnded), typeof(CadrePlaced),
            ]);
            // Inline: a visit is in the coverage as soon as it is acknowledged.
            opts.Projections.Add<HolidayVisitProjection>(ProjectionLifecycle.Inline);
            opts.Schema.For<HolidayVisitRecord>().Duplicate(v => v.StaffNo).Duplicate(v => v.Year);
            // Inline: every quota, campaign and hire of a unit is decided on this record under its stream's lock.
            opts.Projections.Add<UnitStaffingProjection>(ProjectionLifecycle.Inline);
            opts.Projections.Add<TalentPoolProjection>(ProjectionLifecycle.Inline);
            opts.Projections.Add<MentorshipProjection>(ProjectionLifecycle.Inline);
            opts.Schema.For<MentorshipRecord>().Duplicate(m => m.Mentee);
        });
        // CARE-1 and CARE-3 join every cadre's checks, with their targets in the rulebook, and make the care indicator.
        services.AddRulebookTargets(CareRules.TargetDefaults);
        services.AddRulebookTargets(MentorshipEndpoints.TargetDefaults);
        services.AddSingleton<ICadreRuleSet, CareRules>();
        // Talks and health checks count in their year (CareRules); no cadre rule reads a holiday visit (CARE-2 is the unit's).
        services.AddSingleton(new YearBoundEvent(typeof(HeartToHeartTalkHeld), nameof(HeartToHeartTalkHeld.HeldOn)));
        services.AddSingleton(new YearBoundEvent(typeof(HealthCheckRecorded), nameof(HealthCheckRecorded.CheckedOn)));
        services.AddSingleton(new YearBoundEvent(typeof(HolidayVisitPaid), nameof(HolidayVisitPaid.VisitedOn)));
        services.AddSingleton<IUnitIndicatorSource, CareIndicators>();
        return services;
    }
}
