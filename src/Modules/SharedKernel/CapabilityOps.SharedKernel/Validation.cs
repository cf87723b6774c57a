using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.AspNetCore.Http;
using static CapabilityOps.SharedKernel.Messages;

namespace CapabilityOps.SharedKernel;

/// <summary>Field rules shared by every module, so a staff number or a date is judged the same everywhere.</summary>
public static partial class Validation
{
    [GeneratedRegex("^[A-Za-z0-9-]{1,32}$")]
    public static partial Regex CodePattern();

    /// <summary>The bureau's staff number (and a unit code): 1–32 letters, digits or '-'.</summary>
    public static IRuleBuilderOptions<T, string?> Code<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithText(Msg("Required"))
            .Matches(CodePattern()).WithText(Msg("CodeFormat"));

    public static IRuleBuilderOptions<T, TValue?> Required<T, TValue>(this IRuleBuilder<T, TValue?> rule) where TValue : struct =>
        rule.NotNull().WithText(Msg("Required"));

    public static IRuleBuilderOptions<T, string?> RequiredText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.Must(s => !string.IsNullOrWhiteSpace(s)).WithText(Msg("Required"))
            .MaximumLength(maxLength).WithText(Msg("MaxLength", maxLength));

    public static IRuleBuilderOptions<T, TEnum?> KnownEnum<T, TEnum>(this IRuleBuilder<T, TEnum?> rule) where TEnum : struct, Enum =>
        rule.NotNull().WithText(Msg("Required"))
            .Must(v => v is null || Enum.IsDefined(v.Value))
            .WithText(Msg("OneOf", string.Join(", ", Enum.GetNames<TEnum>())));

    /// <summary>
    /// The rule's message as a <see cref="Text"/>, rendered when the rule fails, in the request's language (FluentValidation
    /// then fills in <c>{PropertyName}</c>, the field's JSON name).
    /// </summary>
    public static IRuleBuilderOptions<T, TProperty> WithText<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule, Text message) =>
        rule.WithMessage(_ => message.ToString());

    /// <summary>The rule's message built from the validated object, rendered when the rule fails.</summary>
    public static IRuleBuilderOptions<T, TProperty> WithText<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule, Func<T, Text> message) =>
        rule.WithMessage(x => message(x).ToString());

    /// <summary>The 400 problem for a body that fails its validator, naming every failing field; null when it passes. A missing body fails.</summary>
    public static async Task<Problem?> FailuresAsync<T>(IValidator<T> validator, T? body)
    {
        if (body is null) return new Problem(StatusCodes.Status400BadRequest, Msg("BodyRequired"));

        var result = await validator.ValidateAsync(body);
        if (result.IsValid) return null;

        // FluentValidation rendered each message in the request's language already.
        var errors = result.Errors
            .GroupBy(e => e.PropertyName)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().Select(Text.Verbatim).ToArray());
        return new Problem(StatusCodes.Status400BadRequest, Text.Verbatim(string.Join(" ", errors.Values.SelectMany(m => m).Select(t => t.Key))), errors);
    }

    /// <summary>The 400 answer for a body that fails its validator, naming every failing field; null when it passes. A missing body fails.</summary>
    public static async Task<IResult?> ProblemAsync<T>(IValidator<T> validator, T? body) =>
        (await FailuresAsync(validator, body))?.ToResult();
}
