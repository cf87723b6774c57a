using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;
using Wolverine.Http;

namespace CapabilityOps.Notifications.Webhooks;

/// <summary>Register a webhook: facts of the listed types are posted to its URL, signed with its secret.</summary>
/// <param name="Name">The webhook's name: 1–32 letters, digits or '-'. Unique.</param>
/// <param name="Url">Where deliveries are posted: an absolute http or https URL whose host is listed in the server's Webhooks:AllowedHosts.</param>
/// <param name="Events">The event types to deliver, e.g. StudyHoursLogged, GrassrootsVisitRecorded, MonthlyReportSubmitted, ReminderDue. Confidential facts are never offered.</param>
/// <param name="Secret">The key of the HMAC-SHA256 signature in X-Signature: 16–256 characters. Stored, never answered.</param>
public sealed record RegisterWebhook(string? Name, string? Url, string[]? Events, string? Secret) : IHasExample<RegisterWebhook>
{
    public static RegisterWebhook Example => new("hr-system", "https://hr.example.gov.cn/hooks/capabilityops",
        ["StudyHoursLogged", "MonthlyReportSubmitted", "ReminderDue"], "a-long-random-shared-secret-0123");
}

public sealed class RegisterWebhookValidator : AbstractValidator<RegisterWebhook>
{
    public RegisterWebhookValidator(IOptionsMonitor<WebhookOptions> options, DeliverableEvents catalogue)
    {
        RuleFor(x => x.Name).Code();
        RuleFor(x => x.Url).NotEmpty().WithText(Msg("Required"))
            .Must(u => u is null || RegisterWebhookEndpoint.ParseUrl(u) is not null).WithText(Msg("UrlFormat"))
            .Must(u => RegisterWebhookEndpoint.ParseUrl(u) is not { } url || options.CurrentValue.Allows(url.Host))
            .WithText(x => Msg("HostNotAllowed", RegisterWebhookEndpoint.ParseUrl(x.Url)?.Host));
        RuleFor(x => x.Events).NotEmpty().WithText(Msg("EventsRequired"));
        RuleForEach(x => x.Events).Must(catalogue.IsDeliverable).WithMessage((_, type) => Msg("NotDeliverable", type).ToString());
        RuleFor(x => x.Secret).NotEmpty().WithText(Msg("Required"))
            .Length(16, 256).WithText(Msg("SecretLength"));
    }
}

/// <summary>A registered webhook, as answered (never with its secret).</summary>
/// <param name="Name">The webhook's name.</param>
/// <param name="Url">Where deliveries are posted.</param>
/// <param name="Events">The event types delivered.</param>
/// <param name="RegisteredAt">When it was registered: facts recorded after this are delivered.</param>
public sealed record WebhookView(string Name, string Url, IReadOnlyList<string> Events, DateTimeOffset RegisteredAt)
{
    public static WebhookView Of(Webhook hook) => new(hook.Id, hook.Url, hook.Events, hook.RegisteredAt);
}

public static class RegisterWebhookEndpoint
{
    /// <summary>An absolute http or https URL with a host, without user information; null otherwise.</summary>
    public static Uri? ParseUrl(string? value) =>
        Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Host.Length > 0 && url.UserInfo.Length == 0
            ? url
            : null;

    public static Decision Decide(RegisterWebhook command, bool exists) =>
        exists ? Problem.Conflict(Msg("WebhookExists", command.Name)) : Decision.Accept();

    /// <summary>Register a webhook.</summary>
    /// <remarks>A host not in Webhooks:AllowedHosts is a 400; a name in use a 409. The secret is never answered.</remarks>
    [WolverinePost("/api/v1/admin/webhooks", OperationId = "RegisterWebhook"), Tags("Notifications"), AdminAccess]
    [NotUnitScoped("administration: a webhook receives facts of every unit")]
    [ProducesResponseType<WebhookView>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(RegisterWebhook command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var name = command.Name!.Trim();
        var decision = Decide(command, await session.LoadAsync<Webhook>(name, cancellation) is not null);
        if (decision.Problem is { } problem) return problem.ToResult();

        var hook = new Webhook
        {
            Id = name, Url = ParseUrl(command.Url)!.ToString(), Events = command.Events!.Distinct(StringComparer.Ordinal).ToArray(), Secret = command.Secret!,
            RegisteredAt = clock.GetUtcNow(), FromSequence = await LastSequenceAsync(session, cancellation),
        };
        // Two registrations of one name racing: the second insert fails, a 409.
        session.Insert(hook);
        return Results.Created($"/api/v1/admin/webhooks/{hook.Id}", WebhookView.Of(hook));
    }

    private static async Task<long> LastSequenceAsync(IDocumentSession session, CancellationToken cancellation)
    {
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        await using var command = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from {schema}.mt_events", (NpgsqlConnection)session.Connection!);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }
}
