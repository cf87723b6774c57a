using CapabilityOps.Appraisal.Contracts;
using CapabilityOps.Informatization.Availability;
using CapabilityOps.Informatization.Contracts;
using CapabilityOps.Informatization.Outages;
using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Informatization.Systems;

/// <summary>An information system with its outages.</summary>
/// <param name="Code">The system's code.</param>
/// <param name="Name">The system's name.</param>
/// <param name="Kind">What it is.</param>
/// <param name="UnitCode">The unit that operates it.</param>
/// <param name="Outages">Its outages, earliest first.</param>
public sealed record InformationSystemDetail(string Code, string Name, Contracts.Events.SystemKind Kind, string UnitCode, IReadOnlyList<OutageView> Outages);

public static class GetSystemAvailabilityEndpoint
{
    /// <summary>Read an information system's availability in a China month or year.</summary>
    /// <remarks>
    /// Downtime is the union of the system's outages within the period: overlapping outages count once, and an outage across a
    /// month's or a year's end counts in each for its part. Months and years are China time, of their real length.
    /// </remarks>
    /// <param name="code">The system's code.</param>
    /// <param name="year">The calendar year; the current year when left out.</param>
    /// <param name="month">1–12; the whole year when left out.</param>
    /// <param name="session"></param>
    /// <param name="scope"></param>
    /// <param name="years"></param>
    [WolverineGet("/api/v1/information-systems/{code}/availability", OperationId = "GetSystemAvailability"), Tags("Informatization"), ReadAccess]
    [NotUnitScoped("the system's unit is checked by the endpoint: 403 when it is outside the key's units")]
    [ProducesResponseType<AvailabilityView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string code, int? year, int? month, IQuerySession session, IAccessScope scope, IYearViews years)
    {
        var system = await session.LoadAsync<InformationSystemRecord>(InformatizationStreamKeys.System(code));
        if (system is null) return Problem.NotFound(Msg("NoSuchSystem", code)).ToResult();
        if (!await scope.CoversUnitAsync(system.UnitCode)) return Problem.OutOfScope.ToResult();
        var (view, problem) = AvailabilityView.Of(system.Code, system.Outages, year, month, years);
        return problem is not null ? problem.ToResult() : Results.Ok(view);
    }

    /// <summary>Read an information system with its outages.</summary>
    /// <param name="code">The system's code.</param>
    /// <param name="session"></param>
    /// <param name="scope"></param>
    [WolverineGet("/api/v1/information-systems/{code}", OperationId = "GetInformationSystem"), Tags("Informatization"), ReadAccess]
    [NotUnitScoped("the system's unit is checked by the endpoint: 403 when it is outside the key's units")]
    [ProducesResponseType<InformationSystemDetail>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> GetOne(string code, IQuerySession session, IAccessScope scope)
    {
        var system = await session.LoadAsync<InformationSystemRecord>(InformatizationStreamKeys.System(code));
        if (system is null) return Problem.NotFound(Msg("NoSuchSystem", code)).ToResult();
        if (!await scope.CoversUnitAsync(system.UnitCode)) return Problem.OutOfScope.ToResult();
        return Results.Ok(new InformationSystemDetail(system.Code, system.Name, system.Kind, system.UnitCode,
            system.Outages.OrderBy(o => o.From).Select(OutageView.Of).ToList()));
    }
}
