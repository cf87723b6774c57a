using System.Text.Encodings.Web;
using System.Text.Json.Serialization;

using FluentValidation;
using JasperFx;
using JasperFx.CodeGeneration;
using Marten;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;
using CapabilityOps.Host.Access;
using CapabilityOps.SharedKernel;

namespace CapabilityOps.Host.Infrastructure;

/// <summary>What every module stands on: the event store, Wolverine, JSON, problem details, health, Swagger.</summary>
public static class Platform
{
    /// <summary>
    /// Release builds carry the handler code build/codegen wrote (see the csproj) and load it: start-up skips
    /// generating and compiling every handler with Roslyn, seconds and much memory (docs/PERFORMANCE.md). Debug builds generate it.
    /// </summary>
    private const TypeLoadMode PrebuiltHandlers =
#if PREBUILT_HANDLERS
        TypeLoadMode.Static;
#else
        TypeLoadMode.Dynamic;
#endif

    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var connectionString = configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("Set the connection string ConnectionStrings:Postgres (ConnectionStrings__Postgres).");
        connectionString = WithConnectionDefaults(connectionString);
        // Development and tests create the schema as they go; production applies it by an explicit command (docs/OPERATIONS.md).
        var autoCreate = configuration.GetValue("Database:AutoCreate", builder.Environment.IsDevelopment());

        // build/bench alone moves the clock (its simulated midnight); everything else runs on the system clock.
        services.AddSingleton(configuration.GetValue(Operations.BenchBaseline.Setting, false) ? new Operations.BenchClock() : TimeProvider.System);
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : JsonNamingPolicyCamel(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : JsonNamingPolicyCamel(member.Name);

        static void Json(System.Text.Json.JsonSerializerOptions o)
        {
            o.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            // Chinese text and punctuation as they are, not \uXXXX escapes (responses are JSON, never HTML).
            o.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            o.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        }
        services.ConfigureHttpJsonOptions(o => Json(o.SerializerOptions));
        // The same for MVC's: with the dashboard's Razor Pages registered, Swashbuckle describes schemas by MVC's options, and
        // the dashboard's JSON answers use them.
        services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(o => Json(o.JsonSerializerOptions));

        services.AddSingleton<QuietMartenLogger>();
        services.AddSingleton<Operations.ProjectionRebuild>();
        var marten = services.AddMarten(sp =>
            {
                var opts = new StoreOptions();
                opts.Logger(sp.GetRequiredService<QuietMartenLogger>());
                opts.Connection(connectionString);
                EventStoreConventions.Apply(opts);
                // Strict projections: an apply error or an unknown event stops the projection (visible in health).
                opts.Projections.Errors.SkipApplyErrors = false;
                opts.Projections.Errors.SkipSerializationErrors = false;
                opts.Projections.Errors.SkipUnknownEvents = false;
                opts.Projections.RebuildErrors.SkipApplyErrors = false;
                opts.Projections.RebuildErrors.SkipSerializationErrors = false;
                opts.Projections.RebuildErrors.SkipUnknownEvents = false;
                opts.AutoCreateSchemaObjects = autoCreate ? AutoCreate.CreateOrUpdate : AutoCreate.None;
                opts.Storage.ExtendedSchemaObjects.Add(IdempotencyTable.Definition(opts.DatabaseSchemaName));
                opts.Storage.ExtendedSchemaObjects.Add(DecidedAhead.Definition(opts.DatabaseSchemaName));
                // Each running shard's heartbeat is written to mt_event_progression every 5 s. JasperFx writes it only when a
                // shard starts, pauses or stops unless this is set, so the heartbeat froze at the shard's start and
                // ReadinessCheck's silence rule (behind and no beat for a minute) took every shard for dead whenever it was
                // momentarily behind a minute after the start: readiness flapped under writes.
                opts.Projections.ExtendedProgressionHeartbeatInterval = TimeSpan.FromSeconds(5);
                // HotCold: a standby node tries for the daemon's advisory lock every second (the lock is free as soon as the
                // session of a dead node is gone), so the daemon moves to a surviving node within seconds.
                opts.Projections.LeadershipPollingTime = 1000;
                return opts;
            })
            .UseLightweightSessions()
            // HotCold: one node runs each asynchronous projection; another takes over when it dies.
            .AddAsyncDaemon(JasperFx.Events.Daemon.DaemonMode.HotCold)
            .IntegrateWithWolverine();
        // Where the schema is created as it goes, all of it at start, under Marten's lock, before any other hosted service: two
        // hosts on one database (the tests' second instance) then never race each other's first-use DDL.
        if (autoCreate) marten.ApplyAllDatabaseChangesOnStartup();

        builder.Host.UseWolverine(opts =>
        {
            opts.ApplicationAssembly = typeof(Platform).Assembly;
            opts.Policies.AutoApplyTransactions();
            opts.AutoBuildMessageStorageOnStartup = autoCreate ? AutoCreate.CreateOrUpdate : AutoCreate.None;
            opts.CodeGeneration.TypeLoadMode = configuration.GetValue("Wolverine:TypeLoadMode", PrebuiltHandlers);
            // Failover within seconds (docs/OPERATIONS.md): every node beats every second, and a node whose last beat is older than
            // the stale timeout is taken for dead — the leader's lock is taken over, the dead node's agents (the durability
            // agent that recovers its messages) are assigned to a live node and its row is removed. A live node that was
            // only slow re-registers on its next beat. Wolverine's defaults (10 s, 60 s) made a takeover take up to a minute.
            opts.Durability.FirstHealthCheckExecution = TimeSpan.FromSeconds(1);
            opts.Durability.HealthCheckPollingTime = configuration.GetValue("Cluster:HeartbeatInterval", TimeSpan.FromSeconds(1));
            opts.Durability.StaleNodeTimeout = configuration.GetValue("Cluster:StaleNodeTimeout", TimeSpan.FromSeconds(5));
            if (configuration["Wolverine:GeneratedCodeOutputPath"] is { Length: > 0 } output) opts.CodeGeneration.GeneratedCodeOutputPath = output;
        });
        services.AddWolverineHttp();

        services.AddProblemDetails(o => o.CustomizeProblemDetails = JsonProblems.Describe);
        services.AddRequestLocalization(Languages.Configure);
        services.AddLimits(configuration);
        services.AddHostedService<IdempotencyCleanup>();
        services.AddSingleton<IdempotencyTable>();
        services.AddScoped<IIdempotencyClaims, IdempotencyClaims>();
        services.AddExceptionHandler<ExceptionProblems>();
        services.AddHealthChecks().AddCheck<ReadinessCheck>("database-and-projections", tags: ["ready"]);
        services.AddApiDocumentation();
        builder.AddTelemetry();
        return builder;
    }

