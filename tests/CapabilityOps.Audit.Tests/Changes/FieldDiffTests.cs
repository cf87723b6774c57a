using CapabilityOps.Audit.Changes;
using CapabilityOps.Organization.Contracts;

namespace CapabilityOps.Audit.Tests.Changes;

public class FieldDiffTests
{
    private static RecordSnapshot Record(string unit = "U-1", EducationLevel education = EducationLevel.HighSchool, long version = 1) => new(
        "S-1", "张伟", unit, Rank.Leader, new DateOnly(1988, 1, 1), education, PostCategory.General, true, new DateOnly(2015, 1, 1), version,
        unit == "U-1" ? [new("U-1", new DateOnly(2015, 1, 1))] : [new("U-1", new DateOnly(2015, 1, 1)), new(unit, new DateOnly(2025, 7, 1))],
        [new("Leader", new DateOnly(2015, 1, 1))], [new(education.ToString(), new DateOnly(2015, 1, 1))]);

    private static YearComplianceView Year(decimal svcActual, bool trnMet, string unit = "U-1") => new(2025, 1, false, new DateOnly(2025, 12, 31), unit, "Leader",
        [new YearCheck("SVC-1", 60, svcActual, svcActual >= 60, "note"), new YearCheck("TRN-1", 2, trnMet ? 2 : 0, trnMet, null)]);

    [Fact]
    public void Only_fields_that_differ_are_listed_and_the_version_is_not_one_of_them()
    {
        FieldDiff.Compare(Record(version: 1), Record(version: 7)).ShouldBeEmpty();
        FieldDiff.Compare(Record(), Record("U-2")).ShouldBe([
            new FieldChange("unitCode", "U-1", "U-2"),
            new FieldChange("units", "U-1 from 2015-01-01", "U-1 from 2015-01-01; U-2 from 2025-07-01"),
        ]);
    }

    [Fact]
    public void A_record_that_did_not_exist_yet_shows_every_field_as_new()
    {
        var changes = FieldDiff.Compare(null, Record());
        changes.Count.ShouldBe(12);
        changes.ShouldAllBe(c => c.Before == null && c.After != null);
        changes[0].ShouldBe(new FieldChange("staffNo", null, "S-1"));
    }

    [Fact]
    public void Compliance_differs_by_rule_and_measure()
    {
        FieldDiff.Compare(Year(30, false), Year(10, true, "U-2")).ShouldBe([
            new FieldChange("unitCode", "U-1", "U-2"),
            new FieldChange("SVC-1.actual", "30", "10"),
            new FieldChange("TRN-1.actual", "0", "2"),
            new FieldChange("TRN-1.met", "false", "true"),
        ]);
        FieldDiff.Compare(Year(30, false), null).Select(c => c.Field).ShouldContain("compliant");
        FieldDiff.Compare((YearComplianceView?)null, null).ShouldBeEmpty();
    }
}
