using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace CapabilityOps.Audit.Chain;

/// <summary>
/// The chain's hash: <c>link(n) = SHA-256(link(n-1) ‖ canonical bytes of event n)</c>, with the genesis value
/// <c>SHA-256("CapabilityOps audit chain v1")</c> before the first event. The canonical bytes are, in this order:
/// seq_id (int64), id (16 bytes, RFC 4122 order), stream_id, version (int64), type, timestamp (int64 microseconds since
/// 1970-01-01 UTC), tenant_id, mt_dotnet_type, correlation_id, causation_id, user_name, headers::text, data::text, bdata —
/// integers big-endian; each text as int32 big-endian byte length and its UTF-8 bytes, bdata as length and bytes, SQL NULL
/// as length −1. The length prefixes keep neighbouring fields apart, so no two different rows encode alike, and anyone
/// can recompute a link with a few lines of any language. Pure, and not thread-safe: one instance per walk reuses its buffer.
/// </summary>
public sealed class ChainHash
{
    public const int Size = 32;

    /// <summary>The value before the first link.</summary>
    public static readonly byte[] Genesis = SHA256.HashData("CapabilityOps audit chain v1"u8);

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    /// <summary>The link of <paramref name="row"/> after <paramref name="previous"/>.</summary>
    public byte[] Link(ReadOnlySpan<byte> previous, EventRow row)
    {
        var hash = new byte[Size];
        Link(previous, row, hash);
        return hash;
    }

    /// <summary>Writes the link of <paramref name="row"/> after <paramref name="previous"/> into <paramref name="destination"/>.</summary>
    public void Link(ReadOnlySpan<byte> previous, EventRow row, Span<byte> destination)
    {
        if (previous.Length != Size) throw new ArgumentException($"A link is {Size} bytes.", nameof(previous));
        _buffer.ResetWrittenCount();
        _buffer.Write(previous);
        Int64(row.Sequence);
        row.Id.TryWriteBytes(_buffer.GetSpan(16), bigEndian: true, out _);
        _buffer.Advance(16);
        Text(row.StreamKey);
        Int64(row.Version);
        Text(row.Type);
        Int64(Microseconds(row.Timestamp));
        Text(row.TenantId);
        Text(row.DotNetType);
        Text(row.CorrelationId);
        Text(row.CausationId);
        Text(row.UserName);
        Text(row.Headers);
        Text(row.Data);
        Bytes(row.BinaryData);
        SHA256.HashData(_buffer.WrittenSpan, destination);
    }

    /// <summary>Microseconds since 1970-01-01 UTC: PostgreSQL's own precision, whatever the reader's DateTime kind.</summary>
    public static long Microseconds(DateTime timestamp) =>
        (DateTime.SpecifyKind(timestamp, DateTimeKind.Utc).Ticks - DateTime.UnixEpoch.Ticks) / 10;

    public static string Hex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    private void Int64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    private void Length(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    private void Text(string? value)
    {
        if (value is null)
        {
            Length(-1);
            return;
        }
        var count = Encoding.UTF8.GetByteCount(value);
        Length(count);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(count));
        _buffer.Advance(count);
    }

    private void Bytes(byte[]? value)
    {
        if (value is null)
        {
            Length(-1);
            return;
        }
        Length(value.Length);
        _buffer.Write(value);
    }
}
