using CapabilityOps.Talent.Contracts.Events;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace CapabilityOps.Talent.Care;

/// <summary>A holiday visit, as the coverage route finds it: by festival and year, without reading the cadres' streams.</summary>
public sealed class HolidayVisitRecord
{
    /// <summary>The event's id.</summary>
    public Guid Id { get; set; }
    public string StaffNo { get; set; } = "";
    public CareFestival Festival { get; set; }
    public int Year { get; set; }
    public DateOnly VisitedOn { get; set; }
}

/// <summary>Inline: a visit is in the coverage the moment it is acknowledged.</summary>
public sealed partial class HolidayVisitProjection : EventProjection
{
    public HolidayVisitProjection() => IncludeType<HolidayVisitPaid>();

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        if (e.Data is HolidayVisitPaid v)
            operations.Insert(new HolidayVisitRecord { Id = e.Id, StaffNo = v.StaffNo, Festival = v.Festival, Year = v.Year, VisitedOn = v.VisitedOn });
        return ValueTask.CompletedTask;
    }
}
