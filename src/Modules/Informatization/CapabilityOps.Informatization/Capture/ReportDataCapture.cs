using CapabilityOps.Informatization.Contracts;
using CapabilityOps.Informatization.Contracts.Events;
using CapabilityOps.Informatization.Stations;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Informatization.Capture;

/// <summary>A station's data capture of one day, as the monitoring platform reports it.</summary>
/// <param name="Expected">Readings the station should have delivered that day, 0 or more.</param>
/// <param name="Received">Readings received, 0 or more and at most <c>expected</c>.</param>
public sealed record ReportDataCapture(int? Expected, int? Received) : IHasExample<ReportDataCapture>
{
    public static ReportDataCapture Example => new(24, 23);
}

public sealed class ReportDataCaptureValidator : AbstractValidator<ReportDataCapture>
{
    public ReportDataCaptureValidator()
    {
        RuleFor(x => x.Expected).Required().GreaterThanOrEqualTo(0).WithText(Msg("NotNegative"));
        RuleFor(x => x.Received).Required().GreaterThanOrEqualTo(0).WithText(Msg("NotNegative"));
        RuleFor(x => x.Received).Must((x, received) => received <= x.Expected)
            .When(x => x.Expected is >= 0 && x.Received is >= 0).WithText(Msg("ReceivedAboveExpected"));
    }
}

/// <summary>A station's data capture of one day, as recorded.</summary>
/// <param name="Code">The station's code.</param>
/// <param name="Date">The China day.</param>
/// <param name="Expected">Readings expected.</param>
/// <param name="Received">Readings received.</param>
public sealed record DataCaptureView(string Code, DateOnly Date, int Expected, int Received);

public static class ReportDataCaptureEndpoint
{
    public static Decision Decide(string code, DateOnly date, ReportDataCapture command, MonitoringStationRecord? station, DateOnly today)
    {
        if (station is null) return Problem.NotFound(Msg("NoSuchStation", code));
        if (date > today) return Problem.InFuture("date");
        return Decision.Accept(new DataCaptureReported(station.Code, station.UnitCode, date, command.Expected!.Value, command.Received!.Value));
    }

    /// <summary>Report a station's data capture of one day.</summary>
    /// <remarks>
    /// Posted once a day per station by the monitoring platform. Sending the same day again replaces its figures in every
    /// capture rate (the earlier report stays in the station's history), so a retried post never counts twice.
    /// </remarks>
    /// <param name="code">The station's code.</param>
    /// <param name="date">The China day (YYYY-MM-DD), not in the future.</param>
    /// <param name="command"></param>
    /// <param name="session"></param>
    /// <param name="scope"></param>
    /// <param name="clock"></param>
    [WolverinePut("/api/v1/monitoring-stations/{code}/data-capture/{date}", OperationId = "ReportDataCapture"), Tags("Informatization"), WriteAccess]
    [NotUnitScoped("the station's unit is checked by the endpoint: 403 when it is outside the key's units")]
    [ProducesResponseType<DataCaptureView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Put(string code, DateOnly date, ReportDataCapture command, IDocumentSession session, IAccessScope scope, TimeProvider clock)
    {
        // One small transaction: the station's stream locked (its record read with it), the report appended and its month
        // rewritten by the inline projection under that lock.
        var stream = await session.Events.FetchForExclusiveWriting<MonitoringStationRecord>(InformatizationStreamKeys.Station(code));
        if (stream.Aggregate is { } station && !await scope.CoversUnitAsync(station.UnitCode)) return Problem.OutOfScope.ToResult();
        var decision = Decide(code, date, command, stream.Aggregate, ChinaTime.Today(clock));
        if (decision.Problem is { } problem) return problem.ToResult();

        stream.AppendMany(decision.Events);
        var reported = (DataCaptureReported)decision.Events[0];
        return Results.Ok(new DataCaptureView(reported.StationCode, reported.Day, reported.Expected, reported.Received));
    }
}
