using CapabilityOps.Learning.Views;
using CapabilityOps.Organization.Contracts;
using CapabilityOps.Organization.Contracts.Events;
using CapabilityOps.Training.Contracts;
using CapabilityOps.Training.Contracts.Events;
using CapabilityOps.Training.DegreeStudies;
using CapabilityOps.Training.Trainings;
using JasperFx.Events;

namespace CapabilityOps.Training.Tests;

/// <summary>The slices' pure decisions, and Learning's fold over the credits this module appends.</summary>
public class DecideTests
{
    private static readonly DateOnly Today = new(2026, 3, 1);
    private static readonly Guid StudyId = Guid.NewGuid();

    private static CadreRecord Cadre(EducationLevel education = EducationLevel.HighSchool) => new()
    {
        Id = "cadre:T-1", StaffNo = "T-1", BirthDate = new DateOnly(1990, 1, 1), JoinedOn = new DateOnly(2012, 1, 1),
        Units = [new("U", new DateOnly(2012, 1, 1))], Ranks = [new(Rank.Staff, new DateOnly(2012, 1, 1))], Educations = [new(education, new DateOnly(2012, 1, 1))],
    };

    private static DegreeStudy Study(DegreeStudyStatus status) =>
        new(StudyId, "T-1", EducationLevel.JuniorCollege, new DateOnly(2023, 9, 1), status, 5000m, status == DegreeStudyStatus.Reimbursed ? 5000m : null,
            status is DegreeStudyStatus.Certified or DegreeStudyStatus.Reimbursed ? new DateOnly(2025, 6, 30) : null);

    [Fact]
    public void The_certificate_records_the_education_unless_the_level_is_recorded_already_and_only_for_an_approved_study()
    {
        var command = new CertifyDegreeStudy(EducationLevel.JuniorCollege, new DateOnly(2025, 6, 30), "C-1");
        CertifyDegreeStudyEndpoint.Decide(command, StudyId, Study(DegreeStudyStatus.Approved), Cadre(), Today).Events
            .Select(e => e.GetType().Name).ShouldBe(["DegreeStudyCertified", "EducationAwarded"]);
        var recorded = Cadre();
        recorded.Educations.Add(new(EducationLevel.JuniorCollege, new DateOnly(2025, 6, 30)));
        CertifyDegreeStudyEndpoint.Decide(command, StudyId, Study(DegreeStudyStatus.Approved), recorded, Today).Events
            .Select(e => e.GetType().Name).ShouldBe(["DegreeStudyCertified"]);
        CertifyDegreeStudyEndpoint.Decide(command, StudyId, Study(DegreeStudyStatus.Requested), Cadre(), Today).Problem!.Status.ShouldBe(409);
        CertifyDegreeStudyEndpoint.Decide(command, StudyId, Study(DegreeStudyStatus.Certified), Cadre(), Today).Problem!.Status.ShouldBe(409);
        CertifyDegreeStudyEndpoint.Decide(command with { AwardedOn = new DateOnly(2027, 1, 1) }, StudyId, Study(DegreeStudyStatus.Approved), Cadre(), Today)
            .Problem!.Errors!.Keys.ShouldBe(["awardedOn"]);
        CertifyDegreeStudyEndpoint.Decide(command with { AwardedOn = new DateOnly(2023, 1, 1) }, StudyId, Study(DegreeStudyStatus.Approved), Cadre(), Today)
            .Problem!.Errors!.Keys.ShouldBe(["awardedOn"]);
    }

