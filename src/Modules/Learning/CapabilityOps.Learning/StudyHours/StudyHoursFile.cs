using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
using MiniExcelLibs;

namespace CapabilityOps.Learning.StudyHours;

/// <summary>One data row of an import file, as text, with its row number as a spreadsheet shows it (the header is row 1).</summary>
public sealed record StudyHoursRow(
    int Row,
    string? StaffNo,
    string? Hours,
    string? StudiedOn,
    string? Channel,
    string? Source,
    string? Topic,
    string? ExternalId)
{
    public bool IsBlank => StaffNo is null && Hours is null && StudiedOn is null && Channel is null && Source is null && Topic is null && ExternalId is null;

    /// <summary>The columns (<see cref="StudyHoursFile.Columns"/>) whose text could not be decoded (U+FFFD, the replacement character):
    /// such a row is refused, never stored garbled.</summary>
    public IEnumerable<string> UndecodableColumns =>
        StudyHoursFile.Columns.Zip([StaffNo, Hours, StudiedOn, Channel, Source, Topic, ExternalId])
            .Where(c => c.Second?.Contains('\uFFFD') == true).Select(c => c.First);
}

/// <summary>The file cannot be imported at all (no header, a missing column): nothing is recorded.</summary>
public sealed class StudyHoursFileException(Text message) : Exception(message.Key)
{
    /// <summary>What is wrong with the file, for the reader.</summary>
    public Text Text { get; } = message;
}

/// <summary>
/// Reads import files row by row, never the whole file at once: CSV with CsvHelper straight from the request
/// body, XLSX with MiniExcel from a temporary file (a zip needs its directory, at the end of the file).
/// Columns are found by header name (case and surrounding spaces ignored), in any order; extra columns are ignored.
/// </summary>
public static class StudyHoursFile
{
    public static readonly string[] Columns = ["staffNo", "hours", "studiedOn", "channel", "source", "topic", "externalId"];
    private static readonly string[] RequiredColumns = ["staffNo", "hours", "studiedOn", "channel", "source"];

    /// <param name="encoding">The body's declared charset; null when the request named none.</param>
    public static async IAsyncEnumerable<StudyHoursRow> ReadCsvAsync(Stream stream, Encoding? encoding,
        [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        await using var text = await CsvText.AsUtf8Async(stream, encoding, cancellation);
        // Empty lines are read (and then passed over) so that row numbers stay those a spreadsheet shows.
        var options = CsvReaderOptions.Default with { Separator = ',', HasHeader = true, Encoding = Encoding.UTF8, TrimWhitespace = true, SkipEmptyLines = false };
        await using var csv = CsvReader.Create(text, options, leaveOpen: true);
        await csv.ReadHeaderAsync(cancellation);
        var index = Columns.Select(c => csv.TryGetFieldIndex(c, out var i) ? i : -1).ToArray();
        CheckColumns(index);

        while (await csv.ReadAsync(cancellation))
        {
            string? Field(int column) => index[column] < 0 ? null : Clean(csv.GetString(index[column]));
            yield return new StudyHoursRow(checked((int)csv.RowNumber + 1),
                Field(0), Field(1), Field(2), Field(3), Field(4), Field(5), Field(6));
        }
    }

    public static IEnumerable<StudyHoursRow> ReadXlsx(Stream seekableFile)
    {
        int[]? index = null;
        string[] letters = [];
        var rowNumber = 0;
        foreach (IDictionary<string, object?> cells in MiniExcel.Query(seekableFile, useHeaderRow: false, excelType: ExcelType.XLSX))
        {
            rowNumber++;
            if (index is null)
            {
                // The first row is the header; cells are keyed by column letter (A, B, …).
                letters = [.. cells.Keys];
                var names = cells.Values.Select(v => Clean(Text(v))).ToArray();
                index = Columns.Select(c => Array.FindIndex(names, n => string.Equals(n, c, StringComparison.OrdinalIgnoreCase))).ToArray();
                CheckColumns(index);
                continue;
            }
            object? Cell(int column) => index[column] < 0 ? null : cells.TryGetValue(letters[index[column]], out var v) ? v : null;
            yield return new StudyHoursRow(rowNumber,
                Clean(Text(Cell(0))), Clean(Text(Cell(1))), Clean(DateText(Cell(2))), Clean(Text(Cell(3))),
                Clean(Text(Cell(4))), Clean(Text(Cell(5))), Clean(Text(Cell(6))));
        }
        if (index is null) throw new StudyHoursFileException(Msg("NoHeaderRow"));
    }

    private static void CheckColumns(int[] index)
    {
        var missing = RequiredColumns.Where(c => index[Array.IndexOf(Columns, c)] < 0).ToList();
        if (missing.Count > 0)
            throw new StudyHoursFileException(Msg("MissingColumns", missing, string.Join(",", Columns)));
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>A cell as text: numbers without float noise (2.5, 10023), dates as YYYY-MM-DD.</summary>
    private static string? Text(object? cell) => cell switch
    {
        null => null,
        string s => s,
        double d when double.IsFinite(d) && Math.Abs(d) < 7.9e27 => ((decimal)d).ToString(CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString(),
    };

    /// <summary>A date cell: a real date, text, or a day number (an unformatted Excel date).</summary>
    private static string? DateText(object? cell) => cell switch
    {
        double serial when serial is >= 1 and < 2958466 && serial == Math.Floor(serial) =>
            DateTime.FromOADate(serial).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Text(cell),
    };
}
