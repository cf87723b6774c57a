using CapabilityOps.SharedKernel;
using FluentValidation;

namespace CapabilityOps.Training;

/// <summary>Amounts in yuan: decimal, not negative, at most two decimals (fen).</summary>
public static class Money
{
    public static IRuleBuilderOptions<T, decimal?> Yuan<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.Required()
            .Must(x => x is null or >= 0m).WithText(Msg("YuanNotNegative"))
            .Must(x => x is null || decimal.Round(x.Value, 2) == x.Value).WithText(Msg("YuanTwoDecimals"));
}
