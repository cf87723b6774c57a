using CapabilityOps.Organization.Contracts;
using CapabilityOps.SharedKernel;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Memory;
using Wolverine.Http;

namespace CapabilityOps.Host.Access;

/// <summary>Issue an API key for a person or a system.</summary>
/// <param name="Name">A unique name for the key's holder, e.g. hr-system or county-a-learning; shown as recordedBy in every history entry it writes.</param>
/// <param name="Role">Admin, UnitWriter, Reader or DisciplineOfficer.</param>
/// <param name="UnitCode">The unit the key acts on (with every unit below it); required for UnitWriter, Reader and DisciplineOfficer, absent for Admin.</param>
/// <param name="ExpiresAt">When the key stops working; never when absent.</param>
public sealed record CreateApiKey(string? Name, string? Role, string? UnitCode, DateTimeOffset? ExpiresAt) : IHasExample<CreateApiKey>
{
    public static CreateApiKey Example => new("county-a-learning", Roles.UnitWriter, "XQ", null);
}

/// <summary>A new key. <paramref name="Key"/> is shown this once; only its hash is kept.</summary>
public sealed record IssuedApiKey(string Name, string Role, string? UnitCode, DateTimeOffset? ExpiresAt, string Key);

/// <summary>An API key as administrators list it (never the secret).</summary>
public sealed record ApiKeyView(string Name, string Role, string? UnitCode, DateTimeOffset? ExpiresAt, bool Revoked);

public sealed class CreateApiKeyValidator : AbstractValidator<CreateApiKey>
{
    public CreateApiKeyValidator()
    {
        RuleFor(x => x.Name).Code();
        RuleFor(x => x.Role).NotEmpty().WithText(Msg("RoleRequired"))
            .Must(r => r is null or Roles.Admin or Roles.UnitWriter or Roles.Reader or Roles.DisciplineOfficer)
            .WithText(Msg("RoleOneOf", $"{Roles.Admin}, {Roles.UnitWriter}, {Roles.Reader}, {Roles.DisciplineOfficer}"));
        RuleFor(x => x.UnitCode).Code().When(x => x.Role is Roles.UnitWriter or Roles.Reader or Roles.DisciplineOfficer)
            .WithText(Msg("UnitCodeRequiredForRole"));
        RuleFor(x => x.UnitCode).Null().When(x => x.Role is Roles.Admin).WithText(Msg("AdminHasNoUnit"));
    }
}

public static class ManageApiKeysEndpoints
{
    public static Decision Decide(CreateApiKey command, ApiKeyRecord? existing, UnitRecord? unit, string keyHash, DateTimeOffset now)
    {
        if (existing is not null) return Problem.Conflict(Msg("KeyExists", command.Name));
        if (command.UnitCode is not null && unit is null) return Problem.UnknownUnit("unitCode", command.UnitCode);
        if (command.ExpiresAt <= now) return Problem.Invalid("expiresAt", Msg("ExpiresInPast"));
        return Decision.Accept(new ApiKeyIssued(command.Name!, command.Role!, command.UnitCode, keyHash, command.ExpiresAt?.ToUniversalTime()));
    }

    /// <summary>Issue an API key.</summary>
    /// <remarks>The secret <c>key</c> is in this response only. Send it as the X-Api-Key header.</remarks>
    [WolverinePost("/api/v1/admin/api-keys", OperationId = "CreateApiKey"), Tags("Administration"), AdminAccess]
    [NotUnitScoped("administration: Admin keys act on every unit")]
    [ProducesResponseType<IssuedApiKey>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Create(CreateApiKey command, IDocumentSession session, TimeProvider clock)
    {
        var existing = await session.LoadAsync<ApiKeyRecord>(ApiKeyRecord.StreamKey(command.Name!));
        var unit = command.UnitCode is null ? null : await session.LoadAsync<UnitRecord>(StreamKeys.Unit(command.UnitCode));
        var secret = ApiKeyRecord.NewSecret();
        var decision = Decide(command, existing, unit, ApiKeyRecord.Hash(secret), clock.GetUtcNow());
        if (decision.Problem is { } problem) return problem.ToResult();

        session.Events.StartStream<ApiKeyRecord>(ApiKeyRecord.StreamKey(command.Name!), decision.Events);
        var issued = (ApiKeyIssued)decision.Events[0];
        return Results.Created($"/api/v1/admin/api-keys/{issued.Name}",
            new IssuedApiKey(issued.Name, issued.Role, issued.UnitCode, issued.ExpiresAt, secret));
    }

    /// <summary>Revoke an API key.</summary>
    /// <remarks>Takes effect on this instance at once and on every other instance within 5 seconds.</remarks>
    [WolverineDelete("/api/v1/admin/api-keys/{name}", OperationId = "RevokeApiKey"), Tags("Administration"), AdminAccess]
    [NotUnitScoped("administration: Admin keys act on every unit")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Revoke(string name, IDocumentSession session, IMemoryCache cache)
    {
        var stream = await session.Events.FetchForWriting<ApiKeyRecord>(ApiKeyRecord.StreamKey(name));
        if (stream.Aggregate is null) return Problem.NotFound(Msg("NoSuchKey", name)).ToResult();
        if (!stream.Aggregate.Revoked) stream.AppendOne(new ApiKeyRevoked(name));
        ApiKeyAuthentication.Forget(cache, stream.Aggregate.KeyHash);
        return Results.NoContent();
    }

    /// <summary>List API keys (never their secrets).</summary>
    [WolverineGet("/api/v1/admin/api-keys", OperationId = "ListApiKeys"), Tags("Administration"), AdminAccess]
    [NotUnitScoped("administration: Admin keys act on every unit")]
    public static async Task<IReadOnlyList<ApiKeyView>> List(IQuerySession session) =>
        (await session.Query<ApiKeyRecord>().OrderBy(k => k.Name).ToListAsync())
        .Select(k => new ApiKeyView(k.Name, k.Role, k.UnitCode, k.ExpiresAt, k.Revoked)).ToList();
}
