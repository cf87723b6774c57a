namespace CapabilityOps.Equipment.Contracts;

/// <summary>What kind of asset (EQP-1).</summary>
public enum EquipmentKind
{
    /// <summary>执法车辆 — enforcement vehicle.</summary>
    EnforcementVehicle,
    /// <summary>无人机 — drone.</summary>
    Drone,
    /// <summary>移动执法终端 — mobile enforcement terminal.</summary>
    MobileEnforcementTerminal,
    /// <summary>监测仪器 — monitoring instrument.</summary>
    MonitoringInstrument,
    /// <summary>视频监控 — video monitoring.</summary>
    VideoMonitoring,
    /// <summary>应急装备 — emergency equipment.</summary>
    EmergencyEquipment,
    Other,
}

/// <summary>Whether an asset is in service.</summary>
public enum EquipmentStatus
{
    InService,
    Retired,
}

/// <summary>What was done to an asset: 维护保养 or 检定校准 (each has its own next due date).</summary>
public enum MaintenanceKind
{
    Maintenance,
    Calibration,
}

/// <summary>What an earmark is for (专项经费).</summary>
public enum EarmarkCategory
{
    /// <summary>培训项目 — training projects.</summary>
    Training,
    /// <summary>监测装备 — monitoring equipment.</summary>
    MonitoringEquipment,
    /// <summary>监察执法装备 — inspection equipment.</summary>
    InspectionEquipment,
    /// <summary>应急装备 — emergency equipment.</summary>
    EmergencyEquipment,
}
