namespace CapabilityOps.Talent.Contracts.Events;

/// <summary>A title or commendation was conferred on a cadre (TRN-7 designations, CARE-4 commendations, APR-3).</summary>
/// <param name="Post">The post a post-expert or business-pacesetter title names (TRN-7); null for other titles and titles recorded without one.</param>
public sealed record TitleConferred(string StaffNo, TitleKind Kind, TitleLevel Level, string Title, DateOnly ConferredOn,
    Organization.Contracts.PostCategory? Post = null);

/// <summary>What kind of title.</summary>
public enum TitleKind
{
    /// <summary>岗位能手 — post expert (TRN-7).</summary>
    PostExpert,
    /// <summary>业务标兵 — business pacesetter (TRN-7).</summary>
    BusinessPacesetter,
    /// <summary>优秀公务员 — excellent civil servant.</summary>
    ExcellentCivilServant,
    /// <summary>优秀共产党员 — excellent party member.</summary>
    ExcellentPartyMember,
    /// <summary>先进个人 — advanced individual (a commendation, CARE-4).</summary>
    AdvancedIndividual,
    /// <summary>Any other commendation.</summary>
    OtherCommendation,
}

/// <summary>Who conferred it. Provincial and municipal (and national) titles weigh in the appraisal (APR-3).</summary>
public enum TitleLevel
{
    National,
    Provincial,
    Municipal,
    County,
    Bureau,
}
