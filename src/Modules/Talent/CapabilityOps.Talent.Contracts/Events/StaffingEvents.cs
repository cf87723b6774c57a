using CapabilityOps.Organization.Contracts;

namespace CapabilityOps.Talent.Contracts.Events;

/// <summary>A unit's staffing quota (编制) from <see cref="EffectiveOn"/> (TAL-1); in the unit's stream.</summary>
public sealed record StaffingQuotaSet(string UnitCode, int Quota, DateOnly EffectiveOn);

/// <summary>A recruitment campaign opened posts in a unit (TAL-1); the first event of the campaign's stream.</summary>
public sealed record RecruitmentCampaignOpened(Guid CampaignId, RecruitmentKind Kind, string UnitCode, int Posts, DateOnly OpensOn);

/// <summary>A registered cadre was hired by a campaign, with the degree and background (TAL-1).</summary>
public sealed record RecruitmentHireRecorded(Guid CampaignId, string StaffNo, EducationLevel Degree, string Background);

/// <summary>How a campaign recruits.</summary>
public enum RecruitmentKind
{
    /// <summary>公开招聘 — open recruitment.</summary>
    OpenRecruitment,
    /// <summary>选调 — transfer selection.</summary>
    Transfer,
    /// <summary>引进 — talent introduction.</summary>
    TalentIntroduction,
    /// <summary>遴选 — selection from lower levels.</summary>
    Selection,
}

/// <summary>A cadre entered a post category's talent pool (TAL-2); in the pool's stream.</summary>
public sealed record TalentPoolEntered(PostCategory Post, string StaffNo, DateOnly Since, string Reason);

/// <summary>A cadre left a post category's talent pool (TAL-2), with the reason; in the pool's stream.</summary>
public sealed record TalentPoolExited(PostCategory Post, string StaffNo, DateOnly On, string Reason);

/// <summary>A mentoring pair began (TAL-3); the first event of the pair's stream.</summary>
public sealed record MentorshipStarted(Guid MentorshipId, string Mentor, string Mentee, DateOnly From);

/// <summary>A mentoring pair ended (TAL-3).</summary>
public sealed record MentorshipEnded(Guid MentorshipId, DateOnly On);

/// <summary>A cadre went on a placement (TAL-4): rotation, exchange, temporary post, shadowing or secondment.</summary>
public sealed record CadrePlaced(Guid PlacementId, string StaffNo, PlacementKind Kind, PlacementDirection Direction, string HostOrganisation,
    DateOnly From, DateOnly? To);

/// <summary>What kind of placement (TAL-4).</summary>
public enum PlacementKind
{
    /// <summary>轮岗 — rotation.</summary>
    Rotation,
    /// <summary>交流 — exchange.</summary>
    Exchange,
    /// <summary>挂职 — temporary post.</summary>
    TemporaryPost,
    /// <summary>跟班学习 — shadowing.</summary>
    Shadowing,
    /// <summary>借调 — secondment.</summary>
    Secondment,
}

/// <summary>Where a placement goes.</summary>
public enum PlacementDirection
{
    /// <summary>Up: ministry, provincial or municipal organs (部、省、市机关).</summary>
    Up,
    /// <summary>Down: the grassroots, hardship and remote areas (基层、艰苦边远地区).</summary>
    Down,
    /// <summary>Lateral: a unit at the same level.</summary>
    Lateral,
}
