namespace CapabilityOps.Audit.Chain;

/// <summary>
/// One row of <c>mt_events</c> as the chain hashes it: every column that says what was recorded, when, by whom and
/// where — all but Marten's own operational flags (<c>is_archived</c>, <c>is_skipped</c>), which Marten may set later.
/// </summary>
/// <param name="Timestamp">The row's <c>timestamp</c> (microseconds, UTC).</param>
/// <param name="Data">The event body as PostgreSQL prints the jsonb (<c>data::text</c>): jsonb normalises key order and
/// whitespace, so the text is canonical — an edit that changes the JSON's meaning changes it, a re-serialisation does not.</param>
/// <param name="Headers">The headers as <c>headers::text</c> (canonical likewise), or null.</param>
/// <param name="BinaryData">The <c>bdata</c> column (binary-serialised events), or null.</param>
public sealed record EventRow(
    long Sequence,
    Guid Id,
    string? StreamKey,
    long Version,
    string Type,
    DateTime Timestamp,
    string? TenantId,
    string? DotNetType,
    string? CorrelationId,
    string? CausationId,
    string? UserName,
    string? Headers,
    string Data,
    byte[]? BinaryData);

/// <summary>A stored link of the chain: the event it covers (sequence, stream, version) and the chain's hash up to and including it.</summary>
public sealed record ChainLink(long Sequence, string? StreamKey, long Version, byte[] Hash);
