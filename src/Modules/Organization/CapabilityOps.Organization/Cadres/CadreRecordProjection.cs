using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CapabilityOps.Organization.Cadres;

/// <summary>
/// The cadre's organisational record. Only organisation events touch it; other modules' events in the
/// same cadre stream are not fed to it. <see cref="CadreRecordFold"/> is the fold, shared with <c>?asOf=</c> reads.
/// </summary>
public sealed partial class CadreRecordProjection : SingleStreamProjection<CadreRecord, string>
{
    public CadreRecordProjection()
    {
        IncludeType<CadreRegistered>();
        IncludeType<CadreTransferred>();
        IncludeType<CadreRankChanged>();
        IncludeType<EducationAwarded>();
        IncludeType<CadreDeparted>();
        IncludeType<CadreReturned>();
        IncludeType<CareFlagsSet>();
    }

    public override CadreRecord? Evolve(CadreRecord? snapshot, string id, IEvent e) => CadreRecordFold.Apply(snapshot, id, e.Data);
}
