namespace CapabilityOps.Informatization.Contracts.Events;

/// <summary>An information system the bureau operates was registered, owned by a unit (INF-2).</summary>
public sealed record InformationSystemRegistered(string Code, string Name, SystemKind Kind, string UnitCode);

/// <summary>An outage of an information system: from, to (instants), its cause and its impact (INF-2).</summary>
public sealed record SystemOutageRecorded(Guid OutageId, string SystemCode, DateTimeOffset From, DateTimeOffset To, string Cause, string Impact);

/// <summary>A monitoring station was registered, owned by a unit (INF-3).</summary>
public sealed record MonitoringStationRegistered(string Code, string Name, StationKind Kind, string UnitCode);

/// <summary>An outage of a monitoring station (INF-3).</summary>
public sealed record StationOutageRecorded(Guid OutageId, string StationCode, DateTimeOffset From, DateTimeOffset To, string Cause, string Impact);

/// <summary>
/// A station's data capture of one China day: readings expected and received (INF-3). A later report of the same day replaces
/// the figures in every rate; the earlier report stays in the station's stream.
/// </summary>
/// <param name="UnitCode">The station's unit, carried so the month's tally needs no other read.</param>
public sealed record DataCaptureReported(string StationCode, string UnitCode, DateOnly Day, int Expected, int Received);

/// <summary>A milestone of the province–city–county informatization was set, with its due date (INF-1).</summary>
public sealed record InformatizationMilestoneSet(string Code, string Title, MilestoneLevel Level, DateOnly DueOn);

/// <summary>A milestone was completed on a day (INF-1).</summary>
public sealed record InformatizationMilestoneCompleted(string Code, DateOnly CompletedOn);

/// <summary>An IT item to be replaced by a domestic product was put on the secure-and-controllable inventory (安可替代, INF-4).</summary>
public sealed record SubstitutionItemListed(
    string ItemNo, string UnitCode, string Category, string CurrentProduct, string TargetProduct, DateOnly DueOn);

/// <summary>A substitution item moved forward to a status on a day (INF-4).</summary>
public sealed record SubstitutionProgressed(string ItemNo, SubstitutionStatus Status, DateOnly On);

/// <summary>What an information system is (INF-2).</summary>
public enum SystemKind
{
    /// <summary>统一的数据中心 — the unified data centre.</summary>
    DataCentre,
    /// <summary>视频会议系统 — the video-conference system.</summary>
    VideoConference,
    /// <summary>电子政务综合共享平台 — the e-government sharing platform.</summary>
    EGovernmentPlatform,
    /// <summary>一体化办公网络 — the integrated office network.</summary>
    OfficeNetwork,
    /// <summary>动态污染源数据管理平台 — the dynamic pollution-source data platform.</summary>
    PollutionSourcePlatform,
    Other,
}

/// <summary>What a monitoring station is (INF-3).</summary>
public enum StationKind
{
    /// <summary>污染源在线监控点 — a pollution-source online monitoring point.</summary>
    PollutionSourceOnline,
    /// <summary>空气自动站 — an air automatic station.</summary>
    AirAutomatic,
    /// <summary>水质自动站 — a water-quality automatic station.</summary>
    WaterAutomatic,
}

/// <summary>The level of the three-level integration a milestone belongs to (INF-1).</summary>
public enum MilestoneLevel
{
    Provincial,
    Municipal,
    County,
}

/// <summary>Where a substitution item stands (INF-4); it moves forward only.</summary>
public enum SubstitutionStatus
{
    Planned,
    InProgress,
    Replaced,
    Verified,
}
