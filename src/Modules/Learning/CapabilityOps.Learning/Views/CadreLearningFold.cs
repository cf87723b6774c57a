using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.SharedKernel;
using System.Runtime.CompilerServices;
using JasperFx.Events;
using Marten;

namespace CapabilityOps.Learning.Views;

/// <summary>
/// A cadre's learning as a pure fold over the cadre stream: the view now is the fold over the whole stream, and "as known
/// at instant T" the same fold over the stream read up to T. Not projected: a document rewritten by every study-hours
/// record cost more than the record itself (docs/PERFORMANCE.md), and the fold reads only <see cref="EventTypes"/>.
/// Idempotent where it matters: a session is counted once per cadre, a record revoked once.
/// </summary>
public static class CadreLearningFold
{
    /// <summary>The events <see cref="Apply"/> reads; the others leave the state as it is.</summary>
    public static readonly IReadOnlyCollection<Type> EventTypes =
        [typeof(CadreRegistered), typeof(CadreDeparted), typeof(CadreReturned), typeof(StudyHoursLogged), typeof(StudyHoursImported), typeof(StudyHoursRevoked),
            typeof(LearningSessionAttended), typeof(CompetitionEntered)];

    /// <summary>
    /// The event types the fold reads in this store: <see cref="EventTypes"/> and every known event type that credits study
    /// hours (<see cref="IStudyHoursCredit"/>, another module's fact), so the lean read brings them too.
    /// </summary>
    public static IReadOnlyCollection<Type> EventTypesIn(IQuerySession session) =>
        TypesByStore.GetValue(session.DocumentStore.Options, options => EventTypes
            .Concat(options.Events.AllKnownEventTypes().Select(t => t.EventType)
                .Where(t => typeof(IStudyHoursCredit).IsAssignableFrom(t)))
            .Distinct().ToList());

    private static readonly ConditionalWeakTable<IReadOnlyStoreOptions, IReadOnlyCollection<Type>> TypesByStore = new();

    public static CadreLearning? Apply(CadreLearning? state, string streamKey, object data)
    {
        switch (data)
        {
            case CadreRegistered registered:
                state ??= New(streamKey, registered.StaffNo);
                state.JoinedOn = registered.JoinedOn;
                return state;

            case CadreDeparted or CadreReturned:
                state ??= New(streamKey, StreamKeys.StaffNoOf(streamKey));
                Membership.Apply(state.Departures, data);
                return state;

            case StudyHoursLogged logged:
            {
                state ??= New(streamKey, logged.StaffNo);
                var year = YearOf(state, logged.StudiedOn);
                year.Records++;
                Count(year, logged.Hours, logged.Channel, logged.Source);
                return state;
            }

            case StudyHoursImported imported:
                // Each record counts as a StudyHoursLogged of its own would.
                foreach (var record in imported.Records) state = Apply(state, streamKey, record);
                return state ?? New(streamKey, imported.StaffNo);

            case LearningSessionAttended attended:
            {
                state ??= New(streamKey, attended.StaffNo);
                var year = YearOf(state, attended.HeldOn);
                if (year.AttendedSessionIds.Contains(attended.SessionId)) return state;
                year.AttendedSessionIds.Add(attended.SessionId);
                year.SessionsAttended[attended.Kind] = year.SessionsAttended.GetValueOrDefault(attended.Kind) + 1;
                if (attended is { CreditRecordId: not null, CreditedHours: > 0 })
                {
                    year.Records++;
                    Count(year, attended.CreditedHours, StudyChannel.Offline, LearningDefaults.SessionCreditSource);
                }
                return state;
            }

            case StudyHoursRevoked revoked:
            {
                state ??= New(streamKey, revoked.StaffNo);
                var year = YearOf(state, revoked.StudiedOn);
                if (year.RevokedRecordIds.Contains(revoked.RecordId)) return state;
                year.RevokedRecordIds.Add(revoked.RecordId);
                year.RevokedRecords++;
                year.RevokedHours += revoked.Hours;
                Count(year, -revoked.Hours, revoked.Channel, revoked.Source);
                return state;
            }

            case IStudyHoursCredit credit:
            {
                state ??= New(streamKey, credit.StaffNo);
                var year = YearOf(state, credit.CreditedOn);
                if (!year.CreditIds.Add(credit.CreditId)) return state;
                year.Records++;
                Count(year, credit.CreditedHours, credit.CreditedChannel, credit.CreditSource);
                return state;
            }

            case CompetitionEntered entered:
            {
                state ??= New(streamKey, entered.StaffNo);
                var year = YearOf(state, entered.HeldOn);
                if (!year.CompetitionIds.Contains(entered.CompetitionId)) year.CompetitionIds.Add(entered.CompetitionId);
                return state;
            }

            default:
                return state;
        }
    }

