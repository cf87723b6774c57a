using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CapabilityOps.Learning.Competitions;

/// <summary>A competition's record, inline; each participant once, with the latest result recorded.</summary>
public sealed partial class CompetitionProjection : SingleStreamProjection<CompetitionRecord, string>
{
    public CompetitionProjection()
    {
        IncludeType<CompetitionHeld>();
        IncludeType<CompetitionParticipantsRecorded>();
    }

    public override CompetitionRecord? Evolve(CompetitionRecord? snapshot, string id, IEvent e) => Apply(snapshot, id, e.Data);

    public static CompetitionRecord? Apply(CompetitionRecord? snapshot, string id, object data)
    {
        switch (data)
        {
            case CompetitionHeld h:
                return new CompetitionRecord { Id = id, CompetitionId = h.CompetitionId, UnitCode = h.UnitCode, Kind = h.Kind, HeldOn = h.HeldOn, Topic = h.Topic };
            case CompetitionParticipantsRecorded p when snapshot is not null:
                foreach (var result in p.Participants)
                {
                    var index = snapshot.Participants.FindIndex(x => x.StaffNo == result.StaffNo);
                    if (index < 0) snapshot.Participants.Add(result);
                    else snapshot.Participants[index] = result;
                }
                return snapshot;
            default:
                return snapshot;
        }
    }
}
