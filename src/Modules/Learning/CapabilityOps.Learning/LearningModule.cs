using System.Text;
using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Learning.Competitions;
using CapabilityOps.Learning.Compliance;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Learning.InterestGroups;
using CapabilityOps.Learning.Scoring;
using CapabilityOps.Learning.Sessions;
using CapabilityOps.Learning.StudyHours;
using CapabilityOps.Learning.Views;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using JasperFx.Events.Projections;
using Marten;
using Marten.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CapabilityOps.Learning;

public static class LearningModule
{
    /// <summary>Study hours, sessions, competitions and interest groups (LRN-1..7), and the yearly views that feed compliance.</summary>
    public static IServiceCollection AddLearningModule(this IServiceCollection services)
    {
        // CSV imports may name a legacy charset (gb18030, the usual Chinese Excel export).
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        services.AddModuleAssembly(typeof(LearningModule).Assembly);
        services.AddScoped<ILearningYears, LearningYears>();
        services.TryAddSingleton<CadreFactsSql>(); // the cadre-fact appender's bulk path, which the study-hours writer goes through
        services.AddSingleton<StudyHoursWriter>();
        services.AddSingleton<StudyHoursCommits>();
        services.ConfigureMarten(opts =>
        {
            opts.Events.AddEventTypes([
                typeof(StudyHoursLogged), typeof(StudyHoursImported), typeof(StudyHoursRevoked), typeof(LearningSessionAttended), typeof(CompetitionEntered),
                typeof(CompetitionResultRecorded), typeof(InterestGroupJoined), typeof(InterestGroupLeft),
                typeof(LearningSessionRecorded), typeof(LearningSessionAttendanceRecorded), typeof(CompetitionHeld),
                typeof(CompetitionParticipantsRecorded), typeof(InterestGroupFormed), typeof(InterestGroupMembersJoined),
                typeof(InterestGroupMemberLeft),
            ]);

            // Inline: written in the transaction that records the fact, so the unique duplicate key and the
            // optimistic checks on sessions, competitions and groups hold under concurrent requests.
            opts.Projections.Add<StudyHoursEntryProjection>(ProjectionLifecycle.Inline);
            opts.Projections.Add<LearningSessionProjection>(ProjectionLifecycle.Inline);
            opts.Projections.Add<CompetitionProjection>(ProjectionLifecycle.Inline);
            opts.Projections.Add<InterestGroupProjection>(ProjectionLifecycle.Inline);
            // The cadres' yearly totals are not projected: the view folds the cadre's learning events when read, as compliance
            // does (CadreLearningFold), so a study-hours record costs no document rewrite of its own.

            // No column for the staff number: a cadre's entries are read by a range of the day key, which begins with it,
            // so an index fewer to write for every record.
            opts.Schema.For<StudyHoursEntry>()
                .Duplicate(e => e.DayKey)
                .UniqueIndex(UniqueIndexType.DuplicatedField, "uq_study_hours_duplicate_key", e => e.DuplicateKey!);
            // The keys of imported records (duplicates, the 24-hour rule), a plain table: the schema command creates it with the rest.
            opts.Storage.ExtendedSchemaObjects.Add(ImportedHours.Definition(opts.Events.DatabaseSchemaName));
            // Registered here, not only used by the projection, so db-apply creates its table with the rest of the schema.
            opts.Schema.For<StudyHoursRevocation>().Duplicate(r => r.StaffNo);
            opts.Schema.For<LearningSessionRecord>().Duplicate(s => s.UnitCode).Duplicate(s => s.HeldOn);
            opts.Schema.For<CompetitionRecord>().Duplicate(c => c.UnitCode).Duplicate(c => c.HeldOn);
            opts.Schema.For<InterestGroupRecord>().Duplicate(g => g.UnitCode);
        });
        // The study-hours entries and revocations rebuilt in SQL (the admin rebuild, `projections rebuild`).
        services.AddSingleton<IProjectionRebuilder, LearningProjectionsRebuild>();
        // LRN-1 joins every cadre's checks, LRN-2..4 the unit checks (Appraisal.Contracts); their targets are rulebook keys.
        services.AddRulebookTargets(LearningRules.TargetDefaults);
        services.AddSingleton<ICadreRuleSet, LearningRules>();
        // A record's hours count in the year it was studied, and its revocation in the same year (CadreLearningFold keeps the years
        // apart): a recomputation of some years need not read study hours of others, most of a cadre's stream.
        services.AddSingleton(new YearBoundEvent(typeof(StudyHoursLogged), nameof(StudyHoursLogged.StudiedOn)));
        services.AddSingleton(new YearBoundEvent(typeof(StudyHoursRevoked), nameof(StudyHoursRevoked.StudiedOn)));
        services.AddSingleton(new YearBoundEvent(typeof(StudyHoursImported), nameof(StudyHoursImported.FirstStudiedOn), nameof(StudyHoursImported.LastStudiedOn)));
        // A session's credited hours and a competition count in the year they were held, as the fold's years keep them.
        services.AddSingleton(new YearBoundEvent(typeof(LearningSessionAttended), nameof(LearningSessionAttended.HeldOn)));
        services.AddSingleton(new YearBoundEvent(typeof(CompetitionEntered), nameof(CompetitionEntered.HeldOn)));
        services.AddSingleton<IUnitRuleSet, LearningUnitRules>();
        // LRN-1 and LRN-3 as the unit appraisal's indicators.
        services.AddSingleton<IUnitIndicatorSource, LearningIndicators>();
        // Cadres behind the LRN-1 pace as a quarter ends, in the reminders (GET /api/v1/reminders and the daily job).
        services.AddSingleton<IReminderSource, Reminders.StudyPaceReminders>();
        return services;
    }
}
