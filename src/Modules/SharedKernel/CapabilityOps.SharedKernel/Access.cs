using Microsoft.AspNetCore.Authorization;

namespace CapabilityOps.SharedKernel;

/// <summary>The roles an API key can have.</summary>
public static class Roles
{
    /// <summary>Everything, on every unit: keys, rulebook, rebuild, verify.</summary>
    public const string Admin = "Admin";

    /// <summary>Records and reads facts for its unit and the units below it.</summary>
    public const string UnitWriter = "UnitWriter";

    /// <summary>Reads facts and views of its unit and the units below it.</summary>
    public const string Reader = "Reader";

    /// <summary>
    /// The discipline inspection office's key: reads as a Reader does, and records and reads sanctions and admonitions (with
    /// their confidential details) and discipline sessions for its unit and the units below it.
    /// </summary>
    public const string DisciplineOfficer = "DisciplineOfficer";
}

/// <summary>The authorization policies every route names exactly one of.</summary>
public static class AccessPolicies
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";
    public const string Discipline = "discipline";
    public const string WriteOrDiscipline = "write-or-discipline";
}

/// <summary>Any valid key (Reader, UnitWriter, DisciplineOfficer, Admin); unit scope still applies.</summary>
public sealed class ReadAccessAttribute() : AuthorizeAttribute(AccessPolicies.Read);

/// <summary>UnitWriter or Admin; unit scope still applies.</summary>
public sealed class WriteAccessAttribute() : AuthorizeAttribute(AccessPolicies.Write);

/// <summary>Admin only.</summary>
public sealed class AdminAccessAttribute() : AuthorizeAttribute(AccessPolicies.Admin);

/// <summary>DisciplineOfficer or Admin (confidential discipline records); unit scope still applies.</summary>
public sealed class DisciplineAccessAttribute() : AuthorizeAttribute(AccessPolicies.Discipline);

/// <summary>UnitWriter, DisciplineOfficer or Admin (discipline sessions); unit scope still applies.</summary>
public sealed class WriteOrDisciplineAccessAttribute() : AuthorizeAttribute(AccessPolicies.WriteOrDiscipline);

/// <summary>How a route's unit scope is decided; every /api route declares one (an architecture test checks).</summary>
public interface IUnitScopeMetadata
{
    string Describe();
}

/// <summary>The route acts on the cadre named by a route parameter: the cadre's current unit must be in the key's scope (checked before the endpoint runs).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ScopedToCadreAttribute(string routeParameter = "staffNo") : Attribute, IUnitScopeMetadata
{
    public string RouteParameter { get; } = routeParameter;

    /// <summary>
    /// The endpoint checks the cadre's current unit itself, from a statement it runs anyway (a hot read saves a round trip),
    /// and answers <see cref="Problem.OutOfScope"/>. Such an endpoint validates its body itself, after that check (the host's
    /// validation step leaves it alone), so an out-of-scope key still gets 403 before a 400.
    /// </summary>
    public bool CheckedByEndpoint { get; init; }

    public string Describe() => $"the cadre '{{{RouteParameter}}}' must belong to the key's unit or a unit below it";
}

/// <summary>The route acts on the unit named by a route parameter: it must be the key's unit or below it (checked before the endpoint runs).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ScopedToUnitAttribute(string routeParameter = "code") : Attribute, IUnitScopeMetadata
{
    public string RouteParameter { get; } = routeParameter;

    public string Describe() => $"the unit '{{{RouteParameter}}}' must be the key's unit or a unit below it";
}

/// <summary>The unit is named in the body (or in each imported row): the endpoint checks it with <see cref="IAccessScope"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ScopedByBodyAttribute(string field) : Attribute, IUnitScopeMetadata
{
    public string Field { get; } = field;

    public string Describe() => $"'{Field}' in the body must be the key's unit or a unit below it";
}

/// <summary>The route is not about one unit (admin routes, lists filtered to the key's scope); the reason is documented.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NotUnitScopedAttribute(string reason) : Attribute, IUnitScopeMetadata
{
    public string Reason { get; } = reason;

    public string Describe() => Reason;
}

/// <summary>
/// The calling key's reach: its unit and every unit below it (Admin: everything). Scoped to the request.
/// </summary>
public interface IAccessScope
{
    bool IsAdmin { get; }

    /// <summary>The key's unit; null for Admin.</summary>
    string? UnitCode { get; }

    Task<bool> CoversUnitAsync(string unitCode, CancellationToken cancellation = default);

    /// <summary>True when the cadre's current unit is covered, and for a cadre that does not exist: the endpoint answers that 404.</summary>
    Task<bool> CoversCadreAsync(string staffNo, CancellationToken cancellation = default);
}