    [Fact]
    public void A_reimbursement_needs_a_certificate_comes_once_and_is_at_most_the_approved_fee()
    {
        var pay = new ReimburseDegreeStudy(5000m, new DateOnly(2025, 7, 1));
        ReimburseDegreeStudyEndpoint.Decide(pay, StudyId, Study(DegreeStudyStatus.Certified), Cadre(), Today).Events.Single().ShouldBeOfType<DegreeStudyReimbursed>();
        ReimburseDegreeStudyEndpoint.Decide(pay, StudyId, Study(DegreeStudyStatus.Approved), Cadre(), Today).Problem!.Status.ShouldBe(409);
        ReimburseDegreeStudyEndpoint.Decide(pay, StudyId, Study(DegreeStudyStatus.Reimbursed), Cadre(), Today).Problem!.Status.ShouldBe(409);
        ReimburseDegreeStudyEndpoint.Decide(pay, StudyId, null, Cadre(), Today).Problem!.Status.ShouldBe(404);
        ReimburseDegreeStudyEndpoint.Decide(pay with { AmountYuan = 5000.01m }, StudyId, Study(DegreeStudyStatus.Certified), Cadre(), Today)
            .Problem!.Errors!.Keys.ShouldBe(["amountYuan"]);
        ReimburseDegreeStudyEndpoint.Decide(pay with { PaidOn = new DateOnly(2025, 6, 29) }, StudyId, Study(DegreeStudyStatus.Certified), Cadre(), Today)
            .Problem!.Errors!.Keys.ShouldBe(["paidOn"]);
    }

    [Fact]
    public void A_study_is_for_a_level_above_the_one_held_and_decided_once()
    {
        var request = new RequestDegreeStudy(EducationLevel.Bachelor, "大学", "专业", new DateOnly(2026, 9, 1), 100m);
        RequestDegreeStudyEndpoint.Decide(request, StudyId, Cadre(), Today).Events.Single().ShouldBeOfType<DegreeStudyRequested>();
        RequestDegreeStudyEndpoint.Decide(request, StudyId, Cadre(EducationLevel.Bachelor), Today).Problem!.Errors!.Keys.ShouldBe(["targetLevel"]);
        ApproveDegreeStudyEndpoint.Decide(new ApproveDegreeStudy(1m), "T-1", StudyId, Study(DegreeStudyStatus.Requested)).Events.Count.ShouldBe(1);
        ApproveDegreeStudyEndpoint.Decide(new ApproveDegreeStudy(1m), "T-1", StudyId, Study(DegreeStudyStatus.Refused)).Problem!.Status.ShouldBe(409);
        RefuseDegreeStudyEndpoint.Decide(new RefuseDegreeStudy("否"), "T-1", StudyId, Study(DegreeStudyStatus.Approved)).Problem!.Status.ShouldBe(409);
    }

    [Fact]
    public void A_training_reposted_by_the_same_organiser_with_the_same_id_is_a_conflict_and_its_hours_count_once_in_the_year_of_to()
    {
        var command = new RecordTraining("培训", TrainingKind.Lecture, TrainingLevel.Provincial, "省厅", new DateOnly(2024, 12, 30), new DateOnly(2025, 1, 2), 12m, "X-1");
        var first = (TrainingAttended)RecordTrainingEndpoint.Decide(command, Guid.NewGuid(), [], Cadre(), Today).Events.Single();
        RecordTrainingEndpoint.Decide(command, Guid.NewGuid(), [first], Cadre(), Today).Problem!.Status.ShouldBe(409);
        RecordTrainingEndpoint.Decide(command with { Organiser = "市局" }, Guid.NewGuid(), [first], Cadre(), Today).Problem.ShouldBeNull();

        IEvent Event(object data) => new Event<object>(data) { Id = Guid.NewGuid() };
        var events = new[]
        {
            Event(new CadreRegistered("T-1", "张伟", "U", Rank.Staff, new DateOnly(1990, 1, 1), EducationLevel.HighSchool, PostCategory.General, true, new DateOnly(2012, 1, 1))),
            Event(first), Event(first),
            Event(new BusinessTrainingAttended("T-1", Guid.NewGuid(), "U", "业务培训", new DateOnly(2025, 5, 1), 6m)),
        };
        var learning = CadreLearningFold.Fold("cadre:T-1", events);
        learning!.Years[2025].Hours.ShouldBe(18m);
        learning.Years[2025].HoursBySource.ShouldBe(new Dictionary<string, decimal> { ["training"] = 12m, ["business-training"] = 6m }, ignoreOrder: true);
        learning.Years.ContainsKey(2024).ShouldBeFalse();
    }
}
