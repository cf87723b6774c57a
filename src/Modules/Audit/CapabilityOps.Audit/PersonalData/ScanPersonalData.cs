using System.Data;
using System.Diagnostics;
using CapabilityOps.SharedKernel;
using Marten;
using Marten.Storage;
using Microsoft.AspNetCore.Http;
using Npgsql;
using Wolverine.Http;

namespace CapabilityOps.Audit.PersonalData;

/// <summary>An event whose body holds an ID-card number.</summary>
/// <param name="Numbers">The numbers found, masked (area and check character only).</param>
public sealed record PersonalDataFinding(long Sequence, string? StreamKey, long Version, string Type, IReadOnlyList<string> Numbers);

/// <summary>What a scan of every event body found.</summary>
/// <param name="Clean">No event body holds an ID-card number.</param>
/// <param name="Findings">The events that do (at most 100 listed; <paramref name="FindingCount"/> counts them all).</param>
public sealed record PersonalDataScan(bool Clean, long EventsScanned, long FindingCount, IReadOnlyList<PersonalDataFinding> Findings, double Seconds);

/// <summary>
/// The personal-data rule of the event store: an event body holds what the programme's rules need and nothing more.
/// ID-card numbers never enter an event (a cadre is identified by the bureau's staff number); health results never
/// enter an event (a health check is recorded as done, with its date — never its findings). Events are kept for good
/// and are chained against edits, so personal data in one could be neither corrected nor erased: it must not get in.
/// Event types are checked by the Audit tests (no field named for an ID number or health findings); this route checks
/// the content, for numbers typed into free text.
/// </summary>
public static class ScanPersonalDataEndpoint
{
    private const int Listed = 100;

    /// <summary>Scan every recorded event body for ID-card numbers (居民身份证号码).</summary>
    /// <remarks>Reads every event once. A finding means a number reached an event through a free-text field; it cannot be edited out
    /// (events are immutable and chained) — report it to the data-protection officer. Numbers are shown masked.</remarks>
    [WolverineGet("/api/v1/audit/personal-data", OperationId = "ScanPersonalData"), Tags("Audit"), AdminAccess]
    [NotUnitScoped("administration: the scan covers every event of every unit")]
    [ProducesResponseType<PersonalDataScan>(StatusCodes.Status200OK)]
    public static async Task<PersonalDataScan> Get(IDocumentStore store, CancellationToken cancellation)
    {
        var started = Stopwatch.StartNew();
        var database = store.Storage.Database;
        await database.EnsureStorageExistsAsync(typeof(JasperFx.Events.IEvent), cancellation);
        await using var connection = database.CreateConnection(ConnectionUsage.Read);
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(
            $"select seq_id, stream_id, version, type, data::text from {store.Options.Events.DatabaseSchemaName}.mt_events order by seq_id", connection);
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellation);
        long scanned = 0, count = 0;
        var findings = new List<PersonalDataFinding>();
        while (await reader.ReadAsync(cancellation))
        {
            scanned++;
            var (sequence, stream, version, type) = (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2), reader.GetString(3));
            var numbers = IdCardNumbers.Find(reader.GetString(4)).Select(IdCardNumbers.Mask).ToList();
            if (numbers.Count == 0) continue;
            count++;
            if (findings.Count < Listed) findings.Add(new PersonalDataFinding(sequence, stream, version, type, numbers));
        }
        return new PersonalDataScan(count == 0, scanned, count, findings, Math.Round(started.Elapsed.TotalSeconds, 3));
    }
}
