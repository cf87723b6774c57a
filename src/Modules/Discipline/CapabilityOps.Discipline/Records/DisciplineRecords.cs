using CapabilityOps.Discipline.Contracts.Events;

namespace CapabilityOps.Discipline.Records;

/// <summary>A code of conduct's version as projected (inline) from its stream (<c>code-of-conduct:{version}</c>).</summary>
public sealed class CodeOfConductRecord
{
    /// <summary>The stream key.</summary>
    public string Id { get; set; } = "";
    public string Version { get; set; } = "";
    public string Title { get; set; } = "";
    public DateOnly EffectiveOn { get; set; }
    public CodeAppliesTo AppliesTo { get; set; }
}

/// <summary>One cadre's acknowledgement of one version, projected (inline) from the cadre's stream.</summary>
public sealed class CodeAcknowledgementRecord
{
    /// <summary><c>{version}|{staffNo}</c>: a cadre acknowledges a version once.</summary>
    public string Id { get; set; } = "";
    public string Version { get; set; } = "";
    public string StaffNo { get; set; } = "";
    public DateOnly On { get; set; }

    public static string IdOf(string version, string staffNo) => version + "|" + staffNo;
}

/// <summary>A discipline session as projected (inline) from its stream, with the path of its unit for the subtree's indicator.</summary>
public sealed class DisciplineSessionRecord
{
    /// <summary>The stream key.</summary>
    public string Id { get; set; } = "";
    public Guid SessionId { get; set; }
    public string UnitCode { get; set; } = "";

    /// <summary>The unit's path from the root (units never move): a unit's subtree is every record whose path holds it.</summary>
    public List<string> UnitPath { get; set; } = [];
    public DisciplineSessionKind Kind { get; set; }
    public string Title { get; set; } = "";
    public DateOnly HeldOn { get; set; }
    public List<string> Attendees { get; set; } = [];
}

/// <summary>
/// That a sanction was imposed on a cadre, on a day: what the unit's DSC indicator counts, without reading the cadre's events.
/// No detail: the indicator needs only whose and when.
/// </summary>
public sealed class SanctionMark
{
    /// <summary>The sanction event's id.</summary>
    public Guid Id { get; set; }
    public string StaffNo { get; set; } = "";
    public DateOnly ImposedOn { get; set; }
}

/// <summary>One read of a cadre's confidential discipline details, projected (inline) from its own stream.</summary>
public sealed class ConfidentialReadRecord
{
    public Guid Id { get; set; }
    public string StaffNo { get; set; } = "";
    public string ReadBy { get; set; } = "";
    public string Role { get; set; } = "";
    public string? KeyUnitCode { get; set; }
    public DateTimeOffset ReadAt { get; set; }
}
