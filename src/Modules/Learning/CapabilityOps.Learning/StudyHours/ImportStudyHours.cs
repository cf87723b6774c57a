using System.Globalization;
using System.Text;
using System.Text.Json;
using CapabilityOps.Learning.Contracts;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Exceptions;
using Marten.Services;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Npgsql;
using Wolverine.Http;

namespace CapabilityOps.Learning.StudyHours;

/// <summary>The outcome of an import.</summary>
/// <param name="Accepted">Rows recorded.</param>
/// <param name="Duplicates">Rows skipped as duplicates: same cadre, source and external id as a record made before (or, without an external id, the same row content).</param>
/// <param name="Rejected">Rows refused, by row number (the header is row 1), with the reasons per field; at most the first 10,000.</param>
/// <param name="Rows">Data rows read (blank rows are not counted).</param>
/// <param name="RejectedCount">All rows refused, also when more than are listed.</param>
public sealed record StudyHoursImportResult(int Accepted, int Duplicates, IReadOnlyList<RejectedRow> Rejected, int Rows, int RejectedCount);

/// <summary>A row that was not recorded and why.</summary>
public sealed record RejectedRow(int Row, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>A row, read and checked as far as it can be without the database.</summary>
public sealed record ParsedStudyHoursRow(int Row, string StaffNo, LogStudyHours Command, string DuplicateKey);

public static class ImportStudyHoursEndpoint
{
    /// <summary>
    /// Rows decided and recorded per transaction: a batch is one event per cadre named in it, so the larger the batch the
    /// more records each event carries (a file sorted by date names every cadre in every few thousand rows); small enough
    /// to hold in memory, twice (one batch is read while the previous one is recorded).
    /// </summary>
    public const int BatchSize = 100_000;

    public const int MaxRejectedListed = 10_000;

    /// <summary>The import's body limit (the JSON routes keep the server's default of 30 MB).</summary>
    public const long MaxBodyBytes = 1L << 30;

    internal const int Attempts = 3;
    private static readonly LogStudyHoursValidator Validator = new();
    private static readonly string[] DateFormats = ["yyyy-M-d", "yyyy/M/d"];

    /// <summary>Import study hours from a CSV or Excel file.</summary>
    /// <remarks>
    /// Send either a CSV body (<c>Content-Type: text/csv</c>) or a <c>multipart/form-data</c> form whose field <c>file</c> is an
    /// <c>.xlsx</c> (first sheet) or <c>.csv</c> file. A CSV file's text is read as a declared <c>charset</c> says (e.g.
    /// <c>charset=gb18030</c>); without one, a byte-order mark says UTF-8 or UTF-16, a file that is valid UTF-8 is UTF-8, and
    /// anything else is GB18030 (GBK), as Chinese Excel saves "CSV". A row with bytes that are not text in that encoding is
    /// refused, naming the field, and nothing garbled is stored. The header row names the columns
    /// <c>staffNo,hours,studiedOn,channel,source,topic,externalId</c> (any order; topic and externalId may be
    /// left out). Each row follows the rules of <c>POST /api/v1/cadres/{staffNo}/study-hours</c>; dates may be
    /// YYYY-MM-DD or YYYY/M/D, the channel Online/Offline or 线上/线下.
    /// Valid rows are recorded, invalid rows reported by row number (the header is row 1), duplicates counted and
    /// skipped, so importing the same file twice records nothing the second time: a row without externalId is
    /// recognised by its content. Rows about cadres outside the key's units are refused row by row.
    /// Each batch records one <c>StudyHoursImported</c> per cadre carrying that cadre's records (each with its own id, which
    /// <c>…/study-hours/{id}</c> and its revocation address); the cadre's history shows every record as its own entry, marked
    /// with the batch (<c>importBatch</c>).
    /// The file is read as a stream and recorded in batches of 100,000 rows, each in its own transaction; if a
    /// concurrent change makes a batch fail three times, the answer is 409 and sending the file again records the
    /// rest (rows already recorded come back as duplicates). Bodies up to 1 GiB.
    /// </remarks>
    [WolverinePost("/api/v1/imports/study-hours", OperationId = "ImportStudyHours"), Tags("Learning"), WriteAccess]
    [NotUnitScoped("rows name cadres of any unit: each row's cadre is checked against the key's units, and a row outside them is rejected, the others recorded")]
    [RequestSizeLimit(MaxBodyBytes), FileBody("file", "text/csv")]
    [ProducesResponseType<StudyHoursImportResult>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status400BadRequest)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    [ProducesResponseType(StatusCodes.Status413PayloadTooLarge)]
    [ProducesResponseType(StatusCodes.Status415UnsupportedMediaType)]
    public static async Task<IResult> Post(HttpContext context, IDocumentStore store, StudyHoursWriter writer, IAccessScope scope, TimeProvider clock)
    {
        var cancellation = context.RequestAborted;
        var import = new StudyHoursImport(store, writer, context, scope, ChinaTime.Today(clock));
        try
        {
            if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType))
                return UnsupportedMediaType();
            if (contentType.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
                return Results.Ok(await import.RunAsync(StudyHoursFile.ReadCsvAsync(context.Request.Body, EncodingOf(contentType), cancellation), cancellation));
            if (contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
                return await ImportFormAsync(context, contentType, import, cancellation);
            return UnsupportedMediaType();
        }
        catch (StudyHoursFileException e)
        {
            return Problem.Invalid("file", e.Text).ToResult();
        }
        catch (StudyHoursImportConflict e)
        {
            return Problem.Conflict(e.Text).ToResult();
        }
    }

    private static async Task<IResult> ImportFormAsync(HttpContext context, MediaTypeHeaderValue contentType, StudyHoursImport import, CancellationToken cancellation)
    {
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary)) return Problem.Invalid("file", Msg("NoBoundary")).ToResult();
        var reader = new MultipartReader(boundary, context.Request.Body);
        while (await reader.ReadNextSectionAsync(cancellation) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, "file", StringComparison.Ordinal))
                continue;

            var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
            var sectionType = MediaTypeHeaderValue.TryParse(section.ContentType, out var parsed) ? parsed : null;
            if (fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
                || sectionType?.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase) == true)
                return Results.Ok(await import.RunAsync(StudyHoursFile.ReadCsvAsync(section.Body, sectionType is null ? null : EncodingOf(sectionType), cancellation), cancellation));
            if (!fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)
                && sectionType?.MediaType.Equals("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", StringComparison.OrdinalIgnoreCase) != true)
                return UnsupportedMediaType();

            // An .xlsx is a zip whose directory is at its end: it is spooled to a temporary file, never held in memory.
            var path = Path.Combine(Path.GetTempPath(), $"capops-import-{Guid.NewGuid():N}.xlsx");
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
                FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await section.Body.CopyToAsync(file, cancellation);
            file.Position = 0;
            return Results.Ok(await import.RunAsync(Rows(StudyHoursFile.ReadXlsx(file)), cancellation));
        }
        return Problem.Invalid("file", Msg("NoFileField")).ToResult();
    }

    /// <summary>The rows of a workbook; a file MiniExcel cannot read is the client's error (400), not the server's.</summary>
    private static async IAsyncEnumerable<StudyHoursRow> Rows(IEnumerable<StudyHoursRow> rows)
    {
        using var enumerator = rows.GetEnumerator();
        var read = 0;
        while (true)
        {
            try
            {
                if (!enumerator.MoveNext()) break;
            }
            catch (Exception e) when (e is not (StudyHoursFileException or OperationCanceledException))
            {
                throw new StudyHoursFileException(read == 0 ? Msg("NotAWorkbook") : Msg("WorkbookBrokeAfter", read));
            }
            read++;
            yield return enumerator.Current;
        }
        await Task.CompletedTask;
    }

    private static IResult UnsupportedMediaType() =>
        new Problem(StatusCodes.Status415UnsupportedMediaType, Msg("ImportMediaTypes")).ToResult();

    private static Encoding? EncodingOf(MediaTypeHeaderValue contentType)
    {
        var charset = HeaderUtilities.RemoveQuotes(contentType.Charset).Value;
        if (string.IsNullOrEmpty(charset)) return null;
        try
        {
            return Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            throw new StudyHoursFileException(Msg("UnknownCharset", charset));
        }
    }

    /// <summary>
    /// Reads one row's fields as the single-record API would (the same validator), without the database.
    /// Returns the errors per field (camelCase names), or the command and the key that makes the row a duplicate.
    /// </summary>
    public static (ParsedStudyHoursRow? Row, Dictionary<string, string[]>? Errors) Parse(StudyHoursRow row)
    {
        // Most rows are valid: the error dictionary is made only for a row that has one.
        Dictionary<string, string[]>? errors = null;
        // Rendered here, in the request's language: the import answers as it reads.
        void Error(string field, Text message) => (errors ??= new(StringComparer.Ordinal))[field] = [message.ToString()];
        foreach (var field in row.UndecodableColumns) Error(field, Msg("Undecodable", field));
        if (errors is not null) return (null, errors);
        if (row.StaffNo is null) Error("staffNo", Msg("StaffNoRequired"));
        else if (!Validation.CodePattern().IsMatch(row.StaffNo)) Error("staffNo", Msg("StaffNoFormat"));

        decimal? hours = null;
        if (row.Hours is not null)
        {
            if (decimal.TryParse(row.Hours, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var h)) hours = h;
            else Error("hours", Msg("HoursNotANumber", Shorten(row.Hours)));
        }
        DateOnly? studiedOn = null;
        if (row.StudiedOn is not null)
        {
            if (DateOnly.TryParseExact(row.StudiedOn, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) studiedOn = d;
            else Error("studiedOn", Msg("StudiedOnNotADate", Shorten(row.StudiedOn)));
        }
        StudyChannel? channel = null;
        if (row.Channel is not null)
        {
            channel = ChannelOf(row.Channel);
            if (channel is null) Error("channel", Msg("ChannelUnknown", Shorten(row.Channel)));
        }

        var command = new LogStudyHours(hours, studiedOn, channel, row.Source, row.Topic, row.ExternalId);
        var failures = Validator.Validate(command).Errors;
        if (failures.Count > 0)
        {
            var unreadable = errors?.Keys.ToHashSet(StringComparer.Ordinal);
            foreach (var failure in failures)
            {
                // A field that could not be read is null in the command: its "required" failure would only repeat that.
                var field = JsonNamingPolicy.CamelCase.ConvertName(failure.PropertyName);
                if (unreadable?.Contains(field) == true) continue;
                errors ??= new(StringComparer.Ordinal);
                errors[field] = errors.TryGetValue(field, out var messages) ? [.. messages, failure.ErrorMessage] : [failure.ErrorMessage];
            }
        }
        if (errors is not null) return (null, errors);

        var staffNo = row.StaffNo!;
        var source = command.Source!.Trim();
        var key = StudyHoursKeys.Duplicate(staffNo, source, command.ExternalId)
                  ?? StudyHoursKeys.ImportedRow(staffNo, hours!.Value, studiedOn!.Value, channel!.Value, source, command.Topic?.Trim());
        return (new ParsedStudyHoursRow(row.Row, staffNo, command, key), null);
    }

    private static StudyChannel? ChannelOf(string text) => text.Trim() switch
    {
        var t when t.Equals("Online", StringComparison.OrdinalIgnoreCase) || t == "线上" => StudyChannel.Online,
        var t when t.Equals("Offline", StringComparison.OrdinalIgnoreCase) || t == "线下" => StudyChannel.Offline,
        _ => null,
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary>A batch kept failing on concurrent changes; the rows of earlier batches are recorded.</summary>
public sealed class StudyHoursImportConflict(Text message) : Exception(message.Key)
{
    public Text Text { get; } = message;
}

/// <summary>
/// One import run: rows are parsed as they stream in, then decided and recorded a batch at a time — one lock, one
/// ledger read and three bulk writes per batch (<see cref="StudyHoursWriter"/>), never a statement per row.
/// While a batch is recorded the next one is read and parsed, so the request's CPU and the database's overlap.
/// </summary>
internal sealed class StudyHoursImport(IDocumentStore store, StudyHoursWriter writer, HttpContext context, IAccessScope scope, DateOnly today)
{
    /// <summary>The request's recording, as the host stamps a request's session with it.</summary>
    private readonly EventRecording _recording = EventRecording.Of(Recording.Of(context), store.Options.Serializer());
    private readonly List<RejectedRow> _rejected = [];
    private readonly Dictionary<string, bool> _coveredUnits = new(StringComparer.Ordinal);
    private int _rows;
    private int _accepted;
    private int _duplicates;
    private int _rejectedCount;

    public async Task<StudyHoursImportResult> RunAsync(IAsyncEnumerable<StudyHoursRow> rows, CancellationToken cancellation)
    {
        var batch = new List<ParsedStudyHoursRow>(ImportStudyHoursEndpoint.BatchSize);
        Task<BatchOutcome>? recording = null;
        try
        {
            await foreach (var row in rows.WithCancellation(cancellation))
            {
                if (row.IsBlank) continue;
                _rows++;
                var (parsed, errors) = ImportStudyHoursEndpoint.Parse(row);
                if (parsed is null)
                {
                    Reject(row.Row, errors!);
                    continue;
                }
                batch.Add(parsed);
                if (batch.Count < ImportStudyHoursEndpoint.BatchSize) continue;
                // One batch is recorded at a time: the next one is decided on what the previous one committed.
                if (recording is not null) Count(await recording);
                recording = RecordAsync(batch, cancellation);
                batch = new List<ParsedStudyHoursRow>(ImportStudyHoursEndpoint.BatchSize);
            }
            if (recording is not null) Count(await recording);
            recording = null;
            if (batch.Count > 0) Count(await RecordAsync(batch, cancellation));
        }
        finally
        {
            // A file that turns unreadable half-way: the batch being recorded still ends before the answer goes out.
            if (recording is not null) await recording.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        _rejected.Sort((a, b) => a.Row.CompareTo(b.Row));
        return new StudyHoursImportResult(_accepted, _duplicates, _rejected, _rows, _rejectedCount);
    }

    private void Count(BatchOutcome outcome)
    {
        _accepted += outcome.Accepted;
        _duplicates += outcome.Duplicates;
        foreach (var (row, errors) in outcome.Rejected) Reject(row, errors);
    }

    private async Task<BatchOutcome> RecordAsync(List<ParsedStudyHoursRow> batch, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryRecordAsync(batch, cancellation);
            }
            catch (Exception e) when (IsConcurrentChange(e) && attempt < ImportStudyHoursEndpoint.Attempts)
            {
                // Another request recorded something for one of these cadres meanwhile: read again and decide again.
            }
            catch (Exception e) when (IsConcurrentChange(e))
            {
                throw new StudyHoursImportConflict(Msg("ImportConflict", batch[0].Row, batch[^1].Row, _accepted));
            }
        }
    }

    private sealed record BatchOutcome(int Accepted, int Duplicates, List<(int Row, Dictionary<string, string[]> Errors)> Rejected);

    private async Task<BatchOutcome> TryRecordAsync(List<ParsedStudyHoursRow> batch, CancellationToken cancellation)
    {
        // The batch's own transaction: the session reads (lock, ledger) in it, the bulk writer writes in it.
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using var session = store.LightweightSession(SessionOptions.ForTransaction(transaction));
        var ledger = await StudyLedger.LoadAsync(session,
            batch.Select(r => r.StaffNo),
            batch.Select(r => StudyHoursKeys.Day(r.StaffNo, r.Command.StudiedOn!.Value)),
            batch.Select(r => r.DuplicateKey),
            cancellation);

        int accepted = 0, duplicates = 0;
        var rejected = new List<(int, Dictionary<string, string[]>)>();
        foreach (var row in batch)
        {
            var cadre = ledger.Cadre(row.StaffNo);
            if (cadre is not null && !await CoversAsync(cadre.UnitCode, cancellation))
            {
                rejected.Add((row.Row, new() { ["staffNo"] = [Msg("RowOutOfScope", row.StaffNo, cadre.UnitCode).ToString()] }));
                continue;
            }

            var day = row.Command.StudiedOn!.Value;
            var decision = LogStudyHoursEndpoint.Decide(row.StaffNo, row.Command, ledger.StateOf(row.StaffNo, day, row.DuplicateKey),
                row.DuplicateKey, Guid.CreateVersion7(), today);
            switch (decision.Problem)
            {
                case null:
                    ledger.Remember(row.StaffNo, decision.Events);
                    accepted++;
                    break;
                case { Status: StatusCodes.Status409Conflict }:
                    duplicates++;
                    break;
                case { Errors: { } errors }:
                    rejected.Add((row.Row, errors.ToDictionary(e => e.Key, e => e.Value.Select(t => t.ToString()).ToArray())));
                    break;
                case var problem:
                    rejected.Add((row.Row, new() { ["staffNo"] = [problem.Detail.ToString()] }));
                    break;
            }
        }

        // One fact per cadre for the batch, carrying that cadre's records (StudyHoursImported).
        if (await writer.WriteImportAsync(connection, _recording, ledger.TakeImported(Guid.CreateVersion7()), cancellation) > 0)
            await transaction.CommitAsync(cancellation);
        return new BatchOutcome(accepted, duplicates, rejected);
    }

    /// <summary>
    /// The cadre's current unit against the key's scope, as <see cref="IAccessScope.CoversCadreAsync"/> decides
    /// it, but from the cadre records the batch has read already: one check per unit, not a round trip per row.
    /// </summary>
    private async ValueTask<bool> CoversAsync(string unitCode, CancellationToken cancellation)
    {
        if (scope.IsAdmin) return true;
        if (!_coveredUnits.TryGetValue(unitCode, out var covered))
            _coveredUnits[unitCode] = covered = await scope.CoversUnitAsync(unitCode, cancellation);
        return covered;
    }

    private void Reject(int row, Dictionary<string, string[]> errors)
    {
        _rejectedCount++;
        if (_rejected.Count < ImportStudyHoursEndpoint.MaxRejectedListed) _rejected.Add(new RejectedRow(row, errors));
    }

    private static bool IsConcurrentChange(Exception e) => e switch
    {
        ConcurrencyException or EventStreamUnexpectedMaxEventIdException or DocumentAlreadyExistsException => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        MartenCommandException { InnerException: { } inner } => IsConcurrentChange(inner),
        _ => false,
    };
}
