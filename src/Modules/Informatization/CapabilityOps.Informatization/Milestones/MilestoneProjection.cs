using CapabilityOps.Informatization.Contracts.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CapabilityOps.Informatization.Milestones;

/// <summary>A milestone of the three-level integration.</summary>
public sealed class MilestoneRecord
{
    /// <summary>The stream key, <c>informatization-milestone:{code}</c>.</summary>
    public string Id { get; set; } = "";
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public MilestoneLevel Level { get; set; }
    public DateOnly DueOn { get; set; }
    public DateOnly? CompletedOn { get; set; }
}

public sealed partial class MilestoneProjection : SingleStreamProjection<MilestoneRecord, string>
{
    public MilestoneProjection()
    {
        IncludeType<InformatizationMilestoneSet>();
        IncludeType<InformatizationMilestoneCompleted>();
    }

    public override MilestoneRecord? Evolve(MilestoneRecord? snapshot, string id, IEvent e) => Apply(snapshot, id, e.Data);

    public static MilestoneRecord? Apply(MilestoneRecord? snapshot, string id, object data)
    {
        switch (data)
        {
            case InformatizationMilestoneSet s:
                return new MilestoneRecord { Id = id, Code = s.Code, Title = s.Title, Level = s.Level, DueOn = s.DueOn };
            case InformatizationMilestoneCompleted c when snapshot is not null:
                snapshot.CompletedOn = c.CompletedOn;
                return snapshot;
            default:
                return snapshot;
        }
    }
}
