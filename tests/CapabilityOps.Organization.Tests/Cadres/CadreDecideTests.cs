using CapabilityOps.Organization.Cadres;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;

namespace CapabilityOps.Organization.Tests.Cadres;

public class CadreDecideTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);
    private static readonly UnitRecord City = new() { Id = "unit:CITY", Code = "CITY", Name = "市局", Kind = UnitKind.CityBureau, Path = ["CITY"] };
    private static readonly UnitRecord County = new() { Id = "unit:C1", Code = "C1", Name = "县局", Kind = UnitKind.CountyBureau, ParentCode = "CITY", Path = ["CITY", "C1"] };

    private static RegisterCadre Registration(DateOnly birthDate, DateOnly joinedOn) =>
        new("A-1", "李娜", "CITY", Rank.Staff, birthDate, EducationLevel.JuniorCollege, PostCategory.General, false, joinedOn);

    private static CadreRecord Cadre() => CadreRecordFold.Apply(null, "cadre:A-1",
        new CadreRegistered("A-1", "李娜", "CITY", Rank.SectionLevel, new(1980, 1, 1), EducationLevel.JuniorCollege, PostCategory.General, true, new(2010, 1, 1)))!;

    [Fact]
    public void Registering_an_adult_in_a_known_unit_records_the_registration()
    {
        var decision = RegisterCadreEndpoint.Decide(Registration(new(1990, 2, 3), new(2015, 7, 1)), null, City, Today);
        decision.Events.ShouldHaveSingleItem().ShouldBeOfType<CadreRegistered>().UnitCode.ShouldBe("CITY");
    }

    [Theory]
    [InlineData("2010-01-01", "2026-01-01", "birthDate")] // 16 today: not an adult
    [InlineData("1990-01-01", "2026-12-01", "joinedOn")] // joins in the future
    [InlineData("1990-01-01", "2005-01-01", "joinedOn")] // joined at 15
    public void Implausible_dates_are_refused_naming_the_field(string birthDate, string joinedOn, string field) =>
        RegisterCadreEndpoint.Decide(Registration(DateOnly.Parse(birthDate), DateOnly.Parse(joinedOn)), null, City, Today)
            .Problem!.Errors!.ShouldContainKey(field);

    [Fact]
    public void A_known_staff_number_is_a_conflict_and_an_unknown_unit_invalid()
    {
        RegisterCadreEndpoint.Decide(Registration(new(1990, 1, 1), new(2015, 1, 1)), Cadre(), City, Today).Problem!.Status.ShouldBe(409);
        RegisterCadreEndpoint.Decide(Registration(new(1990, 1, 1), new(2015, 1, 1)), null, null, Today).Problem!.Errors!.ShouldContainKey("unitCode");
    }

    [Fact]
    public void A_transfer_names_the_unit_left_and_a_back_dated_one_is_ordered_by_date()
    {
        var cadre = Cadre();
        var decision = TransferCadreEndpoint.Decide(new TransferCadre("C1", new(2020, 3, 1)), cadre, County, Today);
        var transferred = decision.Events.ShouldHaveSingleItem().ShouldBeOfType<CadreTransferred>();
        transferred.FromUnitCode.ShouldBe("CITY");

        var after = CadreRecordFold.Apply(cadre, cadre.Id, transferred)!;
        after.UnitCode.ShouldBe("C1");
        after.UnitOn(new(2020, 2, 29)).ShouldBe("CITY");
        after.UnitOn(new(2020, 3, 1)).ShouldBe("C1");
    }

    [Fact]
    public void A_transfer_to_the_unit_held_or_outside_the_cadre_s_time_is_refused()
    {
        var cadre = Cadre();
        TransferCadreEndpoint.Decide(new TransferCadre("CITY", new(2020, 3, 1)), cadre, City, Today).Problem!.Status.ShouldBe(409);
        TransferCadreEndpoint.Decide(new TransferCadre("C1", new(2009, 3, 1)), cadre, County, Today).Problem!.Errors!.ShouldContainKey("effectiveOn");
        TransferCadreEndpoint.Decide(new TransferCadre("C1", Today.AddDays(1)), cadre, County, Today).Problem!.Errors!.ShouldContainKey("effectiveOn");
        TransferCadreEndpoint.Decide(new TransferCadre("C9", new(2020, 3, 1)), cadre, null, Today).Problem!.Errors!.ShouldContainKey("toUnitCode");
    }

    [Fact]
    public void A_promotion_records_the_rank_before_and_after()
    {
        var changed = ChangeCadreRankEndpoint.Decide(new ChangeCadreRank(Rank.Leader, new(2026, 6, 1)), Cadre(), Today)
            .Events.ShouldHaveSingleItem().ShouldBeOfType<CadreRankChanged>();
        changed.FromRank.ShouldBe(Rank.SectionLevel);
        changed.ToRank.ShouldBe(Rank.Leader);
        ChangeCadreRankEndpoint.Decide(new ChangeCadreRank(Rank.SectionLevel, new(2026, 6, 1)), Cadre(), Today).Problem!.Status.ShouldBe(409);
    }

    [Fact]
    public void An_education_award_raises_the_level_held_from_its_date()
    {
        var cadre = Cadre();
        var awarded = AwardEducationEndpoint.Decide(new AwardEducation(EducationLevel.Bachelor, new(2022, 7, 1)), cadre, Today).Events.Single();
        var after = CadreRecordFold.Apply(cadre, cadre.Id, awarded)!;
        after.Education.ShouldBe(EducationLevel.Bachelor);
        after.EducationOn(new(2022, 6, 30)).ShouldBe(EducationLevel.JuniorCollege);

        AwardEducationEndpoint.Decide(new AwardEducation(EducationLevel.Bachelor, new(2022, 7, 1)), after, Today).Problem!.Status.ShouldBe(409);
        AwardEducationEndpoint.Decide(new AwardEducation(EducationLevel.Master, Today.AddDays(1)), cadre, Today).Problem!.Errors!.ShouldContainKey("awardedOn");
    }
}
