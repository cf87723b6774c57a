using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Wolverine.Http;
using CapabilityOps.SharedKernel;

namespace CapabilityOps.Host.Infrastructure;

/// <summary>
/// Puts a POST's response on its Idempotency-Key claim before the transaction commits (a step between the endpoint and
/// Marten's SaveChanges), so facts, claim and response commit together: one commit per request instead of a second
/// one to store the response afterwards. Covers endpoints that answer with a value (201 with a body, 200 with a body);
/// any other answer (a problem, a file) is stored after the request by <see cref="IdempotencyMiddleware"/>.
/// </summary>
public sealed class IdempotentResponsePolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        // An own-transaction endpoint stores its answer on the claim itself (IIdempotencyClaims).
        foreach (var chain in chains.Where(c => c.HttpMethods.Contains("POST") && c.Method.ReturnVariable?.VariableType == typeof(IResult)
                     && !c.Method.Method.IsDefined(typeof(OwnTransactionAttribute), false)))
            chain.Postprocessors.Insert(0, new MethodCall(typeof(IdempotentResponsePolicy), nameof(Capture)));
    }

    public static void Capture(HttpContext context, IResult result)
    {
        if (context.Items[IdempotencyMiddleware.ClaimItem] is not IdempotencyRecord claim) return;
        if (result is ProblemHttpResult or ValidationProblem) return;
        if (result is not (IStatusCodeHttpResult { StatusCode: { } status } and IValueHttpResult { Value: { } value }) || status >= 300) return;
        var json = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        claim.Answer(status, result.GetType().GetProperty(nameof(Created.Location))?.GetValue(result) as string, value, json);
    }
}
