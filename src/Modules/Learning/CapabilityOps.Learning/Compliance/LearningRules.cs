using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Learning.Sessions;
using CapabilityOps.Learning.Competitions;
using CapabilityOps.Learning.Views;
using CapabilityOps.Organization.Contracts;
using JasperFx.Events;
using Marten;

namespace CapabilityOps.Learning.Compliance;

/// <summary>
/// LRN-1 in the compliance views: the Learning module's own fold over the cadre's events
/// (<see cref="CadreLearningFold"/>), under the rulebook's hours target, pro-rated for a partial year of
/// membership. The evidence is the events whose hours count: records and session credits of the year, not revoked.
/// </summary>
public sealed class LearningRules : CadreRuleSet<LearningMeasure>
{
    /// <summary>The keys this module's rules read, with the programme document's numbers (§三(一)): part of rulebook version 1.</summary>
    public static readonly IReadOnlyDictionary<string, decimal> TargetDefaults = new Dictionary<string, decimal>
    {
        ["LRN-1.hoursPerYear"] = 60,
        ["LRN-2.sessionsPerQuarter"] = 1,
        ["LRN-3.trainingsPerYear"] = 1,
        ["LRN-4.competitionsPerYear"] = 1,
    };

    public override LearningMeasure? Measure(CadreMeasureContext context, IReadOnlyList<IEvent> cadreEvents)
    {
        var learning = CadreLearningFold.Fold(context.Cadre.Id, cadreEvents);
        if (learning?.JoinedOn is not { } joinedOn || joinedOn > context.ViewDate) return null;
        var totals = learning.Years.GetValueOrDefault(context.Year) ?? new LearningYearTotals();

        var revoked = cadreEvents.Select(e => e.Data).OfType<StudyHoursRevoked>().Select(r => r.RecordId).ToHashSet();
        var credited = new HashSet<Guid>();
        bool Counts(StudyHoursLogged l) => l.StudiedOn.Year == context.Year && !revoked.Contains(l.RecordId);
        // An import's event is evidence once when any of its records counts: the evidence names events, not records.
        var evidence = cadreEvents.Where(e => e.Data switch
        {
            StudyHoursLogged l => Counts(l),
            StudyHoursImported i => i.Records.Any(Counts),
            LearningSessionAttended { CreditRecordId: { } id, CreditedHours: > 0 } a =>
                a.HeldOn.Year == context.Year && !revoked.Contains(id) && credited.Add(a.SessionId),
            IStudyHoursCredit c => c.CreditedOn.Year == context.Year && c.CreditedHours > 0 && credited.Add(c.CreditId),
            _ => false,
        }).Select(e => e.Id).ToList();
        return new LearningMeasure(joinedOn, learning.Departures, totals.Hours, totals.OnlineHours, totals.OfflineHours,
            totals.HoursBySource.GetValueOrDefault(LearningDefaults.SessionCreditSource), evidence);
    }

    /// <summary>LRN-1 as <see cref="CadreLearningFold.Summarize"/> judges it: the hours against the annual target pro-rated by membership.</summary>
    public override IEnumerable<RuleCheck> Judge(CadreRuleContext context, LearningMeasure? measure)
    {
        if (measure is null) return [];
        var target = CadreLearningFold.TargetFor(measure.JoinedOn, measure.Departures, context.Year, TargetsOf(context.Rulebook).AnnualStudyHours);
        if (!target.Applies) return [];
        return [new RuleCheck("LRN-1", target.Hours, measure.Hours, measure.Hours >= target.Hours,
            Msg(measure.SessionHours > 0 ? "Lrn1NoteWithSessions" : "Lrn1Note", target.Basis, measure.OnlineHours, measure.OfflineHours,
                measure.SessionHours), measure.Evidence)];
    }

    /// <summary>The rulebook's learning targets in the module's own shape.</summary>
    public static LearningTargets TargetsOf(RulebookVersion rules) => new(
        rules.Target("LRN-1.hoursPerYear"),
        rules.Whole("LRN-2.sessionsPerQuarter"),
        rules.Whole("LRN-3.trainingsPerYear"),
        rules.Whole("LRN-4.competitionsPerYear"));
}

