using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using JasperFx.CodeGeneration.Model;
using JasperFx.Core.Reflection;
using Marten;
using Wolverine.Http;
using CapabilityOps.SharedKernel;

namespace CapabilityOps.Host.Infrastructure;

/// <summary>
/// Claims a POST's Idempotency-Key with its answer in the request's transaction: a step between the endpoint and Marten's
/// SaveChanges renders the endpoint's answer (an <see cref="IResult"/>: a 201 with its body and Location, a problem, anything)
/// into the response buffer <see cref="IdempotencyMiddleware"/> holds, and queues the claim row with that status, Content-Type,
/// Location and body on the session, so facts, claim and answer commit in one statement batch and one commit. A retry is then
/// answered with the very bytes the first attempt sent, whenever the first attempt committed, also when its response was lost.
/// </summary>
public sealed class IdempotentResponsePolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        // An own-transaction endpoint stores its answer on the claim itself (IIdempotencyClaims); a moved route claims nothing.
        foreach (var chain in chains.Where(c => c.HttpMethods.Contains("POST")
                     && !c.Method.Method.IsDefined(typeof(OwnTransactionAttribute), false) && !c.Method.Method.IsDefined(typeof(MovedRouteAttribute), false)))
        {
            // Only an IResult can be rendered before the commit; an answer Wolverine writes itself would go out after it.
            if (chain.Method.ReturnVariable is not { } result || result.VariableType != typeof(IResult))
                throw new InvalidOperationException(
                    $"{chain.Method.HandlerType.FullNameInCode()}.{chain.Method.Method.Name} answers a POST with {chain.Method.ReturnVariable?.VariableType.Name ?? "nothing"}: " +
                    "a POST returns IResult (e.g. Results.Ok(value)), so that its answer commits with its Idempotency-Key claim.");
            chain.Postprocessors.Insert(0, new AnswerFrame(result));
        }
    }

    /// <summary>
    /// Renders <paramref name="result"/> into the buffered response and queues the claim with it; returns what is left to
    /// write (nothing, when it was rendered). Without a key the result is returned as it is, to be written after the commit.
    /// </summary>
    public static async Task<IResult> AnswerAsync(HttpContext context, IResult result, IDocumentSession session)
    {
        if (context.Items[IdempotencyMiddleware.ClaimItem] is not IdempotencyClaim { Buffer: { } buffer } claim) return result;
        await result.ExecuteAsync(context);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        // A server error claims nothing: it recorded nothing, and a retry is decided afresh.
        if (context.Response.StatusCode < StatusCodes.Status500InternalServerError)
        {
            claim.Answer(context.Response.StatusCode, context.Response.ContentType,
                context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null, buffer.ToArray());
            session.QueueSqlCommand(claim.Table.InsertSql(positional: false), IdempotencyTable.InsertValues(claim)!);
        }
        return Rendered;
    }

    private static readonly IResult Rendered = Results.Empty;

    /// <summary><c>result = await AnswerAsync(httpContext, result, documentSession);</c></summary>
    private sealed class AnswerFrame(Variable result) : AsyncFrame
    {
        private Variable? _context;
        private Variable? _session;

        public override IEnumerable<Variable> FindVariables(IMethodVariables chain)
        {
            yield return _context = chain.FindVariable(typeof(HttpContext));
            yield return _session = chain.FindVariable(typeof(IDocumentSession));
            yield return result;
        }

        public override void GenerateCode(GeneratedMethod method, ISourceWriter writer)
        {
            writer.WriteComment("The answer, rendered and stored with the Idempotency-Key claim before the commit");
            writer.Write($"{result.Usage} = await {typeof(IdempotentResponsePolicy).FullNameInCode()}.{nameof(AnswerAsync)}" +
                         $"({_context!.Usage}, {result.Usage}, {_session!.Usage}).ConfigureAwait(false);");
            Next?.GenerateCode(method, writer);
        }
    }
}
