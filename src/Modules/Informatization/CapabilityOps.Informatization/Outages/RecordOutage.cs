using CapabilityOps.SharedKernel;
using FluentValidation;

namespace CapabilityOps.Informatization.Outages;

/// <summary>Record an outage of an information system or a monitoring station.</summary>
/// <param name="From">When it began: an instant with its offset, e.g. 2026-03-01T10:00:00+08:00.</param>
/// <param name="To">When it ended: after <c>from</c>, not in the future.</param>
/// <param name="Cause">What caused it, 1–500 characters.</param>
/// <param name="Impact">What it affected, 1–500 characters.</param>
public sealed record RecordOutage(DateTimeOffset? From, DateTimeOffset? To, string? Cause, string? Impact) : IHasExample<RecordOutage>
{
    public static RecordOutage Example => new(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(8)),
        new DateTimeOffset(2026, 3, 1, 14, 0, 0, TimeSpan.FromHours(8)), "机房供电中断", "视频会议中断，各县局无法接入");
}

public sealed class RecordOutageValidator : AbstractValidator<RecordOutage>
{
    public RecordOutageValidator()
    {
        RuleFor(x => x.From).Required();
        RuleFor(x => x.To).Required();
        RuleFor(x => x.To).Must((x, to) => to > x.From).When(x => x.From is not null && x.To is not null).WithText(Msg("OutageEndsBeforeItStarts"));
        RuleFor(x => x.Cause).RequiredText(500);
        RuleFor(x => x.Impact).RequiredText(500);
    }
}

/// <summary>What an outage must be, whichever kind of thing it concerns.</summary>
public static class OutageRules
{
    /// <summary>The problem with an outage's times as of <paramref name="now"/>, or null: it must have ended already.</summary>
    public static Problem? Check(RecordOutage command, DateTimeOffset now) =>
        command.To!.Value > now ? Problem.Invalid("to", Msg("OutageEndsInFuture")) : null;
}
