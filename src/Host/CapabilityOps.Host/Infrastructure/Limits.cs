using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CapabilityOps.Host.Infrastructure;

/// <summary>
/// Refusing abuse: a token bucket per API key (per client address for requests without a valid key)
/// answering 429 with Retry-After, and a request body limit answering 413 before a byte is read.
/// </summary>
public static class Limits
{
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    public static IServiceCollection AddLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var permitsPerSecond = configuration.GetValue("RateLimit:PermitsPerSecond", 100);
        var burst = configuration.GetValue("RateLimit:Burst", 200);
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetTokenBucketLimiter(
                    context.User.Identity?.Name is { } name ? "key:" + name : "ip:" + context.Connection.RemoteIpAddress,
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = burst,
                        TokensPerPeriod = permitsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            o.OnRejected = async (rejected, token) =>
            {
                var context = rejected.HttpContext;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await context.WriteProblemAsync(new SharedKernel.Problem(StatusCodes.Status429TooManyRequests, Msg("RateLimited", permitsPerSecond, burst)));
            };
        });
        return services;
    }

    /// <summary>
    /// Applies the endpoint's body limit (<see cref="IRequestSizeLimitMetadata"/>, else <c>Limits:MaxBodyBytes</c>,
    /// default 1 MiB): a declared Content-Length above it is refused at once with 413; a longer chunked body fails on read.
    /// </summary>
    public static WebApplication UseBodyLimit(this WebApplication app)
    {
        var defaultLimit = app.Configuration.GetValue("Limits:MaxBodyBytes", DefaultMaxBodyBytes);
        app.Use(async (context, next) =>
        {
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? defaultLimit;
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;
            if (context.Request.ContentLength > limit)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await context.WriteProblemAsync(new SharedKernel.Problem(StatusCodes.Status413PayloadTooLarge, Msg("BodyTooLarge", limit)));
                return;
            }
            await next(context);
        });
        return app;
    }
}
