using CapabilityOps.SharedKernel;

namespace CapabilityOps.Host.Infrastructure;

/// <summary>Writes a <see cref="Problem"/> from middleware, in the request's language, through the host's problem-details service.</summary>
internal static class ProblemWriting
{
    public static Task WriteProblemAsync(this HttpContext context, Problem problem)
    {
        context.Response.StatusCode = problem.Status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem.ToProblemDetails(),
        }).AsTask();
    }
}
