using CapabilityOps.Organization.Contracts;
using CapabilityOps.Talent.Contracts.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CapabilityOps.Talent.Pools;

/// <summary>A post category's talent pool (TAL-2), from its own stream (<c>talent-pool:{post}</c>): entries and exits.</summary>
public sealed class TalentPool
{
    public static string StreamKey(PostCategory post) => "talent-pool:" + post;

    /// <summary>The stream key, <c>talent-pool:{post}</c>.</summary>
    public string Id { get; set; } = "";
    public PostCategory Post { get; set; }

    /// <summary>Every membership, oldest first; a cadre who left and came back has two.</summary>
    public List<PoolMembership> Memberships { get; set; } = [];

    /// <summary>The cadre's membership still open, if any.</summary>
    public PoolMembership? OpenMembershipOf(string staffNo) => Memberships.LastOrDefault(m => m.StaffNo == staffNo && m.ExitedOn is null);

    /// <summary>The members on <paramref name="day"/>: entered on or before it, not exited by then.</summary>
    public IEnumerable<PoolMembership> MembersOn(DateOnly day) =>
        Memberships.Where(m => m.Since <= day && (m.ExitedOn is null || m.ExitedOn > day));
}

/// <summary>One spell of a cadre in a pool.</summary>
/// <param name="ExitedOn">The day the cadre left the pool (no longer a member that day); null while a member.</param>
public sealed record PoolMembership(string StaffNo, DateOnly Since, string Reason, DateOnly? ExitedOn = null, string? ExitReason = null);

/// <summary>Inline: entries and exits are decided on this record under the pool stream's lock.</summary>
public sealed partial class TalentPoolProjection : SingleStreamProjection<TalentPool, string>
{
    public TalentPoolProjection()
    {
        IncludeType<TalentPoolEntered>();
        IncludeType<TalentPoolExited>();
    }

    public override TalentPool? Evolve(TalentPool? snapshot, string id, IEvent e) => Apply(snapshot, id, e.Data);

    public static TalentPool? Apply(TalentPool? snapshot, string id, object data)
    {
        switch (data)
        {
            case TalentPoolEntered entered:
                snapshot ??= new TalentPool { Id = id, Post = entered.Post };
                snapshot.Memberships.Add(new PoolMembership(entered.StaffNo, entered.Since, entered.Reason));
                return snapshot;
            case TalentPoolExited exited when snapshot?.OpenMembershipOf(exited.StaffNo) is { } open:
                snapshot.Memberships[snapshot.Memberships.LastIndexOf(open)] = open with { ExitedOn = exited.On, ExitReason = exited.Reason };
                return snapshot;
            default:
                return snapshot;
        }
    }
}
