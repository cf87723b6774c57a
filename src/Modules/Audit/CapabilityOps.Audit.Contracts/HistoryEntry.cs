namespace CapabilityOps.Audit.Contracts;

/// <summary>One recorded fact about a cadre, with who recorded it, when, from which system and for which business day.</summary>
/// <param name="Version">The fact's position in the cadre's history (the stream version), from 1.</param>
/// <param name="Sequence">The fact's position in the whole event store (the global sequence the tamper-evidence chain follows).</param>
/// <param name="Id">The event's id.</param>
/// <param name="Type">The fact's type, e.g. CadreTransferred or GrassrootsVisitRecorded.</param>
/// <param name="Module">The module that owns the fact's type (Organization, ServiceVisits, Talent, Discipline, Appraisal, …).</param>
/// <param name="RecordedAt">When it was recorded (the database server's clock).</param>
/// <param name="RecordedBy">The name of the API key that recorded it.</param>
/// <param name="Source">The calling system, from the X-Source-System header when it was given.</param>
/// <param name="CorrelationId">The request's correlation id (the W3C trace id, from traceparent when sent).</param>
/// <param name="BusinessDate">The business day the fact is about (effectiveOn, from, conferredOn, …): the first date field of the fact; null when it has none, or when the fact is confidential.</param>
/// <param name="BusinessDates">Every date field of the fact by name (a visit's from and to), birth dates excepted.</param>
/// <param name="Confidential">The fact is confidential (DSC-3): its data is read only at the owning module's logged route (discipline: GET …/discipline).</param>
/// <param name="Data">The fact itself; <c>{ "confidential": true }</c> for a confidential fact.</param>
/// <param name="ImportBatch">
/// For a record an import recorded in a batch (one stored fact per cadre and batch, e.g. <c>StudyHoursImported</c>): the batch's
/// id, the same for every record and cadre of the batch. Each record is its own entry, with the type and data it would have
/// alone (<c>StudyHoursLogged</c>) and the version, sequence and id of the batch's fact. Null for every other fact.
/// </param>
public sealed record HistoryEntry(
    long Version,
    long Sequence,
    Guid Id,
    string Type,
    string Module,
    DateTimeOffset RecordedAt,
    string? RecordedBy,
    string? Source,
    string? CorrelationId,
    DateOnly? BusinessDate,
    IReadOnlyDictionary<string, DateOnly> BusinessDates,
    bool Confidential,
    object Data,
    Guid? ImportBatch = null);
