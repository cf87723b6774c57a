using CapabilityOps.Informatization.Contracts.Events;
using CapabilityOps.Informatization.Outages;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CapabilityOps.Informatization.Stations;

/// <summary>A monitoring station with its outages (a few a year: kept in its record; its daily data capture is not, see <c>CaptureMonth</c>).</summary>
public sealed class MonitoringStationRecord
{
    /// <summary>The stream key, <c>monitoring-station:{code}</c>.</summary>
    public string Id { get; set; } = "";
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public StationKind Kind { get; set; }
    public string UnitCode { get; set; } = "";
    public List<OutageEntry> Outages { get; set; } = [];
}

/// <summary>Inline: a station is readable, and its outages count, the moment they are acknowledged.</summary>
public sealed partial class MonitoringStationProjection : SingleStreamProjection<MonitoringStationRecord, string>
{
    public MonitoringStationProjection()
    {
        IncludeType<MonitoringStationRegistered>();
        IncludeType<StationOutageRecorded>();
    }

    public override MonitoringStationRecord? Evolve(MonitoringStationRecord? snapshot, string id, IEvent e) => Apply(snapshot, id, e.Data, e.Timestamp);

    public static MonitoringStationRecord? Apply(MonitoringStationRecord? snapshot, string id, object data, DateTimeOffset recordedAt)
    {
        switch (data)
        {
            case MonitoringStationRegistered r:
                return new MonitoringStationRecord { Id = id, Code = r.Code, Name = r.Name, Kind = r.Kind, UnitCode = r.UnitCode };
            case StationOutageRecorded o when snapshot is not null:
                snapshot.Outages.Add(new OutageEntry { Id = o.OutageId, From = o.From, To = o.To, Cause = o.Cause, Impact = o.Impact, RecordedAt = recordedAt });
                return snapshot;
            default:
                return snapshot;
        }
    }
}
