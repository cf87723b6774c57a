using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.SharedKernel;

namespace CapabilityOps.Organization.Contracts;

/// <summary>A time the cadre left the system: the last day of membership, how, and the day they came back if they did.</summary>
/// <param name="LeftOn">The last day the cadre was a member (the departure's <c>effectiveOn</c>).</param>
/// <param name="UnitCode">The unit left: a retired cadre stays in its care coverage.</param>
/// <param name="ReturnedOn">The first day of membership again, when the cadre returned.</param>
public sealed record Departure(DepartureKind Kind, DateOnly LeftOn, string? Reason, string UnitCode, DateOnly? ReturnedOn = null);

/// <summary>A stretch of membership, from <see cref="From"/> to <see cref="Until"/> inclusive; <see cref="Until"/> is null while it lasts.</summary>
public readonly record struct MemberPeriod(DateOnly From, DateOnly? Until)
{
    public bool Covers(DateOnly day) => From <= day && (Until is null || day <= Until);
}

/// <summary>
/// Membership in the system, the one notion every module's rules and views use: a cadre is a member from joining to a
/// departure's last day, and again from a return. A year's rules apply to the whole months of membership in it (joining on
/// the 1st counts that month, leaving on its last day counts it too); a year without one whole month is not the cadre's.
/// Kept as the joining date and the departures, so a record written before departures existed reads as "member since
/// joining" unchanged. The fold step <see cref="Apply"/> is shared by every module's fold of the cadre stream.
/// </summary>
public static class Membership
{
    /// <summary>The event types that change membership: a module's fold of the cadre stream includes them.</summary>
    public static readonly IReadOnlyCollection<Type> EventTypes = [typeof(CadreDeparted), typeof(CadreReturned)];

    /// <summary>One step of a fold: records a departure or a return; other events leave the list as it is.</summary>
    public static void Apply(List<Departure> departures, object data)
    {
        switch (data)
        {
            case CadreDeparted d:
                departures.Add(new Departure(d.Kind, d.EffectiveOn, d.Reason, d.UnitCode));
                break;
            case CadreReturned r when departures.Count > 0 && departures[^1].ReturnedOn is null:
                departures[^1] = departures[^1] with { ReturnedOn = r.EffectiveOn };
                break;
        }
    }

    /// <summary>The periods of membership, oldest first.</summary>
    public static IReadOnlyList<MemberPeriod> Periods(DateOnly joinedOn, IReadOnlyList<Departure> departures)
    {
        var periods = new List<MemberPeriod>(departures.Count + 1);
        DateOnly? from = joinedOn;
        foreach (var departure in departures)
        {
            if (from is not { } start) break;
            periods.Add(new MemberPeriod(start, departure.LeftOn));
            from = departure.ReturnedOn;
        }
        if (from is { } open) periods.Add(new MemberPeriod(open, null));
        return periods;
    }

    public static bool IsMemberOn(DateOnly joinedOn, IReadOnlyList<Departure> departures, DateOnly day) =>
        Periods(joinedOn, departures).Any(p => p.Covers(day));

    /// <summary>The departure the cadre is away under on <paramref name="day"/>; null while a member, or before joining.</summary>
    public static Departure? AwayOn(DateOnly joinedOn, IReadOnlyList<Departure> departures, DateOnly day) =>
        day < joinedOn ? null : departures.LastOrDefault(d => d.LeftOn < day && (d.ReturnedOn is null || day < d.ReturnedOn));

    /// <summary>The departure in force now: the last one, when the cadre has not returned from it.</summary>
    public static Departure? Current(IReadOnlyList<Departure> departures) =>
        departures.Count > 0 && departures[^1].ReturnedOn is null ? departures[^1] : null;

    /// <summary>The months of <paramref name="year"/> (1–12) the cadre was a member for all of; a current membership is taken to go on.</summary>
    public static IReadOnlyList<int> WholeMonthsIn(DateOnly joinedOn, IReadOnlyList<Departure> departures, int year)
    {
        var periods = Periods(joinedOn, departures);
        var months = new List<int>(12);
        for (var month = 1; month <= 12; month++)
        {
            var first = new DateOnly(year, month, 1);
            var last = first.AddMonths(1).AddDays(-1);
            var covered = 0;
            foreach (var period in periods)
            {
                var from = period.From > first ? period.From : first;
                var to = period.Until is { } until && until < last ? until : last;
                if (from <= to) covered += to.DayNumber - from.DayNumber + 1;
            }
            if (covered == last.Day) months.Add(month);
        }
        return months;
    }

    /// <summary>The last day up to <paramref name="upTo"/> on which the cadre was a member; null when none.</summary>
    public static DateOnly? LastMemberDay(DateOnly joinedOn, IReadOnlyList<Departure> departures, DateOnly upTo)
    {
        DateOnly? last = null;
        foreach (var period in Periods(joinedOn, departures).Where(p => p.From <= upTo))
        {
            var end = period.Until is { } until && until < upTo ? until : upTo;
            if (last is null || end > last) last = end;
        }
        return last;
    }

    /// <summary>Whether the cadre was a member on any day of <paramref name="year"/>.</summary>
    public static bool MemberIn(DateOnly joinedOn, IReadOnlyList<Departure> departures, int year) =>
        Periods(joinedOn, departures).Any(p => p.From.Year <= year && (p.Until is null || p.Until.Value.Year >= year));

    /// <summary>
    /// The problem for a fact dated <paramref name="day"/> (named by <paramref name="field"/>) about a cadre away on that day:
    /// 409, naming the departure.
    /// </summary>
    public static Problem LeftTheSystem(string staffNo, Departure departure, string field, DateOnly day) =>
        Problem.Conflict(departure.ReturnedOn is { } back
            ? Msg("LeftAndReturnedFactRefused", staffNo, departure.LeftOn, departure.Kind, back, field, day)
            : Msg("LeftFactRefused", staffNo, departure.LeftOn, departure.Kind, field, day));
}

/// <summary><see cref="Membership"/> for any state of a cadre (<see cref="ICadreState"/>): the record, or a module's own fold.</summary>
public static class CadreMembership
{
    public static IReadOnlyList<MemberPeriod> MemberPeriods(this ICadreState cadre) => Membership.Periods(cadre.JoinedOn, cadre.Departures);

    public static bool IsMemberOn(this ICadreState cadre, DateOnly day) => Membership.IsMemberOn(cadre.JoinedOn, cadre.Departures, day);

    /// <summary>The departure the cadre is away under on <paramref name="day"/>; null while a member, or before joining.</summary>
    public static Departure? AwayOn(this ICadreState cadre, DateOnly day) => Membership.AwayOn(cadre.JoinedOn, cadre.Departures, day);

    /// <summary>The departure in force now (the cadre has not returned from it); null for an active cadre.</summary>
    public static Departure? CurrentDeparture(this ICadreState cadre) => Membership.Current(cadre.Departures);

    public static IReadOnlyList<int> WholeMonthsIn(this ICadreState cadre, int year) => Membership.WholeMonthsIn(cadre.JoinedOn, cadre.Departures, year);

    public static DateOnly? LastMemberDay(this ICadreState cadre, DateOnly upTo) => Membership.LastMemberDay(cadre.JoinedOn, cadre.Departures, upTo);
}
