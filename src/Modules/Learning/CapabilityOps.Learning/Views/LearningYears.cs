using CapabilityOps.Learning.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;

namespace CapabilityOps.Learning.Views;

/// <summary>
/// The yearly views, for the module's own routes and for other modules (<see cref="ILearningYears"/>).
/// A cadre's view is <see cref="CadreLearningFold"/> over the cadre's learning events, read up to now or up to an instant
/// (the lean read of only the event types the fold reads). A unit's view is folded from its (inline) session, competition and group records.
/// </summary>
public sealed class LearningYears(IQuerySession session) : ILearningYears
{
    public async Task<CadreLearningYear?> ForCadreAsync(string staffNo, int year, LearningTargets targets, DateTimeOffset? asOf = null,
        CancellationToken cancellation = default)
    {
        // Now or as of an instant, the same fold over the cadre's learning events: a write is visible at once.
        var key = StreamKeys.Cadre(staffNo);
        var events = await session.ReadStreamAsync(key, asOf, CadreLearningFold.EventTypesIn(session), cancellation);
        var learning = CadreLearningFold.Fold(key, events);
        return learning?.JoinedOn is null ? null : CadreLearningFold.Summarize(learning, staffNo, year, targets, asOf);
    }

    public async Task<UnitLearningYear?> ForUnitAsync(string unitCode, int year, DateOnly viewDate, LearningTargets targets,
        CancellationToken cancellation = default)
    {
        var start = new DateOnly(year, 1, 1);
        var end = new DateOnly(year, 12, 31);
        var batch = session.CreateBatchQuery();
        var unit = batch.Load<UnitRecord>(StreamKeys.Unit(unitCode));
        var sessions = batch.Query<LearningSessionRecord>().Where(s => s.UnitCode == unitCode && s.HeldOn >= start && s.HeldOn <= end).ToList();
        var competitions = batch.Query<CompetitionRecord>().Where(c => c.UnitCode == unitCode && c.HeldOn >= start && c.HeldOn <= end).ToList();
        var groups = batch.Query<InterestGroupRecord>().Where(g => g.UnitCode == unitCode && g.FormedOn <= end).ToList();
        await batch.Execute(cancellation);

        return await unit is null
            ? null
            : UnitLearningSummary.Summarize(unitCode, year, viewDate, await sessions, await competitions, await groups, targets);
    }
}
