using System.Security.Cryptography;
using System.Text;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CapabilityOps.Host.Access;

/// <summary>An administrator issued an API key. Only the key's SHA-256 hash is kept.</summary>
public sealed record ApiKeyIssued(string Name, string Role, string? UnitCode, string KeyHash, DateTimeOffset? ExpiresAt);

/// <summary>An administrator revoked an API key.</summary>
public sealed record ApiKeyRevoked(string Name);

/// <summary>An API key as the authentication handler reads it (stream <c>apikey:{name}</c>).</summary>
public sealed class ApiKeyRecord
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    public string? UnitCode { get; set; }
    public string KeyHash { get; set; } = "";
    public DateTimeOffset? ExpiresAt { get; set; }
    public bool Revoked { get; set; }

    public static string StreamKey(string name) => "apikey:" + name;

    public static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>A new secret: 32 random bytes, URL-safe, with a prefix that makes a leaked key easy to spot.</summary>
    public static string NewSecret() => "cok_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed partial class ApiKeyRecordProjection : SingleStreamProjection<ApiKeyRecord, string>
{
    public ApiKeyRecordProjection()
    {
        IncludeType<ApiKeyIssued>();
        IncludeType<ApiKeyRevoked>();
    }

    public override ApiKeyRecord? Evolve(ApiKeyRecord? snapshot, string id, IEvent e) => e.Data switch
    {
        ApiKeyIssued i => new ApiKeyRecord { Id = id, Name = i.Name, Role = i.Role, UnitCode = i.UnitCode, KeyHash = i.KeyHash, ExpiresAt = i.ExpiresAt },
        ApiKeyRevoked when snapshot is not null => Revoke(snapshot),
        _ => snapshot,
    };

    private static ApiKeyRecord Revoke(ApiKeyRecord key)
    {
        key.Revoked = true;
        return key;
    }
}
