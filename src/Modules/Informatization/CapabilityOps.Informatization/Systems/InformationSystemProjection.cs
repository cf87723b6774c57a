using CapabilityOps.Informatization.Contracts.Events;
using CapabilityOps.Informatization.Outages;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CapabilityOps.Informatization.Systems;

/// <summary>An information system with its outages (a system has a few a year, so they are kept in its record).</summary>
public sealed class InformationSystemRecord
{
    /// <summary>The stream key, <c>information-system:{code}</c>.</summary>
    public string Id { get; set; } = "";
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public SystemKind Kind { get; set; }
    public string UnitCode { get; set; } = "";
    public List<OutageEntry> Outages { get; set; } = [];
}

/// <summary>Inline: a system is readable, and its outages count, the moment they are acknowledged.</summary>
public sealed partial class InformationSystemProjection : SingleStreamProjection<InformationSystemRecord, string>
{
    public InformationSystemProjection()
    {
        IncludeType<InformationSystemRegistered>();
        IncludeType<SystemOutageRecorded>();
    }

    public override InformationSystemRecord? Evolve(InformationSystemRecord? snapshot, string id, IEvent e) => Apply(snapshot, id, e.Data, e.Timestamp);

    public static InformationSystemRecord? Apply(InformationSystemRecord? snapshot, string id, object data, DateTimeOffset recordedAt)
    {
        switch (data)
        {
            case InformationSystemRegistered r:
                return new InformationSystemRecord { Id = id, Code = r.Code, Name = r.Name, Kind = r.Kind, UnitCode = r.UnitCode };
            case SystemOutageRecorded o when snapshot is not null:
                snapshot.Outages.Add(new OutageEntry { Id = o.OutageId, From = o.From, To = o.To, Cause = o.Cause, Impact = o.Impact, RecordedAt = recordedAt });
                return snapshot;
            default:
                return snapshot;
        }
    }
}
