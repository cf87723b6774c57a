using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Marten.Patching;

namespace CapabilityOps.Learning.StudyHours;

/// <summary>
/// One <see cref="StudyHoursEntry"/> per study-hours record, written inline in the transaction that records the
/// fact: its unique duplicate key turns a concurrent duplicate into a 409, and its day key serves the
/// 24-hours-a-day check. Inserts and patches only, so it never reads a document first (a record id is new by construction).
/// </summary>
public sealed partial class StudyHoursEntryProjection : EventProjection
{
    public StudyHoursEntryProjection()
    {
        IncludeType<StudyHoursLogged>();
        IncludeType<LearningSessionAttended>();
        IncludeType<StudyHoursRevoked>();
    }

    /// <summary>The entry a logged record makes; the import's bulk writer (<see cref="StudyHoursBulkAppend"/>) writes the same.</summary>
    public static StudyHoursEntry EntryOf(StudyHoursLogged logged) => new()
    {
        Id = logged.RecordId, StaffNo = logged.StaffNo, Hours = logged.Hours, StudiedOn = logged.StudiedOn,
        Channel = logged.Channel, Source = logged.Source, Topic = logged.Topic, ExternalId = logged.ExternalId,
        DuplicateKey = logged.DuplicateKey, DayKey = StudyHoursKeys.Day(logged.StaffNo, logged.StudiedOn),
    };

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        switch (e.Data)
        {
            case StudyHoursLogged logged:
                operations.Insert(EntryOf(logged));
                break;
            case LearningSessionAttended { CreditRecordId: { } recordId } attended:
                operations.Insert(new StudyHoursEntry
                {
                    Id = recordId, StaffNo = attended.StaffNo, Hours = attended.CreditedHours, StudiedOn = attended.HeldOn,
                    Channel = StudyChannel.Offline, Source = LearningDefaults.SessionCreditSource, Topic = attended.Topic,
                    ExternalId = attended.SessionId.ToString("D"), SessionId = attended.SessionId,
                    DuplicateKey = StudyHoursKeys.SessionCredit(attended.StaffNo, attended.SessionId),
                    DayKey = StudyHoursKeys.Day(attended.StaffNo, attended.HeldOn),
                });
                break;
            case StudyHoursRevoked revoked:
                operations.Patch<StudyHoursEntry>(revoked.RecordId)
                    .Set(x => x.Revoked, true)
                    .Set(x => x.RevokedReason, revoked.Reason);
                break;
        }
        return ValueTask.CompletedTask;
    }
}
