using System.Globalization;
using System.Text.Json.Serialization;
using CapabilityOps.Learning.Contracts.Events;

namespace CapabilityOps.Learning.Contracts;

/// <summary>
/// One study-hours record as projected (inline) from <c>StudyHoursLogged</c> or a session credit
/// (<c>LearningSessionAttended</c> with hours). Its unique <see cref="DuplicateKey"/> is what makes a duplicate a 409
/// even under concurrent requests. Whether it was revoked is a <see cref="StudyHoursRevocation"/> of the same id,
/// not a field of the entry: the projection only ever inserts, so a rebuild writes entries by COPY.
/// </summary>
public sealed class StudyHoursEntry
{
    /// <summary>
    /// The record id, under the event's name (<c>recordId</c>): a logged record's entry has the same JSON as its
    /// <c>StudyHoursLogged</c> event, so writers store the event's JSON and a rebuild copies it in SQL.
    /// </summary>
    [JsonPropertyName("recordId")]
    public Guid Id { get; set; }
    public string StaffNo { get; set; } = "";
    public decimal Hours { get; set; }
    public DateOnly StudiedOn { get; set; }
    public StudyChannel Channel { get; set; }
    public string Source { get; set; } = "";
    public string? Topic { get; set; }
    public string? ExternalId { get; set; }

    /// <summary>Unique over all records; null when the record has no natural key.</summary>
    public string? DuplicateKey { get; set; }

    /// <summary>Staff number and day, for the at-most-24-hours-a-day check: a column (duplicated field), not in the JSON.</summary>
    [JsonIgnore]
    public string DayKey => DayKeyOf(StaffNo, StudiedOn);

    public static string DayKeyOf(string staffNo, DateOnly day) => $"{staffNo}|{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>The session whose attendance credited the hours, if that is where they come from (omitted otherwise, as in the event).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? SessionId { get; set; }

