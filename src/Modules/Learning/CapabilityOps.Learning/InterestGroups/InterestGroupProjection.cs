using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CapabilityOps.Learning.InterestGroups;

/// <summary>An interest group's record with every membership, inline.</summary>
public sealed partial class InterestGroupProjection : SingleStreamProjection<InterestGroupRecord, string>
{
    public InterestGroupProjection()
    {
        IncludeType<InterestGroupFormed>();
        IncludeType<InterestGroupMembersJoined>();
        IncludeType<InterestGroupMemberLeft>();
    }

    public override InterestGroupRecord? Evolve(InterestGroupRecord? snapshot, string id, IEvent e) => Apply(snapshot, id, e.Data);

    public static InterestGroupRecord? Apply(InterestGroupRecord? snapshot, string id, object data)
    {
        switch (data)
        {
            case InterestGroupFormed f:
                return new InterestGroupRecord { Id = id, GroupId = f.GroupId, UnitCode = f.UnitCode, Name = f.Name, Kind = f.Kind, FormedOn = f.FormedOn };
            case InterestGroupMembersJoined j when snapshot is not null:
                foreach (var staffNo in j.StaffNos.Where(s => !snapshot.IsMember(s))) snapshot.Members.Add(new(staffNo, j.JoinedOn, null));
                return snapshot;
            case InterestGroupMemberLeft l when snapshot is not null:
                var index = snapshot.Members.FindLastIndex(m => m.StaffNo == l.StaffNo && m.LeftOn is null);
                if (index >= 0) snapshot.Members[index] = snapshot.Members[index] with { LeftOn = l.LeftOn };
                return snapshot;
            default:
                return snapshot;
        }
    }
}
