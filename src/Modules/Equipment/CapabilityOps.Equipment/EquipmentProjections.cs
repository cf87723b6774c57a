using CapabilityOps.Equipment.Contracts;
using CapabilityOps.Equipment.Contracts.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CapabilityOps.Equipment;

// Inline: written in the transaction that records the fact, so the next writer's lock reads the stock, the remainder and the
// asset's state the previous one left, and the lists read documents rather than events. Each folds with its record's Apply.

/// <summary>The register's row of an asset.</summary>
public sealed partial class EquipmentProjection : SingleStreamProjection<EquipmentRecord, string>
{
    public EquipmentProjection()
    {
        IncludeType<EquipmentRegistered>();
        IncludeType<EquipmentTransferred>();
        IncludeType<EquipmentRetired>();
        IncludeType<EquipmentMaintained>();
        IncludeType<EquipmentReplaced>();
        IncludeType<EquipmentReplacing>();
    }

    public override EquipmentRecord? Evolve(EquipmentRecord? snapshot, string id, IEvent e) => EquipmentRecord.Apply(snapshot, id, e.Data);
}

/// <summary>A reserve item's stock and lots.</summary>
public sealed partial class ReserveItemProjection : SingleStreamProjection<ReserveItemRecord, string>
{
    public ReserveItemProjection()
    {
        IncludeType<ReserveItemRegistered>();
        IncludeType<ReserveReceived>();
        IncludeType<ReserveIssued>();
    }

    public override ReserveItemRecord? Evolve(ReserveItemRecord? snapshot, string id, IEvent e) => ReserveItemRecord.Apply(snapshot, id, e.Data);
}

/// <summary>An earmark's amount and spending.</summary>
public sealed partial class EarmarkProjection : SingleStreamProjection<EarmarkRecord, string>
{
    public EarmarkProjection()
    {
        IncludeType<EarmarkAllocated>();
        IncludeType<EarmarkSpent>();
    }

    public override EarmarkRecord? Evolve(EarmarkRecord? snapshot, string id, IEvent e) => EarmarkRecord.Apply(snapshot, id, e.Data);
}
