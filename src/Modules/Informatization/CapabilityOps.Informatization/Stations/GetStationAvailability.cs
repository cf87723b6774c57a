using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Informatization.Availability;
using CapabilityOps.Informatization.Contracts;
using CapabilityOps.Informatization.Outages;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Informatization.Stations;

/// <summary>A monitoring station with its outages.</summary>
/// <param name="Code">The station's code.</param>
/// <param name="Name">The station's name.</param>
/// <param name="Kind">What it is.</param>
/// <param name="UnitCode">The unit that operates it.</param>
/// <param name="Outages">Its outages, earliest first.</param>
public sealed record MonitoringStationDetail(string Code, string Name, Contracts.Events.StationKind Kind, string UnitCode, IReadOnlyList<OutageView> Outages);

public static class GetStationAvailabilityEndpoint
{
    /// <summary>Read a monitoring station's availability in a China month or year.</summary>
    /// <remarks>
    /// Downtime is the union of the station's outages within the period: overlapping outages count once, and an outage across a
    /// month's or a year's end counts in each for its part. Months and years are China time, of their real length.
    /// </remarks>
    /// <param name="code">The station's code.</param>
    /// <param name="year">The calendar year; the current year when left out.</param>
    /// <param name="month">1–12; the whole year when left out.</param>
    /// <param name="session"></param>
    /// <param name="scope"></param>
    /// <param name="years"></param>
    [WolverineGet("/api/v1/monitoring-stations/{code}/availability", OperationId = "GetStationAvailability"), Tags("Informatization"), ReadAccess]
    [NotUnitScoped("the station's unit is checked by the endpoint: 403 when it is outside the key's units")]
    [ProducesResponseType<AvailabilityView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string code, int? year, int? month, IQuerySession session, IAccessScope scope, IYearViews years)
    {
        var station = await session.LoadAsync<MonitoringStationRecord>(InformatizationStreamKeys.Station(code));
        if (station is null) return Problem.NotFound(Msg("NoSuchStation", code)).ToResult();
        if (!await scope.CoversUnitAsync(station.UnitCode)) return Problem.OutOfScope.ToResult();
        var (view, problem) = AvailabilityView.Of(station.Code, station.Outages, year, month, years);
        return problem is not null ? problem.ToResult() : Results.Ok(view);
    }

    /// <summary>Read a monitoring station with its outages.</summary>
    /// <param name="code">The station's code.</param>
    /// <param name="session"></param>
    /// <param name="scope"></param>
    [WolverineGet("/api/v1/monitoring-stations/{code}", OperationId = "GetMonitoringStation"), Tags("Informatization"), ReadAccess]
    [NotUnitScoped("the station's unit is checked by the endpoint: 403 when it is outside the key's units")]
    [ProducesResponseType<MonitoringStationDetail>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> GetOne(string code, IQuerySession session, IAccessScope scope)
    {
        var station = await session.LoadAsync<MonitoringStationRecord>(InformatizationStreamKeys.Station(code));
        if (station is null) return Problem.NotFound(Msg("NoSuchStation", code)).ToResult();
        if (!await scope.CoversUnitAsync(station.UnitCode)) return Problem.OutOfScope.ToResult();
        return Results.Ok(new MonitoringStationDetail(station.Code, station.Name, station.Kind, station.UnitCode,
            station.Outages.OrderBy(o => o.From).Select(OutageView.Of).ToList()));
    }
}
