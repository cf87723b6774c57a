using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CapabilityOps.Organization.Units;

public sealed partial class UnitRecordProjection : SingleStreamProjection<UnitRecord, string>
{
    public UnitRecordProjection() => IncludeType<UnitRegistered>();

    public override UnitRecord? Evolve(UnitRecord? snapshot, string id, IEvent e) => e.Data switch
    {
        UnitRegistered r => new UnitRecord
        {
            Id = id, Code = r.Code, Name = r.Name, Kind = r.Kind, ParentCode = r.ParentCode, Path = [.. r.Path],
        },
        _ => snapshot,
    };
}
