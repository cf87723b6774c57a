using CapabilityOps.SharedKernel;

namespace CapabilityOps.Learning.Contracts.Events;

// Facts about one cadre: appended to the cadre's stream (cadre:{staffNo}), so they show in the cadre's history.

/// <summary>A cadre studied for <see cref="Hours"/> hours on <see cref="StudiedOn"/> (LRN-1).</summary>
/// <param name="RecordId">The record's id; a revocation names it.</param>
/// <param name="Source">The system or platform the hours come from, e.g. 学习强国, cadre-academy, e-library.</param>
/// <param name="ExternalId">The record's id in <see cref="Source"/>, when it has one.</param>
/// <param name="DuplicateKey">
/// What makes the record unique for the cadre: source and external id, or for an imported row without an
/// external id, source and a hash of the row; null when nothing does (a single record without external id).
/// </param>
public sealed record StudyHoursLogged(
    Guid RecordId,
    string StaffNo,
    decimal Hours,
    DateOnly StudiedOn,
    StudyChannel Channel,
    string Source,
    string? Topic,
    string? ExternalId,
    string? DuplicateKey);

/// <summary>
/// A batch of an import recorded study-hours records of one cadre: one event per cadre and batch rather than one per row,
/// so a million-row file is tens of thousands of events. Each record is what a <see cref="StudyHoursLogged"/> of its own
/// would hold (its own id, which a revocation names, its day, hours, channel, source and external id); every fold and view
/// counts the records as it counts single ones, and the audit history shows them one by one, marked with the batch.
/// </summary>
/// <param name="BatchId">The import batch: the same for every cadre's event of one batch.</param>
/// <param name="Records">The cadre's records of the batch, in file order.</param>
public sealed record StudyHoursImported(Guid BatchId, string StaffNo, IReadOnlyList<StudyHoursLogged> Records) : IFactBatch
{
    IEnumerable<object> IFactBatch.Facts => Records;

    /// <summary>The earliest day of its records: stored with the event (not read back), so a recomputation of other years can leave the batch unread.</summary>
    public DateOnly FirstStudiedOn => Records.Count == 0 ? default : Records.Min(r => r.StudiedOn);

    /// <summary>The latest day of its records.</summary>
    public DateOnly LastStudiedOn => Records.Count == 0 ? default : Records.Max(r => r.StudiedOn);
}

/// <summary>
/// A study-hours record was revoked (a correction): its hours no longer count in any total. The record's
/// figures are repeated so that a fold needs nothing but the events.
/// </summary>
public sealed record StudyHoursRevoked(
    Guid RecordId,
    string StaffNo,
    string Reason,
    decimal Hours,
    DateOnly StudiedOn,
    StudyChannel Channel,
    string Source);

/// <summary>
/// A cadre attended a learning session. When the session carries study hours, <see cref="CreditedHours"/>
/// count as offline study hours (LRN-1) under record <see cref="CreditRecordId"/>; a session is credited once.
/// </summary>
public sealed record LearningSessionAttended(
    Guid SessionId,
    string StaffNo,
    string UnitCode,
    LearningSessionKind Kind,
    DateOnly HeldOn,
    string Topic,
    decimal CreditedHours,
    Guid? CreditRecordId);

/// <summary>A cadre took part in a contest or competition, with the result when known.</summary>
/// <param name="Award">The award or placing as announced, e.g. 一等奖.</param>
public sealed record CompetitionEntered(
    Guid CompetitionId,
    string StaffNo,
    string UnitCode,
    CompetitionKind Kind,
    DateOnly HeldOn,
    string Topic,
    string? Award,
    decimal? Score);

/// <summary>A participant's result in a competition was recorded after the competition was.</summary>
public sealed record CompetitionResultRecorded(Guid CompetitionId, string StaffNo, string? Award, decimal? Score);

/// <summary>A cadre joined an interest group (兴趣小组).</summary>
public sealed record InterestGroupJoined(Guid GroupId, string StaffNo, string UnitCode, string GroupName, InterestGroupKind Kind, DateOnly JoinedOn);

/// <summary>A cadre left an interest group.</summary>
public sealed record InterestGroupLeft(Guid GroupId, string StaffNo, DateOnly LeftOn);

// Facts about a session, competition or group: appended to its own stream (see LearningStreamKeys).

/// <summary>A unit held a learning session.</summary>
/// <param name="StudyHours">Hours each attendee is credited with (offline), or null when the session carries none.</param>
/// <param name="Format">The learning-corner format; only for <see cref="LearningSessionKind.LearningCorner"/>.</param>
/// <param name="Festival">The festival; only for <see cref="LearningSessionKind.FestivalActivity"/>.</param>
/// <param name="EcologicalTopic">Whether the session covered ecological civilisation / eco-environment protection (LRN-2, LRN-5).</param>
public sealed record LearningSessionRecorded(
    Guid SessionId,
    string UnitCode,
    LearningSessionKind Kind,
    DateOnly HeldOn,
    string Topic,
    decimal? StudyHours,
    LearningCornerFormat? Format,
    Festival? Festival,
    bool EcologicalTopic);

/// <summary>Attendees of a session were recorded (each also gets <see cref="LearningSessionAttended"/> in their own stream).</summary>
public sealed record LearningSessionAttendanceRecorded(Guid SessionId, string UnitCode, DateOnly HeldOn, IReadOnlyList<string> StaffNos);

/// <summary>A unit held a contest or competition.</summary>
public sealed record CompetitionHeld(Guid CompetitionId, string UnitCode, CompetitionKind Kind, DateOnly HeldOn, string Topic);

/// <summary>Participants of a competition and their results, as known when recorded; a later entry for the same cadre updates the result.</summary>
public sealed record CompetitionParticipantsRecorded(Guid CompetitionId, string UnitCode, IReadOnlyList<CompetitionResult> Participants);

/// <summary>One participant's result.</summary>
public sealed record CompetitionResult(string StaffNo, string? Award, decimal? Score);

/// <summary>A unit formed an interest group.</summary>
public sealed record InterestGroupFormed(Guid GroupId, string UnitCode, string Name, InterestGroupKind Kind, DateOnly FormedOn);

/// <summary>Cadres joined an interest group (each also gets <see cref="InterestGroupJoined"/> in their own stream).</summary>
public sealed record InterestGroupMembersJoined(Guid GroupId, string UnitCode, DateOnly JoinedOn, IReadOnlyList<string> StaffNos);

/// <summary>A member left an interest group (the cadre also gets <see cref="InterestGroupLeft"/>).</summary>
public sealed record InterestGroupMemberLeft(Guid GroupId, string UnitCode, string StaffNo, DateOnly LeftOn);
