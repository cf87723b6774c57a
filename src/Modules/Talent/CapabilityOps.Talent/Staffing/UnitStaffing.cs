using CapabilityOps.Organization.Contracts;
using CapabilityOps.Talent.Contracts.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CapabilityOps.Talent.Staffing;

/// <summary>The stream of a unit's staffing (TAL-1): its quota, its recruitment campaigns and their hires.</summary>
public static class StaffingStreams
{
    public static string Of(string unitCode) => "staffing:" + unitCode;
}

/// <summary>
/// A unit's staffing, inline from its own stream (<c>staffing:{code}</c>): every quota, campaign and hire of the unit is decided
/// under that stream's lock, so two campaigns racing for the last vacancies cannot both open.
/// </summary>
public sealed class UnitStaffing
{
    /// <summary>The stream key, <c>staffing:{code}</c>.</summary>
    public string Id { get; set; } = "";
    public string UnitCode { get; set; } = "";

    /// <summary>The quota from each effective date, ordered by it.</summary>
    public List<Dated<int>> Quotas { get; set; } = [];

    public List<RecruitmentCampaign> Campaigns { get; set; } = [];

    /// <summary>The quota in force on <paramref name="day"/>; null before the first.</summary>
    public int? QuotaOn(DateOnly day) => Quotas.LastOrDefault(q => q.From <= day)?.Value;

    /// <summary>Posts opened by campaigns and not filled yet: they hold vacancies until hires fill them.</summary>
    public int UnfilledPosts => Campaigns.Sum(c => Math.Max(0, c.Posts - c.Hires.Count));
}

/// <summary>A recruitment campaign of the unit and its hires.</summary>
public sealed class RecruitmentCampaign
{
    public Guid Id { get; set; }
    public RecruitmentKind Kind { get; set; }
    public int Posts { get; set; }
    public DateOnly OpensOn { get; set; }
    public List<RecruitmentHire> Hires { get; set; } = [];
}

/// <summary>A hire: the registered cadre, the degree and the background.</summary>
public sealed record RecruitmentHire(string StaffNo, EducationLevel Degree, string Background);

public sealed partial class UnitStaffingProjection : SingleStreamProjection<UnitStaffing, string>
{
    public UnitStaffingProjection()
    {
        IncludeType<StaffingQuotaSet>();
        IncludeType<RecruitmentCampaignOpened>();
        IncludeType<RecruitmentHireRecorded>();
    }

    public override UnitStaffing? Evolve(UnitStaffing? snapshot, string id, IEvent e) => Apply(snapshot, id, e.Data);

    public static UnitStaffing Apply(UnitStaffing? snapshot, string id, object data)
    {
        var staffing = snapshot ?? new UnitStaffing { Id = id };
        switch (data)
        {
            case StaffingQuotaSet q:
                staffing.UnitCode = q.UnitCode;
                Dated<int>.Insert(staffing.Quotas, new(q.Quota, q.EffectiveOn));
                break;
            case RecruitmentCampaignOpened o:
                staffing.UnitCode = o.UnitCode;
                staffing.Campaigns.Add(new RecruitmentCampaign { Id = o.CampaignId, Kind = o.Kind, Posts = o.Posts, OpensOn = o.OpensOn });
                break;
            case RecruitmentHireRecorded h:
                staffing.Campaigns.Single(c => c.Id == h.CampaignId).Hires.Add(new RecruitmentHire(h.StaffNo, h.Degree, h.Background));
                break;
        }
        return staffing;
    }
}
