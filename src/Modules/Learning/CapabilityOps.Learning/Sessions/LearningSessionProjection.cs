using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CapabilityOps.Learning.Sessions;

/// <summary>A session's record, inline: attendance decisions read it with optimistic concurrency on the session stream.</summary>
public sealed partial class LearningSessionProjection : SingleStreamProjection<LearningSessionRecord, string>
{
    public LearningSessionProjection()
    {
        IncludeType<LearningSessionRecorded>();
        IncludeType<LearningSessionAttendanceRecorded>();
    }

    public override LearningSessionRecord? Evolve(LearningSessionRecord? snapshot, string id, IEvent e) => Apply(snapshot, id, e.Data);

    public static LearningSessionRecord? Apply(LearningSessionRecord? snapshot, string id, object data)
    {
        switch (data)
        {
            case LearningSessionRecorded r:
                return new LearningSessionRecord
                {
                    Id = id, SessionId = r.SessionId, UnitCode = r.UnitCode, Kind = r.Kind, HeldOn = r.HeldOn, Topic = r.Topic,
                    StudyHours = r.StudyHours, Format = r.Format, Festival = r.Festival, EcologicalTopic = r.EcologicalTopic,
                };
            case LearningSessionAttendanceRecorded a when snapshot is not null:
                foreach (var staffNo in a.StaffNos.Where(s => !snapshot.Attendees.Contains(s))) snapshot.Attendees.Add(staffNo);
                return snapshot;
            default:
                return snapshot;
        }
    }
}
