namespace CapabilityOps.Talent.Contracts.Events;

/// <summary>A heart-to-heart talk (谈心谈话, CARE-1) was held with a cadre: the day and who held it, never what was said.</summary>
public sealed record HeartToHeartTalkHeld(string StaffNo, DateOnly HeldOn, string By);

/// <summary>A cadre had a health check (CARE-3): the day only. Results are sensitive personal data (PIPL) and are never recorded.</summary>
public sealed record HealthCheckRecorded(string StaffNo, DateOnly CheckedOn);

/// <summary>A cadre with a care flag was visited at a festival (CARE-2); a retired cadre may be visited after leaving.</summary>
public sealed record HolidayVisitPaid(string StaffNo, CareFestival Festival, int Year, DateOnly VisitedOn, string By);

/// <summary>The festivals of the union's visits (CARE-2).</summary>
public enum CareFestival
{
    /// <summary>春节 — Spring Festival (first day of the first lunar month).</summary>
    SpringFestival,
    /// <summary>八一 — Army Day, 1 August.</summary>
    ArmyDay,
    /// <summary>重阳 — the Double Ninth festival (ninth day of the ninth lunar month).</summary>
    DoubleNinth,
}

/// <summary>A collective commendation (先进集体, CARE-4) conferred on a unit.</summary>
public sealed record CollectiveCommendationConferred(Guid Id, string UnitCode, TitleLevel Level, string Title, DateOnly ConferredOn);

/// <summary>A unit or cadre was recommended upward for a commendation (CARE-4), with its outcome once known.</summary>
public sealed record CommendationRecommended(Guid Id, string UnitCode, string? StaffNo, TitleLevel Level, string Title, DateOnly RecommendedOn,
    RecommendationOutcome Outcome);

/// <summary>What became of a recommendation upward.</summary>
public enum RecommendationOutcome
{
    Pending,
    Conferred,
    NotConferred,
}
