using CapabilityOps.Organization.Contracts;
using CapabilityOps.Talent.Contracts.Events;
using CapabilityOps.Training.Contracts.Events;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace CapabilityOps.Training;

/// <summary>A unit's business training (TRN-5), projected inline from its stream's first event: the unit rule reads it by unit and day.</summary>
public sealed class BusinessTrainingRecord
{
    /// <summary>The stream key, <c>business-training:{id}</c>.</summary>
    public string Id { get; set; } = "";
    public Guid TrainingId { get; set; }
    public string UnitCode { get; set; } = "";
    public string Title { get; set; } = "";
    public DateOnly HeldOn { get; set; }
    public decimal Hours { get; set; }
    public List<string> Attendees { get; set; } = [];
}

/// <summary>
/// A post-expert or business-pacesetter title (TRN-7), one per <c>TitleConferred</c> of those kinds, projected inline: the
/// designations tally and the city bureau's TRN-7 check read a year's few of them by day instead of every cadre's events.
/// </summary>
public sealed class DesignationEntry
{
    /// <summary>The <c>TitleConferred</c> event's id.</summary>
    public Guid Id { get; set; }
    public string StaffNo { get; set; } = "";
    public Talent.Contracts.Events.TitleKind Kind { get; set; }
    public Talent.Contracts.Events.TitleLevel Level { get; set; }

    /// <summary>The post the title names; null when it names none (the cadre's own post category counts).</summary>
    public PostCategory? Post { get; set; }
    public DateOnly ConferredOn { get; set; }
}

/// <summary>
/// The Training module's inline documents: inserts only, in the transaction that records the fact. Partial: JasperFx's source
/// generator registers the types ApplyAsync inserts as published, so a rebuild empties their tables first.
/// </summary>
public sealed partial class TrainingDocumentsProjection : EventProjection
{
    public TrainingDocumentsProjection()
    {
        IncludeType<BusinessTrainingHeld>();
        IncludeType<TitleConferred>();
    }

    public static BusinessTrainingRecord RecordOf(string streamKey, BusinessTrainingHeld held) => new()
    {
        Id = streamKey, TrainingId = held.TrainingId, UnitCode = held.UnitCode, Title = held.Title, HeldOn = held.HeldOn, Hours = held.Hours,
        Attendees = [.. held.Attendees],
    };

    /// <summary>The entry a title makes when it is a designation; null for other titles.</summary>
    public static DesignationEntry? EntryOf(Guid eventId, TitleConferred title) =>
        title.Kind is Talent.Contracts.Events.TitleKind.PostExpert or Talent.Contracts.Events.TitleKind.BusinessPacesetter
            ? new DesignationEntry { Id = eventId, StaffNo = title.StaffNo, Kind = title.Kind, Level = title.Level, Post = title.Post, ConferredOn = title.ConferredOn }
            : null;

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        switch (e.Data)
        {
            case BusinessTrainingHeld held:
                operations.Insert(RecordOf(e.StreamKey!, held));
                break;
            case TitleConferred title when EntryOf(e.Id, title) is { } entry:
                operations.Insert(entry);
                break;
        }
        return ValueTask.CompletedTask;
    }
}
