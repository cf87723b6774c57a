using CapabilityOps.Learning.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;

namespace CapabilityOps.Learning.Views;

/// <summary>
/// The yearly views, for the module's own routes and for other modules (<see cref="ILearningYears"/>).
/// A cadre's view now is the projected <see cref="CadreLearning"/> brought up to date with the events after it; as of an instant it is the same fold over the
/// cadre stream read up to that instant. A unit's view is folded from its (inline) session, competition and group records.
/// </summary>
public sealed class LearningYears(IQuerySession session, TimeProvider clock) : ILearningYears
{
    public async Task<CadreLearningYear?> ForCadreAsync(string staffNo, int year, LearningTargets targets, DateTimeOffset? asOf = null,
        CancellationToken cancellation = default)
    {
        var key = StreamKeys.Cadre(staffNo);
        if (asOf is { } instant)
        {
            var events = await session.Events.FetchStreamAsync(key, timestamp: instant.ToUniversalTime(), token: cancellation);
            var then = CadreLearningFold.Fold(key, events);
            return then?.JoinedOn is null ? null : CadreLearningFold.Summarize(then, staffNo, year, targets, instant);
        }

        // The projected document plus any events the asynchronous daemon has not applied yet: a write is visible at once.
        var batch = session.CreateBatchQuery();
        var latest = batch.Events.FetchLatest<CadreLearning>(key);
        await batch.Execute(cancellation);
        var learning = await latest;
        if (learning?.JoinedOn is null) return null;
        return CadreLearningFold.Summarize(learning, staffNo, year, targets);
    }

    public async Task<UnitLearningYear?> ForUnitAsync(string unitCode, int year, LearningTargets targets, CancellationToken cancellation = default)
    {
        var today = ChinaTime.Today(clock);
        var viewDate = year < today.Year ? new DateOnly(year, 12, 31) : today;
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