    /// <summary>Entries written before the id took the event's name stored it as <c>id</c>; read so they need no rebuild, never written.</summary>
    [JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Guid LegacyId
    {
        get => default;
        set { if (Id == Guid.Empty) Id = value; }
    }

    /// <summary>
    /// Written only by versions before <see cref="StudyHoursRevocation"/> existed, which patched the entry; read so that an
    /// upgraded database honours its old revocations without a projection rebuild. Never written now (omitted when false).
    /// </summary>
    [JsonPropertyName("revoked"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool LegacyRevoked { get; set; }

    /// <summary>The reason beside <see cref="LegacyRevoked"/>; never written now.</summary>
    [JsonPropertyName("revokedReason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public string? LegacyRevokedReason { get; set; }

    /// <summary>Whether the record is revoked, and why: by its <paramref name="revocation"/>, or by the flag an older version stored.</summary>
    public (bool Revoked, string? Reason) RevokedBy(StudyHoursRevocation? revocation) =>
        revocation is not null ? (true, revocation.Reason) : (LegacyRevoked, LegacyRevokedReason);
}

/// <summary>
/// The revocation of a study-hours record, projected (inline) from <c>StudyHoursRevoked</c>: a document of its own, with
/// the record's id, rather than a patch of the <see cref="StudyHoursEntry"/>, so the projection only inserts.
/// </summary>
public sealed class StudyHoursRevocation
{
    /// <summary>The revoked record's id (the <see cref="StudyHoursEntry"/>'s).</summary>
    public Guid Id { get; set; }

    /// <summary>The cadre, duplicated as a column so a cadre's revocations are read together with the entries.</summary>
    public string StaffNo { get; set; } = "";
    public string Reason { get; set; } = "";
}

/// <summary>
/// A cadre's learning, per calendar year, as folded from the cadre stream <c>cadre:{staffNo}</c> when a view is read.
/// Holds facts only; targets are applied when a <see cref="CadreLearningYear"/> view is made.
/// </summary>
public sealed class CadreLearning
{
    /// <summary>The stream key, <c>cadre:{staffNo}</c>.</summary>
    public string Id { get; set; } = "";
    public string StaffNo { get; set; } = "";

    /// <summary>When the cadre joined (from <c>CadreRegistered</c>), for pro-rating the annual target.</summary>
    public DateOnly? JoinedOn { get; set; }

    /// <summary>Each time the cadre left the system, with the return if any: with <see cref="JoinedOn"/>, the cadre's membership.</summary>
    public List<Organization.Contracts.Departure> Departures { get; set; } = [];

    /// <summary>Totals per calendar year of the business date (studiedOn, heldOn).</summary>
    public Dictionary<int, LearningYearTotals> Years { get; set; } = [];
}

/// <summary>One cadre's learning in one calendar year.</summary>
public sealed class LearningYearTotals
{
    /// <summary>Study hours that count (LRN-1): logged, imported and credited by sessions, less revoked ones.</summary>
    public decimal Hours { get; set; }
    public decimal OnlineHours { get; set; }
    public decimal OfflineHours { get; set; }
    public Dictionary<string, decimal> HoursBySource { get; set; } = [];

    /// <summary>Study-hours records made (session credits included), revoked ones included.</summary>
    public int Records { get; set; }
    public int RevokedRecords { get; set; }
    public decimal RevokedHours { get; set; }
    public List<Guid> RevokedRecordIds { get; set; } = [];

    /// <summary>Sessions attended, each once.</summary>
    public List<Guid> AttendedSessionIds { get; set; } = [];
    public Dictionary<LearningSessionKind, int> SessionsAttended { get; set; } = [];
    public List<Guid> CompetitionIds { get; set; } = [];

    /// <summary>Credits of other modules' facts counted (<see cref="IStudyHoursCredit"/>), each once.</summary>
    public HashSet<Guid> CreditIds { get; set; } = [];
}

/// <summary>A learning session as projected (inline) from its stream (<c>learning-session:{id}</c>).</summary>
public sealed class LearningSessionRecord
{
    /// <summary>The stream key.</summary>
    public string Id { get; set; } = "";
    public Guid SessionId { get; set; }
    public string UnitCode { get; set; } = "";
    public LearningSessionKind Kind { get; set; }
    public DateOnly HeldOn { get; set; }
    public string Topic { get; set; } = "";
    public decimal? StudyHours { get; set; }
    public LearningCornerFormat? Format { get; set; }
    public Festival? Festival { get; set; }
    public bool EcologicalTopic { get; set; }

    /// <summary>Staff numbers of the attendees, each once, in the order recorded.</summary>
    public List<string> Attendees { get; set; } = [];
}

/// <summary>A contest or competition as projected (inline) from its stream (<c>competition:{id}</c>).</summary>
public sealed class CompetitionRecord
{
    public string Id { get; set; } = "";
    public Guid CompetitionId { get; set; }
    public string UnitCode { get; set; } = "";
    public CompetitionKind Kind { get; set; }
    public DateOnly HeldOn { get; set; }
    public string Topic { get; set; } = "";

    /// <summary>Each participant once, with the latest result recorded.</summary>
    public List<CompetitionResult> Participants { get; set; } = [];
}

/// <summary>An interest group as projected (inline) from its stream (<c>interest-group:{id}</c>).</summary>
public sealed class InterestGroupRecord
{
    public string Id { get; set; } = "";
    public Guid GroupId { get; set; }
    public string UnitCode { get; set; } = "";
    public string Name { get; set; } = "";
    public InterestGroupKind Kind { get; set; }
    public DateOnly FormedOn { get; set; }

    /// <summary>Every membership, past ones included (with the day they left).</summary>
    public List<InterestGroupMembership> Members { get; set; } = [];

    public bool IsMember(string staffNo) => Members.Any(m => m.StaffNo == staffNo && m.LeftOn is null);
}

/// <summary>A cadre's membership of an interest group.</summary>
public sealed record InterestGroupMembership(string StaffNo, DateOnly JoinedOn, DateOnly? LeftOn);