    /// <summary>The learning the given events (oldest first) make; null when they hold no fact about it.</summary>
    public static CadreLearning? Fold(string streamKey, IEnumerable<IEvent> events) =>
        events.Aggregate((CadreLearning?)null, (state, e) => Apply(state, streamKey, e.Data));

    /// <summary>The year view of a cadre under <paramref name="targets"/>: the LRN-1 target, pro-rated by whole months of membership.</summary>
    public static CadreLearningYear Summarize(CadreLearning? state, string staffNo, int year, LearningTargets targets, DateTimeOffset? asOf = null)
    {
        var totals = state?.Years.GetValueOrDefault(year) ?? new LearningYearTotals();
        var target = TargetFor(state?.JoinedOn, state?.Departures ?? [], year, targets.AnnualStudyHours);
        var met = !target.Applies || totals.Hours >= target.Hours;
        return new CadreLearningYear(
            staffNo, year, totals.Hours,
            new Dictionary<StudyChannel, decimal> { [StudyChannel.Online] = totals.OnlineHours, [StudyChannel.Offline] = totals.OfflineHours },
            totals.HoursBySource.Where(s => s.Value != 0).OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary(s => s.Key, s => s.Value),
            totals.HoursBySource.GetValueOrDefault(LearningDefaults.SessionCreditSource),
            totals.Records, totals.RevokedRecords, totals.RevokedHours,
            Enum.GetValues<LearningSessionKind>().ToDictionary(k => k, k => totals.SessionsAttended.GetValueOrDefault(k)),
            totals.CompetitionIds.Count,
            target.Hours, targets.AnnualStudyHours, target.Prorated, target.Months, target.Basis.ToString(), target.Applies, met,
            target.Applies ? [new LearningCheck("LRN-1", target.Hours, totals.Hours, met)] : [],
            asOf);
    }

    /// <summary>The LRN-1 target of a year for a cadre who joined on <paramref name="joinedOn"/> and never left.</summary>
    public static AnnualTarget TargetFor(DateOnly? joinedOn, int year, decimal annualHours) => TargetFor(joinedOn, [], year, annualHours);

    /// <summary>The LRN-1 target of a year for a cadre who joined on <paramref name="joinedOn"/> and left and returned as <paramref name="departures"/> say.</summary>
    /// <remarks>
    /// A month counts when the cadre was a member for all of it (<see cref="Membership.WholeMonthsIn"/>): joining on the 1st
    /// counts that month, joining on the 15th starts with the next; leaving on 30 June counts June, leaving on the 15th does
    /// not. The target is the annual one × months / 12, to one decimal; a year without a whole month has none.
    /// </remarks>
    public static AnnualTarget TargetFor(DateOnly? joinedOn, IReadOnlyList<Departure> departures, int year, decimal annualHours)
    {
        if (joinedOn is not { } joined || (joined.Year < year && departures.Count == 0))
            return new(annualHours, 12, false, true, Msg("FullYear", annualHours));
        var months = joined.Year > year ? 0 : Membership.WholeMonthsIn(joined, departures, year).Count;
        var left = departures.Where(d => d.LeftOn.Year <= year && (d.ReturnedOn is null || d.ReturnedOn.Value.Year >= year)).ToList();
        var how = joined.Year >= year ? new List<Text> { Msg("MembershipJoined", joined) } : [];
        how.AddRange(left.Select(d => d.ReturnedOn is { } back ? Msg("MembershipLeftReturned", d.LeftOn, back) : Msg("MembershipLeft", d.LeftOn)));
        if (months <= 0)
            return new(0m, 0, true, false, Msg("NoWholeMonth", year, how));
        if (months == 12)
            return new(annualHours, 12, false, true, Msg("FullYear", annualHours));
        var hours = Math.Round(annualHours * months / 12m, 1, MidpointRounding.AwayFromZero);
        return new(hours, months, true, true,
            Msg("ProRated", how, months, year, annualHours, hours));
    }

    private static CadreLearning New(string streamKey, string staffNo) =>
        new() { Id = streamKey, StaffNo = string.IsNullOrEmpty(staffNo) ? StreamKeys.StaffNoOf(streamKey) : staffNo };

    private static LearningYearTotals YearOf(CadreLearning state, DateOnly day)
    {
        if (!state.Years.TryGetValue(day.Year, out var year)) state.Years[day.Year] = year = new LearningYearTotals();
        return year;
    }

    private static void Count(LearningYearTotals year, decimal hours, StudyChannel channel, string source)
    {
        year.Hours += hours;
        if (channel == StudyChannel.Online) year.OnlineHours += hours;
        else year.OfflineHours += hours;
        year.HoursBySource[source] = year.HoursBySource.GetValueOrDefault(source) + hours;
    }
}

/// <summary>A year's LRN-1 target for one cadre and how it was set.</summary>
public sealed record AnnualTarget(decimal Hours, int Months, bool Prorated, bool Applies, Text Basis);
