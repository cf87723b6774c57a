using CapabilityOps.Discipline.Codes;
using CapabilityOps.Discipline.Contracts.Events;
using CapabilityOps.Discipline.Records;
using CapabilityOps.Discipline.Sessions;
using CapabilityOps.Organization.Contracts;

namespace CapabilityOps.Discipline.Tests.Sessions;

/// <summary>The pure decisions of sessions and acknowledgements: what is accepted and the problem otherwise.</summary>
public class DecideTests
{
    private static readonly DateOnly Today = new(2025, 12, 1);

    private static CadreRecord Cadre(string staffNo, string unit, Rank rank = Rank.Staff) => new()
    {
        Id = "cadre:" + staffNo, StaffNo = staffNo, JoinedOn = new DateOnly(2015, 1, 1), Units = [new(unit, new DateOnly(2015, 1, 1))],
        UnitsHeld = [unit], Ranks = [new(rank, new DateOnly(2015, 1, 1))], Educations = [new(EducationLevel.Bachelor, new DateOnly(2015, 1, 1))],
    };

    private static readonly UnitRecord County = new() { Id = "unit:XQ", Code = "XQ", Path = ["CITY", "XQ"] };

    private static readonly Dictionary<string, IReadOnlyList<string>> Paths = new()
    {
        ["XQ"] = ["CITY", "XQ"], ["XQ-1"] = ["CITY", "XQ", "XQ-1"], ["YQ"] = ["CITY", "YQ"],
    };

    [Fact]
    public void A_session_with_attendees_of_the_subtree_gives_each_their_attendance_and_one_outside_is_refused_by_name()
    {
        var cadres = new[] { Cadre("A", "XQ"), Cadre("B", "XQ-1"), Cadre("C", "YQ") }.ToDictionary(c => c.StaffNo);
        var command = new RecordDisciplineSession(DisciplineSessionKind.WarningEducation, " 警示教育 ", new DateOnly(2025, 3, 1), ["A", "B", "A"]);
        var id = Guid.NewGuid();
        var accepted = RecordDisciplineSessionEndpoint.Decide("XQ", command, County, id, cadres.GetValueOrDefault, Paths.GetValueOrDefault, Today);
        accepted.Problem.ShouldBeNull();
        var held = accepted.Events[0].ShouldBeOfType<DisciplineSessionHeld>();
        (held.Title, held.Attendees.Count).ShouldBe(("警示教育", 2));
        accepted.Events.Skip(1).Cast<DisciplineSessionAttended>().Select(a => (a.StaffNo, a.SessionId)).ShouldBe([("A", id), ("B", id)]);

        var refused = RecordDisciplineSessionEndpoint.Decide("XQ", command with { Attendees = ["A", "C"] }, County, id, cadres.GetValueOrDefault, Paths.GetValueOrDefault, Today);
        refused.Problem!.Status.ShouldBe(400);
        refused.Problem.Errors!["attendees"].Single().ToString().ShouldContain("C");
        RecordDisciplineSessionEndpoint.Decide("XQ", command with { HeldOn = Today.AddDays(1) }, County, id, cadres.GetValueOrDefault, Paths.GetValueOrDefault, Today)
            .Problem!.Errors!.Keys.ShouldBe(["heldOn"]);
        RecordDisciplineSessionEndpoint.Decide("NO", command, null, id, cadres.GetValueOrDefault, Paths.GetValueOrDefault, Today).Problem!.Status.ShouldBe(404);
    }

    [Fact]
    public void A_version_for_section_level_cadres_is_refused_to_staff_and_a_second_acknowledgement_is_a_conflict()
    {
        var code = new CodeOfConductRecord { Version = "KJ-1", EffectiveOn = new DateOnly(2020, 1, 1), AppliesTo = CodeAppliesTo.SectionLevelAndAbove };
        var command = new AcknowledgeCode("KJ-1", new DateOnly(2021, 1, 1));
        AcknowledgeCodeEndpoint.Decide(command, code, false, Cadre("A", "XQ", Rank.SectionLevel), Today).Events
            .ShouldHaveSingleItem().ShouldBe(new CodeOfConductAcknowledged("A", "KJ-1", new DateOnly(2021, 1, 1)));
        AcknowledgeCodeEndpoint.Decide(command, code, false, Cadre("B", "XQ"), Today).Problem!.Errors!.Keys.ShouldBe(["version"]);
        AcknowledgeCodeEndpoint.Decide(command, code, true, Cadre("A", "XQ", Rank.Leader), Today).Problem!.Status.ShouldBe(409);
        AcknowledgeCodeEndpoint.Decide(command, null, false, Cadre("A", "XQ", Rank.Leader), Today).Problem!.Errors!.Keys.ShouldBe(["version"]);
        AcknowledgeCodeEndpoint.Decide(command with { On = new DateOnly(2019, 12, 31) }, code, false, Cadre("A", "XQ", Rank.Leader), Today)
            .Problem!.Errors!.Keys.ShouldBe(["on"]);
    }
}
