using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Informatization.Contracts;
using CapabilityOps.Informatization.Stations;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Informatization.Capture;

/// <summary>A station's data capture over a China month or year.</summary>
/// <param name="Code">The station's code.</param>
/// <param name="Year">The year.</param>
/// <param name="Month">The month (1–12), or null for the whole year.</param>
/// <param name="Expected">Readings expected on the days reported.</param>
/// <param name="Received">Readings received on those days.</param>
/// <param name="RatePercent">Received over expected in percent, rounded to 3 decimals; null when nothing was expected.</param>
public sealed record StationCaptureRate(string Code, int Year, int? Month, long Expected, long Received, decimal? RatePercent);

/// <summary>The data capture of every station of a unit and the units below it, over a China month or year.</summary>
/// <param name="UnitCode">The unit.</param>
/// <param name="Year">The year.</param>
/// <param name="Month">The month (1–12), or null for the whole year.</param>
/// <param name="Stations">Stations of the subtree with a day reported in the period.</param>
/// <param name="Expected">Readings expected on the days reported.</param>
/// <param name="Received">Readings received on those days.</param>
/// <param name="RatePercent">Received over expected in percent, rounded to 3 decimals; null when nothing was expected.</param>
public sealed record UnitCaptureRate(string UnitCode, int Year, int? Month, int Stations, long Expected, long Received, decimal? RatePercent);

public static class GetCaptureRateEndpoint
{
    public static decimal? RatePercent(long expected, long received) =>
        expected == 0 ? null : Math.Round(received * 100m / expected, 3, MidpointRounding.AwayFromZero);

    /// <summary>Read a station's data-capture rate in a China month or year.</summary>
    /// <remarks>Each day counts with the figures last reported for it.</remarks>
    /// <param name="code">The station's code.</param>
    /// <param name="year">The calendar year; the current year when left out.</param>
    /// <param name="month">1–12; the whole year when left out.</param>
    /// <param name="session"></param>
    /// <param name="scope"></param>
    /// <param name="years"></param>
    [WolverineGet("/api/v1/monitoring-stations/{code}/capture-rate", OperationId = "GetStationCaptureRate"), Tags("Informatization"), ReadAccess]
    [NotUnitScoped("the station's unit is checked by the endpoint: 403 when it is outside the key's units")]
    [ProducesResponseType<StationCaptureRate>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> GetStation(string code, int? year, int? month, IQuerySession session, IAccessScope scope, IYearViews years)
    {
        var (y, invalid) = years.Year(year);
        if (invalid is not null) return invalid.ToResult();
        if (month is < 1 or > 12) return Problem.Invalid("month", Msg("MonthOutOfRange")).ToResult();

        var months = (month is { } m ? [m] : Enumerable.Range(1, 12)).Select(n => CaptureMonth.IdOf(code, new DateOnly(y, n, 1))).ToArray();
        var batch = session.CreateBatchQuery();
        var station = batch.Load<MonitoringStationRecord>(InformatizationStreamKeys.Station(code));
        var rows = batch.LoadMany<CaptureMonth>().ById(months);
        await batch.Execute();
        if (await station is not { } found) return Problem.NotFound(Msg("NoSuchStation", code)).ToResult();
        if (!await scope.CoversUnitAsync(found.UnitCode)) return Problem.OutOfScope.ToResult();
        var list = await rows;
        var (expected, received) = (list.Sum(r => r.Expected), list.Sum(r => r.Received));
        return Results.Ok(new StationCaptureRate(found.Code, y, month, expected, received, RatePercent(expected, received)));
    }

    /// <summary>Read the data-capture rate of a unit's stations and those of the units below it, in a China month or year.</summary>
    /// <remarks>Each day counts with the figures last reported for it.</remarks>
    /// <param name="code">The unit's code.</param>
    /// <param name="year">The calendar year; the current year when left out.</param>
    /// <param name="month">1–12; the whole year when left out.</param>
    /// <param name="session"></param>
    /// <param name="years"></param>
    [WolverineGet("/api/v1/units/{code}/capture-rate", OperationId = "GetUnitCaptureRate"), Tags("Informatization"), ReadAccess, ScopedToUnit]
    [ProducesResponseType<UnitCaptureRate>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> GetUnit(string code, int? year, int? month, IQuerySession session, IYearViews years)
    {
        var (y, invalid) = years.Year(year);
        if (invalid is not null) return invalid.ToResult();
        if (month is < 1 or > 12) return Problem.Invalid("month", Msg("MonthOutOfRange")).ToResult();

        var totals = await CaptureTotals.OfSubtreeAsync(session, code, y, month);
        if (!totals.UnitExists) return Problem.NoSuchUnit(code).ToResult();
        return Results.Ok(new UnitCaptureRate(code, y, month, totals.Stations, totals.Expected, totals.Received, RatePercent(totals.Expected, totals.Received)));
    }
}

/// <summary>A subtree's capture totals, read in one statement from the month rows.</summary>
public sealed record CaptureTotals(bool UnitExists, int Stations, long Expected, long Received)
{
    public static async Task<CaptureTotals> OfSubtreeAsync(IQuerySession session, string unitCode, int year, int? month, CancellationToken cancellation = default)
    {
        var store = session.DocumentStore;
        // Marten creates a document's table on first use; this statement may come before any report.
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(CaptureMonth), cancellation);
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(UnitRecord), cancellation);
        var months = store.Options.FindOrResolveDocumentType(typeof(CaptureMonth)).TableName.QualifiedName;
        var units = store.Options.FindOrResolveDocumentType(typeof(UnitRecord)).TableName.QualifiedName;
        // The subtree's units by the GIN index on their paths; their stations' months by the unit and year columns.
        var rows = await session.AdvancedSql.QueryAsync<CaptureTotals>(
            $"""
             select jsonb_build_object(
               'unitExists', exists (select 1 from {units} where id = ?),
               'stations', count(distinct m.data ->> 'stationCode'),
               'expected', coalesce(sum((m.data ->> 'expected')::bigint), 0),
               'received', coalesce(sum((m.data ->> 'received')::bigint), 0))
             from {months} m
             where m.year = ? and (? = 0 or (m.data ->> 'month')::int = ?)
               and m.unit_code in (select u.data ->> 'code' from {units} u where u.data @> jsonb_build_object('path', jsonb_build_array(?::text)))
             """, cancellation, StreamKeys.Unit(unitCode), year, month ?? 0, month ?? 0, unitCode);
        return rows[0];
    }
}
