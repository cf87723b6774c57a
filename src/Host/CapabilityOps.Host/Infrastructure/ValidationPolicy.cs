using FluentValidation;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Wolverine.Http;
using Wolverine.Http.CodeGen;

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
            var call = new MethodCall(typeof(ValidationPolicy),
                typeof(ValidationPolicy).GetMethod(nameof(Validate))!.MakeGenericMethod(chain.RequestType!));
            chain.Middleware.InsertRange(0, [call, new MaybeEndWithResultFrame(call.ReturnVariable!)]);
        }
    }

    public static async Task<IResult> Validate<T>(IValidator<T> validator, T? body)
    {
        if (body is null)
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
                detail: "The request body is required.", type: "https://httpstatuses.io/400");

        var result = await validator.ValidateAsync(body);
        if (result.IsValid) return WolverineContinue.Result();

        var errors = result.Errors
            .GroupBy(e => e.PropertyName)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        return Results.ValidationProblem(errors, title: "Invalid request",
            detail: string.Join(" ", errors.Values.SelectMany(m => m)), type: "https://httpstatuses.io/400");
    }
}
