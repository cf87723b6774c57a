namespace CapabilityOps.Organization.Contracts;

/// <summary>A unit as projected from its stream (<c>unit:{code}</c>); other modules read it.</summary>
public sealed class UnitRecord
{
    /// <summary>The stream key, <c>unit:{code}</c>.</summary>
    public string Id { get; set; } = "";
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public UnitKind Kind { get; set; }
    public string? ParentCode { get; set; }

    /// <summary>Codes from the root down to this unit itself; a unit's subtree is every unit whose path holds its code.</summary>
    public List<string> Path { get; set; } = [];
}

/// <summary>
/// A cadre's organisational record as projected from the cadre stream (<c>cadre:{staffNo}</c>).
/// Keeps the dated history of units and ranks, so any module can ask where a cadre was on a day.
/// </summary>
public sealed class CadreRecord : ICadreState
{
    /// <summary>The stream key, <c>cadre:{staffNo}</c>.</summary>
    public string Id { get; set; } = "";
    public string StaffNo { get; set; } = "";
    public string Name { get; set; } = "";
    public DateOnly BirthDate { get; set; }
    public PostCategory PostCategory { get; set; }
    public bool PartyMember { get; set; }
    public DateOnly JoinedOn { get; set; }

    /// <summary>Units held, ordered by the date each began.</summary>
    public List<Dated<string>> Units { get; set; } = [];

    /// <summary>Every unit the cadre has belonged to, so a unit's views can find its cadres of any year with one query.</summary>
    public List<string> UnitsHeld { get; set; } = [];

    /// <summary>Ranks held, ordered by the date each began.</summary>
    public List<Dated<Rank>> Ranks { get; set; } = [];

    /// <summary>Education levels, ordered by award date; the first is the level held on joining.</summary>
    public List<Dated<EducationLevel>> Educations { get; set; } = [];

    /// <summary>Each time the cadre left the system, oldest first, with the return if any: membership (<see cref="Membership"/>).</summary>
    public List<Departure> Departures { get; set; } = [];

    IReadOnlyList<Departure> ICadreState.Departures => Departures;

    /// <summary>The flags the care rules use, as they stand by the latest set (<c>PUT …/care-flags</c>); <c>retired</c> is also set by a Retired departure.</summary>
    public CareFlags CareFlags { get; set; } = new();

    /// <summary>The care flags as set, each set from its effective date, ordered by it (the flags on a day: <see cref="CareFlagsOn"/>).</summary>
    public List<Dated<CareFlags>> CareFlagHistory { get; set; } = [];

    public CadreRecord Clone() => new()
    {
        Id = Id, StaffNo = StaffNo, Name = Name, BirthDate = BirthDate, PostCategory = PostCategory, PartyMember = PartyMember,
        JoinedOn = JoinedOn, Units = [.. Units], UnitsHeld = [.. UnitsHeld], Ranks = [.. Ranks], Educations = [.. Educations],
        Departures = [.. Departures], CareFlags = CareFlags with { }, CareFlagHistory = [.. CareFlagHistory],
    };

    /// <summary>
    /// The care flags on <paramref name="day"/>: the set in force that day (none before the first), with <c>retired</c> from the
    /// day after a Retired departure.
    /// </summary>
    public CareFlags CareFlagsOn(DateOnly day)
    {
        var set = CareFlagHistory.LastOrDefault(f => f.From <= day)?.Value ?? new CareFlags();
        return set with { Retired = set.Retired || Departures.Any(d => d.Kind == DepartureKind.Retired && d.LeftOn < day) };
    }

    public string UnitCode => Units[^1].Value;

    public Rank Rank => Ranks[^1].Value;

    public EducationLevel Education => Educations.Max(e => e.Value);

    /// <summary>
    /// The unit held on <paramref name="day"/> (the first unit for days before joining). After a departure it is the unit left:
    /// whether the cadre counts anywhere that day is membership's question (<see cref="CadreMembership.IsMemberOn"/>).
    /// </summary>
    public string UnitOn(DateOnly day) => Dated<string>.At(Units, day);

    /// <summary>The rank held on <paramref name="day"/> (the first rank for days before joining).</summary>
    public Rank RankOn(DateOnly day) => Dated<Rank>.At(Ranks, day);

    public EducationLevel EducationOn(DateOnly day) =>
        Educations.Where(e => e.From <= day).Select(e => e.Value).DefaultIfEmpty(Educations[0].Value).Max();
}

/// <summary>The flags the care rules use (CARE-2: holiday visits to retired cadres, veterans, cadres in hardship, village-stationed cadres, talents).</summary>
public sealed record CareFlags
{
    public bool Retired { get; set; }
    public bool Veteran { get; set; }
    public bool Hardship { get; set; }
    public bool VillageStationed { get; set; }
    public bool Talent { get; set; }

    /// <summary>Whether any flag is set: the cadre is due a holiday visit.</summary>
    public bool Any => Retired || Veteran || Hardship || VillageStationed || Talent;
}

/// <summary>A value that holds from a business date on.</summary>
public sealed record Dated<T>(T Value, DateOnly From)
{
    /// <summary>The value in force on <paramref name="day"/> in a list ordered by <see cref="From"/>; the first value before it began.</summary>
    public static T At(IReadOnlyList<Dated<T>> history, DateOnly day)
    {
        for (var i = history.Count - 1; i >= 0; i--)
            if (history[i].From <= day) return history[i].Value;
        return history[0].Value;
    }

    /// <summary>Insert keeping the list ordered by date; a later record for the same date comes after.</summary>
    public static void Insert(List<Dated<T>> history, Dated<T> item)
    {
        var index = history.FindLastIndex(h => h.From <= item.From);
        history.Insert(index + 1, item);
    }
}
