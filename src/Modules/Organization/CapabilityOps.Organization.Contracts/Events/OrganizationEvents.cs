namespace CapabilityOps.Organization.Contracts.Events;

/// <summary>A unit joined the bureau's tree.</summary>
/// <remarks><see cref="Path"/> holds the codes from the root down to this unit; units do not move, so it never changes.</remarks>
public sealed record UnitRegistered(string Code, string Name, UnitKind Kind, string? ParentCode, IReadOnlyList<string> Path);

/// <summary>A cadre was registered in a unit.</summary>
public sealed record CadreRegistered(
    string StaffNo,
    string Name,
    string UnitCode,
    Rank Rank,
    DateOnly BirthDate,
    EducationLevel Education,
    PostCategory PostCategory,
    bool PartyMember,
    DateOnly JoinedOn);

/// <summary>A cadre moved to another unit from <see cref="EffectiveOn"/>.</summary>
public sealed record CadreTransferred(string StaffNo, string FromUnitCode, string ToUnitCode, DateOnly EffectiveOn);

/// <summary>A cadre's rank band changed from <see cref="EffectiveOn"/> (promotion or otherwise).</summary>
public sealed record CadreRankChanged(string StaffNo, Rank FromRank, Rank ToRank, DateOnly EffectiveOn);

/// <summary>A cadre was awarded an education level (a diploma or degree certificate).</summary>
public sealed record EducationAwarded(string StaffNo, EducationLevel Level, DateOnly AwardedOn);

/// <summary>
/// A cadre left the system (retirement, transfer out, resignation, dismissal, death); <see cref="EffectiveOn"/> is the last day
/// of membership. The cadre stays associated with <see cref="UnitCode"/>, the unit left.
/// </summary>
public sealed record CadreDeparted(string StaffNo, DepartureKind Kind, DateOnly EffectiveOn, string? Reason, string UnitCode);

/// <summary>A departed cadre came back (re-employment, transfer back) into <see cref="UnitCode"/>, a member again from <see cref="EffectiveOn"/>.</summary>
public sealed record CadreReturned(string StaffNo, DateOnly EffectiveOn, string UnitCode);

/// <summary>
/// A cadre's care flags (CARE-2) from <see cref="EffectiveOn"/>: the whole set, as it holds from that day. Allowed after a
/// departure (a retired cadre stays in the care of the unit left).
/// </summary>
public sealed record CareFlagsSet(string StaffNo, bool Retired, bool Veteran, bool Hardship, bool VillageStationed, bool Talent, DateOnly EffectiveOn);
