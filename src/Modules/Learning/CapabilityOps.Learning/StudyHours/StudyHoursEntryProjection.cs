using CapabilityOps.Learning.Contracts;
using CapabilityOps.Learning.Contracts.Events;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace CapabilityOps.Learning.StudyHours;

/// <summary>
/// One <see cref="StudyHoursEntry"/> per study-hours record, written inline in the transaction that records the
/// fact: its unique duplicate key turns a concurrent duplicate into a 409, and its day key serves the
/// 24-hours-a-day check. An import's records (<see cref="StudyHoursImported"/>) get no entry: their keys are rows of the
/// narrow <see cref="ImportedHours"/> table. A revocation is a <see cref="StudyHoursRevocation"/> of its own, not a patch of the entry:
/// inserts only, so it never reads a document first (a record id is new by construction, and the revoke route
/// refuses a second revocation), and a rebuild keeps Marten's binary COPY, which one patch in a page of events
/// would turn into a statement per document. Partial: JasperFx's source generator registers the types ApplyAsync
/// inserts as published, so a rebuild empties both tables first.
/// </summary>
public sealed partial class StudyHoursEntryProjection : EventProjection
{
    public StudyHoursEntryProjection()
    {
        IncludeType<StudyHoursLogged>();
        IncludeType<StudyHoursImported>();
        IncludeType<LearningSessionAttended>();
        IncludeType<StudyHoursRevoked>();
    }

    /// <summary>The entry a logged record makes; the import's bulk writer (<see cref="StudyHoursWriter"/>) writes the same.</summary>
    public static StudyHoursEntry EntryOf(StudyHoursLogged logged) => new()
    {
        Id = logged.RecordId, StaffNo = logged.StaffNo, Hours = logged.Hours, StudiedOn = logged.StudiedOn,
        Channel = logged.Channel, Source = logged.Source, Topic = logged.Topic, ExternalId = logged.ExternalId,
        DuplicateKey = logged.DuplicateKey,
    };

    /// <summary>The entry a session's study-hours credit makes; null when the attendance earned none.</summary>
    public static StudyHoursEntry? CreditEntryOf(LearningSessionAttended attended) => attended.CreditRecordId is not { } recordId ? null : new()
    {
        Id = recordId, StaffNo = attended.StaffNo, Hours = attended.CreditedHours, StudiedOn = attended.HeldOn,
        Channel = StudyChannel.Offline, Source = LearningDefaults.SessionCreditSource, Topic = attended.Topic,
        ExternalId = attended.SessionId.ToString("D"), SessionId = attended.SessionId,
        DuplicateKey = StudyHoursKeys.SessionCredit(attended.StaffNo, attended.SessionId),
    };

    public static StudyHoursRevocation RevocationOf(StudyHoursRevoked revoked) =>
        new() { Id = revoked.RecordId, StaffNo = revoked.StaffNo, Reason = revoked.Reason };

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        switch (e.Data)
        {
            case StudyHoursLogged logged:
                operations.Insert(EntryOf(logged));
                break;
            case StudyHoursImported imported:
                // No entry documents: the records' keys go to the narrow table (the import's writer writes them itself).
                ImportedHours.Queue(operations, imported);
                break;
            case LearningSessionAttended attended when CreditEntryOf(attended) is { } credit:
                operations.Insert(credit);
                break;
            case StudyHoursRevoked revoked:
                operations.Insert(RevocationOf(revoked));
                break;
        }
        return ValueTask.CompletedTask;
    }
}
