using CapabilityOps.SharedKernel;
using FluentValidation;

namespace CapabilityOps.ServiceVisits.Corrections;

/// <summary>Withdraw an assistance, article or suggestion recorded by mistake. It stops counting and stays in the cadre's history with the reason.</summary>
/// <param name="Reason">Why it is withdrawn, e.g. 重复录入 (at most 500 characters).</param>
public sealed record RevokeRecord(string? Reason) : IHasExample<RevokeRecord>
{
    public static RevokeRecord Example => new("重复录入");
}

/// <summary>A withdrawn record.</summary>
public sealed record RecordRevoked(Guid Id, string Reason);

public sealed class RevokeRecordValidator : AbstractValidator<RevokeRecord>
{
    public RevokeRecordValidator() => RuleFor(x => x.Reason).RequiredText(500);
}
