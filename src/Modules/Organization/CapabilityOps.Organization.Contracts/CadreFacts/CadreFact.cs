using CapabilityOps.SharedKernel;

namespace CapabilityOps.Organization.Contracts;

/// <summary>
/// What a decision about one cadre needs of any state it decides on: whose it is, since when the person is a cadre and when
/// they left the system (<see cref="Membership"/>). <see cref="CadreRecord"/> is one; a module's own fold of the cadre's stream
/// (ServiceVisits' <c>CadreServiceLog</c>) is another, folding the departures with <see cref="Membership.Apply"/>.
/// </summary>
public interface ICadreState
{
    string StaffNo { get; }

    DateOnly JoinedOn { get; }

    /// <summary>Each time the cadre left the system, oldest first, with the return if any.</summary>
    IReadOnlyList<Departure> Departures { get; }
}

/// <summary>How a fact's business date is held against the cadre's time.</summary>
public enum FactDateRule
{
    /// <summary>A day while the person is a cadre: not in the future, not before the cadre joined.</summary>
    WhileCadre,

    /// <summary>A day that may come before the cadre joined (an education awarded before joining), but not in the future.</summary>
    NotInFuture,

    /// <summary>A year while the person is a cadre: from the year the cadre joined to this year.</summary>
    YearWhileCadre,
}

/// <summary>
/// A business date of a fact about a cadre, named by its request field. The appender checks every date of every fact
/// the same way (<see cref="Check(ICadreState, DateOnly, bool)"/>), so a slice only says which dates its fact has.
/// </summary>
/// <param name="Field">The request field the date comes from (its JSON name): the problem names it.</param>
/// <param name="Day">The date; for <see cref="FactDateRule.YearWhileCadre"/>, the first day of the year.</param>
public sealed record FactDate(string Field, DateOnly Day, FactDateRule Rule = FactDateRule.WhileCadre)
{
    /// <summary>A day on which the person must have been a cadre already: not in the future, not before the cadre joined.</summary>
    public static FactDate WhileCadre(string field, DateOnly day) => new(field, day);

    /// <summary>A day that may come before the cadre joined, but not in the future.</summary>
    public static FactDate NotInFuture(string field, DateOnly day) => new(field, day, FactDateRule.NotInFuture);

    /// <summary>A year of the cadre's service: from the year the cadre joined to this year.</summary>
    public static FactDate YearWhileCadre(string field, int year) => new(field, new DateOnly(year, 1, 1), FactDateRule.YearWhileCadre);

    /// <summary>The problem with this date for a cadre who joined on <paramref name="joinedOn"/>, today; null when there is none.</summary>
    public Problem? Check(DateOnly joinedOn, DateOnly today) => Rule switch
    {
        FactDateRule.YearWhileCadre => Day.Year > today.Year || Day.Year < joinedOn.Year
            ? Problem.Invalid(Field, Msg("YearWhileCadre", Field, joinedOn.Year, today.Year))
            : null,
        _ when Day > today => Problem.InFuture(Field),
        FactDateRule.WhileCadre when Day < joinedOn =>
            Problem.Invalid(Field, Msg("BeforeJoined", Field, joinedOn)),
        _ => null,
    };

    /// <summary>
    /// The problem with this date for <paramref name="cadre"/>, today: the checks of <see cref="Check(DateOnly, DateOnly)"/>, then,
    /// unless the fact is one that may follow a departure, 409 when the cadre had left the system by then (a day after a
    /// departure and before any return; for a year, a year with no day of membership). A date on or before the departure
    /// is accepted: a late report of something done while a member.
    /// </summary>
    public Problem? Check(ICadreState cadre, DateOnly today, bool allowedAfterDeparture = false)
    {
        if (Check(cadre.JoinedOn, today) is { } problem) return problem;
        if (allowedAfterDeparture || cadre.Departures.Count == 0) return null;
        if (Rule == FactDateRule.YearWhileCadre)
            return Membership.MemberIn(cadre.JoinedOn, cadre.Departures, Day.Year) ? null
                : Membership.LeftTheSystem(cadre.StaffNo, cadre.Departures.Last(d => d.LeftOn.Year < Day.Year), Field, Day);
        return cadre.AwayOn(Day) is { } departure ? Membership.LeftTheSystem(cadre.StaffNo, departure, Field, Day) : null;
    }

    /// <summary>The first problem among <paramref name="dates"/>, in their order; null when they all hold.</summary>
    public static Problem? CheckAll(IEnumerable<FactDate> dates, DateOnly joinedOn, DateOnly today)
    {
        foreach (var date in dates)
            if (date.Check(joinedOn, today) is { } problem) return problem;
        return null;
    }

    /// <summary>The first problem among <paramref name="dates"/> for <paramref name="cadre"/>, in their order; null when they all hold.</summary>
    public static Problem? CheckAll(IEnumerable<FactDate> dates, ICadreState cadre, DateOnly today, bool allowedAfterDeparture = false)
    {
        foreach (var date in dates)
            if (date.Check(cadre, today, allowedAfterDeparture) is { } problem) return problem;
        return null;
    }
}

/// <summary>
/// A fact a slice records about one cadre, before the cadre's state is known: its business dates, which every slice has
/// checked the same way, and the slice's own rule, pure, on the state it decides on. The appender
/// (<see cref="CadreFactAppender"/>) locks the cadre's stream, reads that state and calls <see cref="Decide"/>.
/// </summary>
/// <typeparam name="TState">What the rule decides on: the <see cref="CadreRecord"/>, or a module's own fold of the cadre's stream.</typeparam>
public sealed record CadreFact<TState>(IReadOnlyList<FactDate> Dates, Func<TState, Decision> Rule) where TState : ICadreState
{
    /// <summary>A fact without business dates (a correction of an earlier fact).</summary>
    public CadreFact(Func<TState, Decision> rule) : this([], rule)
    {
    }

    /// <summary>
    /// Whether the fact may be dated after the cadre left the system: a return, and what concerns a cadre who left (care
    /// flags, holiday visits to retired cadres). Any other fact dated after a departure is refused with 409.
    /// </summary>
    public bool AllowedAfterDeparture { get; init; }

    /// <summary>This fact, allowed after the cadre left the system (<see cref="AllowedAfterDeparture"/>).</summary>
    public CadreFact<TState> AfterDeparture() => this with { AllowedAfterDeparture = true };

    /// <summary>The dates checked against the cadre's time and membership, then the slice's rule: the events to append, or the problem.</summary>
    public Decision Decide(TState cadre, DateOnly today) => FactDate.CheckAll(Dates, cadre, today, AllowedAfterDeparture) ?? Rule(cadre);
}
