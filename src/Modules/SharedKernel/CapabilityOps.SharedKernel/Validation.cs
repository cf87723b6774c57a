using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.AspNetCore.Http;

namespace CapabilityOps.SharedKernel;

/// <summary>Field rules shared by every module, so a staff number or a date is judged the same everywhere.</summary>
public static partial class Validation
{
    [GeneratedRegex("^[A-Za-z0-9-]{1,32}$")]
    public static partial Regex CodePattern();

    /// <summary>The bureau's staff number (and a unit code): 1–32 letters, digits or '-'.</summary>
    public static IRuleBuilderOptions<T, string?> Code<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("'{PropertyName}' is required.")
            .Matches(CodePattern()).WithMessage("'{PropertyName}' must be 1–32 letters, digits or '-'.");

    public static IRuleBuilderOptions<T, TValue?> Required<T, TValue>(this IRuleBuilder<T, TValue?> rule) where TValue : struct =>
        rule.NotNull().WithMessage("'{PropertyName}' is required.");

    public static IRuleBuilderOptions<T, string?> RequiredText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage("'{PropertyName}' is required.")
            .MaximumLength(maxLength).WithMessage($"'{{PropertyName}}' must be at most {maxLength} characters.");

    public static IRuleBuilderOptions<T, TEnum?> KnownEnum<T, TEnum>(this IRuleBuilder<T, TEnum?> rule) where TEnum : struct, Enum =>
        rule.NotNull().WithMessage("'{PropertyName}' is required.")
            .Must(v => v is null || Enum.IsDefined(v.Value))
            .WithMessage($"'{{PropertyName}}' must be one of {string.Join(", ", Enum.GetNames<TEnum>())}.");

    /// <summary>The 400 answer for a body that fails its validator, naming every failing field; null when it passes. A missing body fails.</summary>
    public static async Task<IResult?> ProblemAsync<T>(IValidator<T> validator, T? body)
    {
        if (body is null)
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
                detail: "The request body is required.", type: "https://httpstatuses.io/400");

        var result = await validator.ValidateAsync(body);
        if (result.IsValid) return null;

        var errors = result.Errors
            .GroupBy(e => e.PropertyName)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        return Results.ValidationProblem(errors, title: "Invalid request",
            detail: string.Join(" ", errors.Values.SelectMany(m => m)), type: "https://httpstatuses.io/400");
    }
}
