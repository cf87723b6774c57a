using System.Diagnostics;
using System.Diagnostics.Metrics;
using Marten;
using Npgsql;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CapabilityOps.Host.Infrastructure;

/// <summary>
/// Observability: traces and metrics for HTTP requests (ASP.NET Core), database calls (Npgsql),
/// Wolverine messages and Marten (their ActivitySources and Meters are named "Wolverine" and "Marten"), plus
/// <c>capops.projection.lag</c> (events behind the high-water mark, per shard), exported over OTLP only when the
/// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Logs always carry the trace id (the correlation id)
/// through the logging scope. Nothing personal: no SQL parameters, no request bodies, no query strings.
/// </summary>
public static class Telemetry
{
    public const string MeterName = CapabilityOps.SharedKernel.Module.MeterName;

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        // The trace id and span id on every log entry (structured logs carry the correlation id).
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Services.AddSingleton<ProjectionLagGauge>();

        var endpoint = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint)) return builder;

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "capabilityops"))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.RecordException = true;
                    // The query string may carry a staff number or a name: leave it out.
                    o.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
                })
                .AddNpgsql()
                .AddSource("Wolverine", "Marten")
                .AddOtlpExporter())
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddMeter("Npgsql", "Wolverine", "Marten", MeterName)
                .AddOtlpExporter());
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeScopes = true;
            o.IncludeFormattedMessage = true;
            o.AddOtlpExporter();
        });
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ProjectionLagGauge>());
        return builder;
    }
}

/// <summary>Samples each projection shard's distance from the high-water mark every 10 s for the <c>capops.projection.lag</c> gauge.</summary>
internal sealed class ProjectionLagGauge : BackgroundService
{
    private readonly IDocumentStore _store;
    private readonly ILogger<ProjectionLagGauge> _logger;
    private volatile IReadOnlyList<Measurement<long>> _last = [];

    public ProjectionLagGauge(IDocumentStore store, IMeterFactory meters, ILogger<ProjectionLagGauge> logger)
    {
        _store = store;
        _logger = logger;
        var meter = meters.Create(Telemetry.MeterName);
        meter.CreateObservableGauge("capops.projection.lag", () => _last, unit: "{event}",
            description: "Events between the event store's high-water mark and each projection shard.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var progress = await _store.Advanced.AllProjectionProgress(token: stoppingToken);
                var high = progress.FirstOrDefault(p => p.ShardName == "HighWaterMark")?.Sequence ?? 0;
                _last = progress.Where(p => p.ShardName != "HighWaterMark")
                    .Select(p => new Measurement<long>(high - p.Sequence, new KeyValuePair<string, object?>("shard", p.ShardName)))
                    .ToList();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogDebug(e, "Projection lag not sampled");
            }
            try { await Task.Delay(TimeSpan.FromSeconds(10), stoppingToken); } catch (OperationCanceledException) { }
        }
    }
}
