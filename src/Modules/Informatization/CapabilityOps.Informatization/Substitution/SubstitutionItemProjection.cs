using CapabilityOps.Informatization.Contracts.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CapabilityOps.Informatization.Substitution;

/// <summary>An item of the secure-and-controllable substitution inventory (安可替代) with its progress.</summary>
public sealed class SubstitutionItemRecord
{
    /// <summary>The stream key, <c>substitution-item:{itemNo}</c>.</summary>
    public string Id { get; set; } = "";
    public string ItemNo { get; set; } = "";
    public string UnitCode { get; set; } = "";
    public string Category { get; set; } = "";
    public string CurrentProduct { get; set; } = "";
    public string TargetProduct { get; set; } = "";
    public DateOnly DueOn { get; set; }
    public SubstitutionStatus Status { get; set; }

    /// <summary>Each step reached, in order.</summary>
    public List<ProgressStep> Progress { get; set; } = [];
}

/// <summary>A status reached on a day.</summary>
/// <param name="Status">The status reached.</param>
/// <param name="On">The day it was reached.</param>
public sealed record ProgressStep(SubstitutionStatus Status, DateOnly On);

public sealed partial class SubstitutionItemProjection : SingleStreamProjection<SubstitutionItemRecord, string>
{
    public SubstitutionItemProjection()
    {
        IncludeType<SubstitutionItemListed>();
        IncludeType<SubstitutionProgressed>();
    }

    public override SubstitutionItemRecord? Evolve(SubstitutionItemRecord? snapshot, string id, IEvent e) => Apply(snapshot, id, e.Data);

    public static SubstitutionItemRecord? Apply(SubstitutionItemRecord? snapshot, string id, object data)
    {
        switch (data)
        {
            case SubstitutionItemListed l:
                return new SubstitutionItemRecord
                {
                    Id = id, ItemNo = l.ItemNo, UnitCode = l.UnitCode, Category = l.Category, CurrentProduct = l.CurrentProduct,
                    TargetProduct = l.TargetProduct, DueOn = l.DueOn, Status = SubstitutionStatus.Planned,
                };
            case SubstitutionProgressed p when snapshot is not null:
                snapshot.Status = p.Status;
                snapshot.Progress.Add(new ProgressStep(p.Status, p.On));
                return snapshot;
            default:
                return snapshot;
        }
    }
}
