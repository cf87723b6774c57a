namespace CapabilityOps.ServiceVisits.Contracts;

/// <summary>Where a grassroots visit went.</summary>
public enum VisitKind
{
    /// <summary>农村 — rural areas (villages, townships, sites in the countryside).</summary>
    Rural,
    /// <summary>企业 — an enterprise; the visit names it.</summary>
    Enterprise,
}
