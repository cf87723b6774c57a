using CapabilityOps.SharedKernel;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace CapabilityOps.Notifications.Webhooks;

/// <summary>One fact owed to a webhook and how its delivery went.</summary>
/// <param name="Id">The fact's id: the body's <c>id</c>, the same in every attempt.</param>
/// <param name="Type">The event type.</param>
/// <param name="OccurredAt">When the fact was recorded.</param>
/// <param name="Attempts">Attempts made so far.</param>
/// <param name="Status">Pending (an attempt is due), Delivered (acknowledged with a 2xx), Refused (the target is not allowed) or Failed (given up).</param>
/// <param name="LastError">What the last failed attempt met (the receiver's status, a redirect not followed, a transport error), as is; null after success.</param>
public sealed record WebhookDeliveryView(Guid Id, string Type, DateTimeOffset OccurredAt, int Attempts, DeliveryStatus Status, string? LastError);

public static class ListDeliveriesEndpoint
{
    public const int Listed = 1000;

    /// <summary>A webhook's delivery log: newest fact first.</summary>
    /// <remarks>At most the newest 1000 deliveries.</remarks>
    /// <param name="name">The webhook's name.</param>
    [WolverineGet("/api/v1/admin/webhooks/{name}/deliveries", OperationId = "ListWebhookDeliveries"), Tags("Notifications"), AdminAccess]
    [NotUnitScoped("administration: a webhook receives facts of every unit")]
    [ProducesResponseType<IReadOnlyList<WebhookDeliveryView>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string name, IQuerySession session, CancellationToken cancellation)
    {
        if (await session.LoadAsync<Webhook>(name, cancellation) is null) return Problem.NotFound(Msg("NoSuchWebhook", name)).ToResult();
        var deliveries = await session.Query<WebhookDelivery>().Where(d => d.Webhook == name)
            .OrderByDescending(d => d.OccurredAt).ThenByDescending(d => d.PlannedAt).Take(Listed).ToListAsync(cancellation);
        return Results.Ok(deliveries.Select(d => new WebhookDeliveryView(d.FactId, d.Type, d.OccurredAt, d.Attempts, d.Status, d.LastError)).ToList());
    }
}