    public static WebApplication UsePlatform(this WebApplication app)
    {
        // First, so that every answer, a refusal by any later step included, is in the request's language.
        app.UseRequestLocalization();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapProblemPages();
        app.UseApiDocumentation();
        app.UseBodyLimit();
        app.BufferJsonBodies();
        app.UseAccess();
        app.UseMiddleware<IdempotencyMiddleware>();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapWolverineEndpoints(opts =>
        {
            opts.RejectUnparseableQueryValues = true;
            opts.AddPolicy<ValidationPolicy>();
            opts.AddPolicy<IdempotentResponsePolicy>();
            opts.AddMiddleware(typeof(RecordingMiddleware), chain => !chain.HttpMethods.All(m => m is "GET" or "HEAD")
                && !chain.Method.Method.IsDefined(typeof(OwnTransactionAttribute), false)
                && !chain.Method.Method.IsDefined(typeof(MovedRouteAttribute), false));
        });
        return app;
    }

    /// <summary>
    /// Settings the host relies on, added to the configured connection string; values already in it win. A
    /// request that meets a dead or hung database fails within a bounded time (503, ExceptionProblems) instead of
    /// waiting on Npgsql's defaults. And the server checks every second that the client of a running statement is still
    /// there (<c>client_connection_check_interval</c>): the daemon's advisory locks are held by a connection that waits in a
    /// server-side sleep between checks of the lock, and without the check the session of a crashed host kept its locks
    /// until that sleep ended, up to a minute, so no other instance could take the daemon over.
    /// </summary>
    internal static string WithConnectionDefaults(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Timeout")) builder.Timeout = 5;
        if (!given.ContainsKey("Command Timeout") && !given.ContainsKey("CommandTimeout")) builder.CommandTimeout = 30;
        if (!given.ContainsKey("Keepalive")) builder.KeepAlive = 10;
        if (builder.Options?.Contains(ConnectionCheck, StringComparison.Ordinal) != true)
            builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? $"-c {ConnectionCheck}=1000" : $"{builder.Options} -c {ConnectionCheck}=1000";
        return builder.ConnectionString;
    }

    private const string ConnectionCheck = "client_connection_check_interval";

    private static string JsonNamingPolicyCamel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
}
