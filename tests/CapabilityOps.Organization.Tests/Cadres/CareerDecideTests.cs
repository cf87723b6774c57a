using CapabilityOps.Organization.Cadres;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.SharedKernel;

namespace CapabilityOps.Organization.Tests.Cadres;

/// <summary>A cadre's career, pure: membership months, the departure and return decisions, and the appender's date check after a departure.</summary>
public class CareerDecideTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);
    private static DateOnly D(string day) => DateOnly.Parse(day);

    private static CadreRecord Cadre(string joinedOn = "2010-03-01", params object[] facts) =>
        facts.Aggregate(CadreRecordFold.Apply(null, "cadre:A-1",
                new CadreRegistered("A-1", "李娜", "CITY", Rank.Staff, new(1985, 1, 1), EducationLevel.Bachelor, PostCategory.General, true, D(joinedOn)))!,
            (cadre, fact) => CadreRecordFold.Apply(cadre, "cadre:A-1", fact)!);

    private static CadreDeparted Left(string on, DepartureKind kind = DepartureKind.Retired) => new("A-1", kind, D(on), null, "CITY");

    [Theory]
    [InlineData("2010-01-01", null, null, 2025, 12)]
    [InlineData("2025-03-01", null, null, 2025, 10)]
    [InlineData("2025-03-15", null, null, 2025, 9)]
    [InlineData("2010-01-01", "2025-06-30", null, 2025, 6)]
    [InlineData("2010-01-01", "2025-06-29", null, 2025, 5)]
    [InlineData("2010-01-01", "2025-01-30", null, 2025, 0)]
    [InlineData("2010-01-01", "2025-06-30", null, 2026, 0)]
    [InlineData("2010-01-01", "2024-03-31", "2025-04-01", 2024, 3)]
    [InlineData("2010-01-01", "2024-03-31", "2025-04-01", 2025, 9)]
    [InlineData("2010-01-01", "2025-03-10", "2025-03-11", 2025, 12)] // away no whole day of a month in the end: every month is whole
    [InlineData("2025-02-15", "2025-05-31", null, 2025, 3)]
    public void Whole_months_of_membership_count_from_joining_and_up_to_leaving(string joinedOn, string? leftOn, string? returnedOn, int year, int months)
    {
        var departures = leftOn is null ? [] : new List<Departure> { new(DepartureKind.TransferredOut, D(leftOn), null, "CITY", returnedOn is null ? null : D(returnedOn)) };
        Membership.WholeMonthsIn(D(joinedOn), departures, year).Count.ShouldBe(months);
    }

    [Fact]
    public void A_cadre_is_a_member_to_the_last_day_and_again_from_the_return()
    {
        var cadre = Cadre("2010-03-01", Left("2024-03-31", DepartureKind.TransferredOut), new CadreReturned("A-1", D("2025-04-01"), "RSK"));
        cadre.IsMemberOn(D("2010-02-28")).ShouldBeFalse();
        cadre.IsMemberOn(D("2024-03-31")).ShouldBeTrue();
        cadre.IsMemberOn(D("2024-04-01")).ShouldBeFalse();
        cadre.AwayOn(D("2024-04-01"))!.Kind.ShouldBe(DepartureKind.TransferredOut);
        cadre.IsMemberOn(D("2025-04-01")).ShouldBeTrue();
        cadre.CurrentDeparture().ShouldBeNull();
        cadre.UnitOn(D("2025-04-01")).ShouldBe("RSK");
        cadre.UnitOn(D("2024-05-01")).ShouldBe("CITY"); // away: still associated with the unit left
        cadre.UnitsHeld.ShouldBe(["CITY", "RSK"]);
        cadre.MemberPeriods().ShouldBe([new MemberPeriod(D("2010-03-01"), D("2024-03-31")), new MemberPeriod(D("2025-04-01"), null)]);
        cadre.LastMemberDay(D("2024-12-31")).ShouldBe(D("2024-03-31"));
    }

    [Fact]
    public void A_Retired_departure_sets_the_retired_care_flag_and_other_departures_do_not()
    {
        Cadre(facts: Left("2025-06-30")).CareFlags.Retired.ShouldBeTrue();
        Cadre(facts: Left("2025-06-30", DepartureKind.Resigned)).CareFlags.Retired.ShouldBeFalse();
        Cadre().CareFlags.ShouldBe(new CareFlags());
    }

    [Fact]
    public void A_departure_is_recorded_once_on_a_day_of_membership_with_the_unit_left()
    {
        var decision = RecordDepartureEndpoint.Decide(new RecordDeparture(DepartureKind.Retired, D("2025-06-30"), " 到龄退休 "), Cadre(), Today);
        decision.Events.ShouldBe([new CadreDeparted("A-1", DepartureKind.Retired, D("2025-06-30"), "到龄退休", "CITY")]);

        var twice = RecordDepartureEndpoint.Decide(new RecordDeparture(DepartureKind.Resigned, D("2025-07-30"), null), Cadre(facts: Left("2025-06-30")), Today);
        twice.Problem!.Status.ShouldBe(409);
        twice.Problem.Detail.ToString().ShouldBe("Cadre 'A-1' left the system on 2025-06-30 (Retired) already.");

        RecordDepartureEndpoint.Decide(new RecordDeparture(DepartureKind.Retired, Today.AddDays(1), null), Cadre(), Today)
            .Problem!.Errors!.Keys.ShouldBe(["effectiveOn"]);
        RecordDepartureEndpoint.Decide(new RecordDeparture(DepartureKind.Retired, D("2010-02-01"), null), Cadre(), Today)
            .Problem!.Errors!.Keys.ShouldBe(["effectiveOn"]);
        var returned = Cadre(facts: [Left("2024-03-31"), new CadreReturned("A-1", D("2025-04-01"), "CITY")]);
        RecordDepartureEndpoint.Decide(new RecordDeparture(DepartureKind.Retired, D("2025-03-01"), null), returned, Today)
            .Problem!.Errors!.Keys.ShouldBe(["effectiveOn"]);
        RecordDepartureEndpoint.Decide(new RecordDeparture(DepartureKind.Retired, D("2025-05-01"), null), returned, Today).Accepted.ShouldBeTrue();
    }

    [Fact]
    public void Only_a_departed_cadre_returns_after_the_departure_into_a_known_unit()
    {
        var unit = new UnitRecord { Code = "RSK" };
        var departed = Cadre(facts: Left("2025-06-30"));
        RecordReturnEndpoint.Decide(new RecordReturn(D("2025-09-01"), "RSK"), departed, unit, Today).Events
            .ShouldBe([new CadreReturned("A-1", D("2025-09-01"), "RSK")]);

        RecordReturnEndpoint.Decide(new RecordReturn(D("2025-09-01"), "RSK"), Cadre(), unit, Today).Problem!.Status.ShouldBe(409);
        RecordReturnEndpoint.Decide(new RecordReturn(D("2025-06-30"), "RSK"), departed, unit, Today).Problem!.Errors!.Keys.ShouldBe(["effectiveOn"]);
        RecordReturnEndpoint.Decide(new RecordReturn(D("2025-09-01"), "NOPE"), departed, null, Today).Problem!.Errors!.Keys.ShouldBe(["unitCode"]);
        RecordReturnEndpoint.Decide(new RecordReturn(Today.AddDays(1), "RSK"), departed, unit, Today).Problem!.Errors!.Keys.ShouldBe(["effectiveOn"]);
    }

    [Fact]
    public void After_a_departure_a_fact_dated_later_is_409_naming_the_departure_and_one_dated_on_or_before_it_is_accepted()
    {
        var departed = Cadre(facts: Left("2025-06-30"));
        var later = FactDate.WhileCadre("studiedOn", D("2025-07-01")).Check(departed, Today)!;
        later.Status.ShouldBe(409);
        later.Detail.ToString().ShouldBe("Cadre 'A-1' left the system on 2025-06-30 (Retired): 'studiedOn' (2025-07-01) falls after the departure, so the fact is refused.");
        FactDate.WhileCadre("studiedOn", D("2025-06-30")).Check(departed, Today).ShouldBeNull();
        FactDate.WhileCadre("studiedOn", D("2025-07-01")).Check(departed, Today, allowedAfterDeparture: true).ShouldBeNull();
        FactDate.NotInFuture("awardedOn", D("2005-07-01")).Check(departed, Today).ShouldBeNull();
        FactDate.YearWhileCadre("year", 2025).Check(departed, Today).ShouldBeNull();
        FactDate.YearWhileCadre("year", 2026).Check(departed, Today)!.Status.ShouldBe(409);

        var returned = Cadre(facts: [Left("2024-03-31"), new CadreReturned("A-1", D("2025-04-01"), "CITY")]);
        FactDate.WhileCadre("heldOn", D("2024-10-01")).Check(returned, Today)!.Detail.ToString().ShouldContain("and returned on 2025-04-01");
        FactDate.WhileCadre("heldOn", D("2025-04-01")).Check(returned, Today).ShouldBeNull();

        // The rule is not asked once a date fails; a fact allowed after departure is decided by its rule.
        var fact = new CadreFact<CadreRecord>([FactDate.WhileCadre("on", D("2025-08-01"))], _ => Decision.Accept("fact"));
        fact.Decide(departed, Today).Problem!.Status.ShouldBe(409);
        fact.AfterDeparture().Decide(departed, Today).Events.ShouldBe(["fact"]);
    }
}
