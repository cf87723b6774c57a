using FluentValidation;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Wolverine.Http;
using Wolverine.Http.CodeGen;
using CapabilityOps.SharedKernel;

namespace CapabilityOps.Host.Infrastructure;

/// <summary>
/// Runs the FluentValidation validator of an endpoint's request body before the endpoint, and answers
/// 400 with every failing field when it fails (the idea of WolverineFx.Http.FluentValidation, which is
/// not served here). A missing body is a 400 too.
/// </summary>
public sealed class ValidationPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.HasRequestType))
        {
            var validator = typeof(IValidator<>).MakeGenericType(chain.RequestType!);
            if (!container.RegistrationsFor(validator).Any()) continue;

            chain.Metadata.ProducesValidationProblem();
            // An endpoint that checks the unit scope itself validates its body itself, after that check: 403 comes before 400.
            if (chain.Method.Method.GetCustomAttributes(typeof(ScopedToCadreAttribute), false) is [ScopedToCadreAttribute { CheckedByEndpoint: true }])
                continue;
            var call = new MethodCall(typeof(ValidationPolicy),
                typeof(ValidationPolicy).GetMethod(nameof(Validate))!.MakeGenericMethod(chain.RequestType!));
            chain.Middleware.InsertRange(0, [call, new MaybeEndWithResultFrame(call.ReturnVariable!)]);
        }
    }

    public static async Task<IResult> Validate<T>(IValidator<T> validator, T? body) =>
        await Validation.ProblemAsync(validator, body) ?? WolverineContinue.Result();
}
