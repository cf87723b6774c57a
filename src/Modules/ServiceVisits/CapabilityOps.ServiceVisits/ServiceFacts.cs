namespace CapabilityOps.ServiceVisits;

/// <summary>A recorded service fact.</summary>
/// <param name="Id">Its id.</param>
public sealed record ServiceFactRecorded(Guid Id);

/// <summary>What the service-fact slices answer alike.</summary>
internal static class ServiceFacts
{
    /// <summary>Where a cadre's service year can be read: the Location of a recorded or corrected fact.</summary>
    public static string YearLocation(string staffNo, int year) => $"/api/v1/service-visits/cadres/{staffNo}?year={year}";
}
