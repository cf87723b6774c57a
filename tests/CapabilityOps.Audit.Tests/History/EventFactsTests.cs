using CapabilityOps.Audit.Facts;
using CapabilityOps.Discipline.Contracts.Events;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.ServiceVisits.Contracts.Events;
using JasperFx.Events;

namespace CapabilityOps.Audit.Tests.History;

public class EventFactsTests
{
    [Theory]
    [InlineData(typeof(CadreTransferred), "Organization")]
    [InlineData(typeof(GrassrootsVisitRecorded), "ServiceVisits")]
    [InlineData(typeof(SanctionImposed), "Discipline")]
    [InlineData(typeof(string), "System")]
    public void The_module_is_the_one_whose_contracts_declare_the_event(Type type, string module) => EventFacts.ModuleOf(type).ShouldBe(module);

    [Fact]
    public void Business_dates_are_the_date_fields_in_declaration_order_without_the_birth_date()
    {
        var registered = new CadreRegistered("S-1", "张伟", "U-1", Rank.Staff, new DateOnly(1985, 6, 15), EducationLevel.Bachelor, PostCategory.General,
            true, new DateOnly(2010, 1, 1));
        EventFacts.BusinessDates(registered).ShouldBe(new Dictionary<string, DateOnly> { ["joinedOn"] = new(2010, 1, 1) });
        var visit = new GrassrootsVisitRecorded("S-1", Guid.NewGuid(), new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 4), VisitKind.Rural, "某村", null);
        EventFacts.BusinessDates(visit).Keys.ShouldBe(["from", "to"]);
        EventFacts.BusinessDate(visit).ShouldBe(new DateOnly(2025, 3, 1));
        EventFacts.BusinessDate(new GrassrootsVisitRevoked("S-1", Guid.NewGuid(), "重复")).ShouldBeNull();
        var sanction = new SanctionImposed("S-1", SanctionSeverity.Warning, new DateOnly(2025, 10, 1), "x", null);
        EventFacts.BusinessDates(sanction).ShouldBe(new Dictionary<string, DateOnly> { ["imposedOn"] = new(2025, 10, 1), ["periodEnds"] = new(2026, 4, 1) });
    }

    [Fact]
    public void A_confidential_fact_shows_only_that_it_exists_to_every_role()
    {
        var sanction = new Event<SanctionImposed>(new SanctionImposed("S-1", SanctionSeverity.Warning, new DateOnly(2025, 10, 1), "违反纪律", "警告"))
        {
            Version = 3, Sequence = 42, Timestamp = DateTimeOffset.UnixEpoch, UserName = "discipline-office",
        };
        // Its details are read only at GET …/discipline, which logs each read; the history shows a neutral entry to everyone.
        var entry = EventFacts.Entry(sanction);
        entry.Module.ShouldBe("Discipline");
        entry.Confidential.ShouldBeTrue();
        entry.Data.ShouldBe(new EventFacts.Redacted(true));
        entry.BusinessDate.ShouldBeNull();
        entry.BusinessDates.ShouldBeEmpty();
        (entry.Version, entry.Sequence, entry.RecordedBy).ShouldBe((3L, 42L, "discipline-office"));
    }
}
