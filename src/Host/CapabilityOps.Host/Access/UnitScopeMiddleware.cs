using CapabilityOps.SharedKernel;
using Microsoft.AspNetCore.Mvc;

namespace CapabilityOps.Host.Access;

/// <summary>
/// Enforces <see cref="ScopedToCadreAttribute"/> and <see cref="ScopedToUnitAttribute"/> before any
/// endpoint runs: a key may act only on its unit and the units below it (403 otherwise, nothing changed).
/// </summary>
public sealed class UnitScopeMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IAccessScope scope, IProblemDetailsService problems)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        var allowed = metadata?.GetMetadata<IUnitScopeMetadata>() switch
        {
            ScopedToCadreAttribute { CheckedByEndpoint: false } cadre when context.GetRouteValue(cadre.RouteParameter) is string staffNo
                => await scope.CoversCadreAsync(staffNo, context.RequestAborted),
            ScopedToUnitAttribute unit when context.GetRouteValue(unit.RouteParameter) is string code
                => await scope.CoversUnitAsync(code, context.RequestAborted),
            _ => true,
        };
        if (allowed)
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = Problem.OutOfScope.ToProblemDetails() });
    }
}
