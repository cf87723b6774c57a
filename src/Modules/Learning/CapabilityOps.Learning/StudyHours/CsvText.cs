using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace CapabilityOps.Learning.StudyHours;

/// <summary>
/// A CSV body as UTF-8, whatever a Chinese office saved it in: a declared charset wins; otherwise a byte-order mark says
/// UTF-8 or UTF-16; otherwise a body that is valid UTF-8 is UTF-8, and anything else is GB18030 (a superset of GBK and
/// GB2312, what Chinese Excel writes as "CSV"). Bytes that do not decode become U+FFFD, which the import refuses row by row.
/// </summary>
public static class CsvText
{
    private static readonly Encoding Gb18030 = CodePagesEncoding("GB18030");

    /// <summary>
    /// The body copied to a temporary file (deleted when the returned stream is disposed): whether it is valid UTF-8 is
    /// known only at its end, and the reader must start from its beginning.
    /// </summary>
    public static async Task<Stream> AsUtf8Async(Stream body, Encoding? declared, CancellationToken cancellation)
    {
        var file = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var utf8 = new Utf8Check();
            var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
            try
            {
                int read;
                while ((read = await body.ReadAsync(buffer, cancellation)) > 0)
                {
                    utf8.Add(buffer.AsSpan(0, read));
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellation);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            file.Position = 0;
            var bom = new byte[3];
            var bomLength = await file.ReadAtLeastAsync(bom, 3, throwOnEndOfStream: false, cancellation);
            file.Position = 0;

            var encoding = declared ?? (bom, bomLength) switch
            {
                ([0xEF, 0xBB, 0xBF], 3) => Encoding.UTF8,
                ([0xFF, 0xFE, _], >= 2) => Encoding.Unicode,
                ([0xFE, 0xFF, _], >= 2) => Encoding.BigEndianUnicode,
                _ => utf8.Valid ? Encoding.UTF8 : Gb18030,
            };
            if (encoding.CodePage == Encoding.UTF8.CodePage)
            {
                if (bomLength == 3 && bom is [0xEF, 0xBB, 0xBF]) file.Position = 3;
                return file;
            }
            // The transcoder drops a UTF-16 byte-order mark with the encoding's preamble; it owns the file from here.
            return Encoding.CreateTranscodingStream(file, Strict(encoding), Encoding.UTF8, leaveOpen: false);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static Encoding CodePagesEncoding(string name)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(name);
    }

    /// <summary>The encoding with U+FFFD for bytes it cannot decode: code-page encodings put a plain '?' there by default,
    /// which would be stored as if the file had said it.</summary>
    private static Encoding Strict(Encoding encoding) =>
        Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("\uFFFD"));

    /// <summary>Whether the bytes seen so far are valid UTF-8, chunk by chunk (a sequence may be split across chunks).</summary>
    private sealed class Utf8Check
    {
        private readonly byte[] _carry = new byte[4];
        private int _carried;
        private readonly char[] _chars = new char[1 << 16];

        private bool _invalid;

        /// <summary>Every byte so far is part of a valid sequence, and none is left unfinished at the end.</summary>
        public bool Valid => !_invalid && _carried == 0;

        public void Add(ReadOnlySpan<byte> chunk)
        {
            if (_invalid) return;
            while (_carried > 0 && chunk.Length > 0)
            {
                // Finish the sequence split across the previous chunk's end, byte by byte.
                _carry[_carried++] = chunk[0];
                chunk = chunk[1..];
                var status = Utf8.ToUtf16(_carry.AsSpan(0, _carried), _chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: false);
                if (status == OperationStatus.InvalidData || (status == OperationStatus.NeedMoreData && _carried == 4))
                {
                    _invalid = true;
                    return;
                }
                if (status == OperationStatus.Done) _carried = 0;
            }
            while (chunk.Length > 0)
            {
                var status = Utf8.ToUtf16(chunk, _chars, out var consumed, out _, replaceInvalidSequences: false, isFinalBlock: false);
                chunk = chunk[consumed..];
                switch (status)
                {
                    case OperationStatus.InvalidData:
                        _invalid = true;
                        return;
                    case OperationStatus.NeedMoreData:
                        chunk.CopyTo(_carry);
                        _carried = chunk.Length;
                        return;
                }
            }
        }
    }
}
