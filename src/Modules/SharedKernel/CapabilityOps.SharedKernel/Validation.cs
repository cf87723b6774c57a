using System.Text.RegularExpressions;
using FluentValidation;

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
}
