using CapabilityOps.Learning.StudyHours;
using CapabilityOps.Organization.Contracts;

namespace CapabilityOps.Learning.Tests.Decisions;

/// <summary>State for decide tests, without a database.</summary>
public static class Given
{
    public static readonly DateOnly Today = new(2026, 11, 25);

    public static CadreRecord Cadre(string staffNo = "A-1", string joinedOn = "2010-01-01", string unit = "CITY") => new()
    {
        Id = "cadre:" + staffNo, StaffNo = staffNo, Name = "李娜", BirthDate = new(1985, 1, 1), PostCategory = PostCategory.General,
        PartyMember = true, JoinedOn = DateOnly.Parse(joinedOn), Units = [new(unit, DateOnly.Parse(joinedOn))],
        Ranks = [new(Rank.Staff, DateOnly.Parse(joinedOn))], Educations = [new(EducationLevel.Bachelor, DateOnly.Parse(joinedOn))],
    };

    public static UnitRecord Unit(string code = "CITY") => new() { Id = "unit:" + code, Code = code, Name = "市局", Kind = UnitKind.CityBureau, Path = [code] };

    public static StudyDayState Day(CadreRecord? cadre, decimal hoursOnDay = 0, bool keyTaken = false) => new(cadre, hoursOnDay, keyTaken);
}