/// <summary>A cadre's study hours of the year (by channel, and those credited by sessions), the membership they are measured over, and the events that count.</summary>
public sealed record LearningMeasure(DateOnly JoinedOn, List<Departure> Departures, decimal Hours, decimal OnlineHours, decimal OfflineHours,
    decimal SessionHours, List<Guid> Evidence);

/// <summary>
/// LRN-2 (party group's central-group studies per quarter), LRN-3 (concentrated trainings) and LRN-4 (knowledge
/// competitions), the rules a unit itself must meet, from the unit's own sessions and competitions. As of an
/// instant, only those recorded by then count. LRN-2 and LRN-4 apply to the bureaus that have a party group
/// (the city bureau and the county bureaus); LRN-3 to every unit.
/// </summary>
public sealed class LearningUnitRules : IUnitRuleSet
{
    public async Task<IEnumerable<RuleCheck>> EvaluateAsync(UnitRuleContext context, IQuerySession session, CancellationToken cancellation)
    {
        var unit = context.Unit.Code;
        var start = new DateOnly(context.Year, 1, 1);
        var end = new DateOnly(context.Year, 12, 31);
        var batch = session.CreateBatchQuery();
        var sessionIds = batch.Query<LearningSessionRecord>().Where(s => s.UnitCode == unit && s.HeldOn >= start && s.HeldOn <= end).ToList();
        var competitionIds = batch.Query<CompetitionRecord>().Where(c => c.UnitCode == unit && c.HeldOn >= start && c.HeldOn <= end).ToList();
        await batch.Execute(cancellation);

        // The first event of each stream records the session or competition: when it was recorded is what "as of" asks.
        var keys = (await sessionIds).Select(s => s.Id).Concat((await competitionIds).Select(c => c.Id)).ToArray();
        var query = session.Events.QueryAllRawEvents().Where(e => keys.Contains(e.StreamKey!) && e.Version == 1);
        if (context.AsOf is { } asOf)
        {
            var instant = asOf.ToUniversalTime();
            query = query.Where(e => e.Timestamp <= instant);
        }
        var recorded = keys.Length == 0 ? [] : await query.ToListAsync(cancellation);

        var sessions = recorded.Where(e => e.Data is LearningSessionRecorded)
            .Select(e => LearningSessionProjection.Apply(null, e.StreamKey!, e.Data)!).ToList();
        var competitions = recorded.Where(e => e.Data is CompetitionHeld)
            .Select(e => CompetitionProjection.Apply(null, e.StreamKey!, e.Data)!).ToList();
        var year = UnitLearningSummary.Summarize(unit, context.Year, context.ViewDate, sessions, competitions, [], LearningRules.TargetsOf(context.Rulebook));

        var hasPartyGroup = context.Unit.Kind is UnitKind.CityBureau or UnitKind.CountyBureau;
        IReadOnlyList<Guid> Evidence(Func<object, bool> counts) => recorded.Where(e => counts(e.Data)).Select(e => e.Id).ToList();
        var checks = new List<RuleCheck>();
        foreach (var check in year.Checks)
        {
            switch (check.Rule)
            {
                case "LRN-2" when hasPartyGroup:
                    checks.Add(new RuleCheck(check.Rule, check.Target, check.Actual, check.Met,
                        Msg("Lrn2Note", year.CentralGroupStudiesByQuarter.Select((n, q) => Msg("QuarterCount", q + 1, n)).ToList(), context.ViewDate, check.Target),
                        Evidence(d => d is LearningSessionRecorded { Kind: LearningSessionKind.CentralGroupStudy })));
                    break;
                case "LRN-3":
                    checks.Add(new RuleCheck(check.Rule, check.Target, check.Actual, check.Met,
                        Msg("Lrn3Note", context.Year),
                        Evidence(d => d is LearningSessionRecorded { Kind: LearningSessionKind.ConcentratedTraining })));
                    break;
                case "LRN-4" when hasPartyGroup:
                    checks.Add(new RuleCheck(check.Rule, check.Target, check.Actual, check.Met,
                        Msg("Lrn4Note", context.Year),
                        Evidence(d => d is CompetitionHeld { Kind: CompetitionKind.KnowledgeCompetition })));
                    break;
            }
        }
        return checks;
    }
}
