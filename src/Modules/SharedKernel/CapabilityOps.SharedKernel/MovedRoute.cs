using Microsoft.AspNetCore.Http;

namespace CapabilityOps.SharedKernel;

/// <summary>
/// The route has moved to <see cref="NewRoute"/> and stays for one release answering <c>308 Permanent Redirect</c> there, so a
/// client's POST is repeated with its method and body. It records nothing and claims no Idempotency-Key (the request it
/// redirects to claims it), and the OpenAPI document lists it as deprecated, naming the new route.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MovedRouteAttribute(string newRoute) : Attribute
{
    /// <summary>The route template it moved to, e.g. <c>/api/v1/cadres/{staffNo}/grassroots-visits/{visitId}/revocations</c>.</summary>
    public string NewRoute { get; } = newRoute;

    /// <summary>308 to <paramref name="path"/>, with the request's query string.</summary>
    public static IResult Redirect(HttpContext context, string path) =>
        Results.Redirect(path + context.Request.QueryString, permanent: true, preserveMethod: true);
}
