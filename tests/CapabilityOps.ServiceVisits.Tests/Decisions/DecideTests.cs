using CapabilityOps.Organization.Contracts;
using CapabilityOps.ServiceVisits.Articles;
using CapabilityOps.ServiceVisits.Contracts;
using CapabilityOps.ServiceVisits.Contracts.Events;
using CapabilityOps.ServiceVisits.Corrections;
using CapabilityOps.ServiceVisits.Enterprises;
using CapabilityOps.ServiceVisits.Suggestions;
using CapabilityOps.ServiceVisits.Tests.Counting;
using CapabilityOps.ServiceVisits.Visits;
using static CapabilityOps.ServiceVisits.Tests.Counting.Facts;

namespace CapabilityOps.ServiceVisits.Tests.Decisions;

/// <summary>Given the cadre's facts, when a command, then events or a problem — no database.</summary>
public class DecideTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);
    private static readonly Guid NewId = Guid.NewGuid();

    private static CadreServiceLog Leader(Func<Facts, Facts>? more = null) =>
        (more ?? (f => f))(new Facts().Registered(Rank.Leader, joinedOn: "2015-03-01")).Log;

    private static RecordGrassrootsVisit Visit(string from, string to, VisitKind kind = VisitKind.Rural, string? enterprise = null) =>
        new(D(from), D(to), kind, " 恩阳区柳林镇 ", enterprise);

    [Fact]
    public void A_visit_is_recorded_with_its_dates_kind_and_trimmed_place()
    {
        var recorded = RecordGrassrootsVisitEndpoint.Decide(Visit("2026-11-20", "2026-11-26", VisitKind.Enterprise, " 甲公司 "), Leader(), NewId, Today)
            .Events.ShouldHaveSingleItem().ShouldBeOfType<GrassrootsVisitRecorded>();
        recorded.ShouldBe(new GrassrootsVisitRecorded("A-1", NewId, D("2026-11-20"), D("2026-11-26"), VisitKind.Enterprise, "恩阳区柳林镇", "甲公司"));
    }

    [Theory]
    [InlineData("2026-11-20", "2026-11-27", "to")] // ends tomorrow
    [InlineData("2026-11-27", "2026-11-28", "to")]
    [InlineData("2015-02-28", "2015-03-02", "from")] // starts before the cadre joined
    public void A_visit_in_the_future_or_before_joining_is_refused_naming_the_field(string from, string to, string field) =>
        RecordGrassrootsVisitEndpoint.Decide(Visit(from, to), Leader(), NewId, Today).Problem!.Errors!.Keys.ShouldBe([field]);

    [Fact]
    public void A_visit_the_day_the_cadre_joined_and_one_ending_today_are_accepted()
    {
        RecordGrassrootsVisitEndpoint.Decide(Visit("2015-03-01", "2015-03-01"), Leader(), NewId, Today).Accepted.ShouldBeTrue();
        RecordGrassrootsVisitEndpoint.Decide(Visit("2026-11-26", "2026-11-26"), Leader(), NewId, Today).Accepted.ShouldBeTrue();
    }

    [Fact]
    public void A_repeated_visit_is_recorded_again_because_days_are_counted_distinct_later()
    {
        var log = Leader(f => f.Visit("2026-03-01", "2026-03-05"));
        RecordGrassrootsVisitEndpoint.Decide(Visit("2026-03-01", "2026-03-05"), log, NewId, Today).Accepted.ShouldBeTrue();
    }

    [Fact]
    public void Revoking_records_the_reason_and_an_unknown_or_revoked_visit_is_refused()
    {
        var id = Guid.NewGuid();
        var log = Leader(f => f.Visit("2026-03-01", "2026-03-05", id: id));
        RevokeRecordEndpoints.Decide(RevocableKind.Visit, new(" 重复录入 "), log, id).Events.ShouldHaveSingleItem()
            .ShouldBe(new GrassrootsVisitRevoked("A-1", id, "重复录入"));
        RevokeRecordEndpoints.Decide(RevocableKind.Visit, new("x"), log, Guid.NewGuid()).Problem!.Status.ShouldBe(404);
        var revoked = Leader(f => f.Visit("2026-03-01", "2026-03-05", id: id).Revoked(id));
        RevokeRecordEndpoints.Decide(RevocableKind.Visit, new("again"), revoked, id).Problem!.Status.ShouldBe(409);
    }

    [Fact]
    public void An_assistance_begins_once_per_enterprise_at_a_time()
    {
        AssistEnterpriseEndpoint.Decide(new(" 甲公司 ", D("2026-01-01")), Leader(), NewId, Today).Events.ShouldHaveSingleItem()
            .ShouldBe(new EnterpriseAssistanceStarted("A-1", NewId, "甲公司", D("2026-01-01")));

        var first = Guid.NewGuid();
        var assisting = Leader(f => f.Assisting("甲公司", "2025-01-01", first));
        AssistEnterpriseEndpoint.Decide(new("甲公司", D("2026-01-01")), assisting, NewId, Today).Problem!.Status.ShouldBe(409);
        AssistEnterpriseEndpoint.Decide(new("乙公司", D("2026-01-01")), assisting, NewId, Today).Accepted.ShouldBeTrue();

        var ended = Leader(f => f.Assisting("甲公司", "2025-01-01", first).AssistanceEnded(first, "甲公司", "2025-06-30"));
        AssistEnterpriseEndpoint.Decide(new("甲公司", D("2025-06-30")), ended, NewId, Today).Problem!.Status.ShouldBe(409);
        AssistEnterpriseEndpoint.Decide(new("甲公司", D("2025-07-01")), ended, NewId, Today).Accepted.ShouldBeTrue();
    }

    [Theory]
    [InlineData("2026-11-27")]
    [InlineData("2015-02-28")]
    public void An_assistance_since_a_future_day_or_before_joining_is_refused(string since) =>
        AssistEnterpriseEndpoint.Decide(new("甲公司", D(since)), Leader(), NewId, Today).Problem!.Errors!.Keys.ShouldBe(["since"]);

    [Fact]
    public void Ending_an_assistance_names_the_enterprise_and_is_refused_twice_early_late_or_unknown()
    {
        var id = Guid.NewGuid();
        var log = Leader(f => f.Assisting("甲公司", "2025-03-01", id));
        EndEnterpriseAssistanceEndpoint.Decide(new(D("2026-06-30"), " 帮扶完成 "), log, id, Today).Events.ShouldHaveSingleItem()
            .ShouldBe(new EnterpriseAssistanceEnded("A-1", id, "甲公司", D("2026-06-30"), "帮扶完成"));
        EndEnterpriseAssistanceEndpoint.Decide(new(D("2025-03-01"), null), log, id, Today).Accepted.ShouldBeTrue(); // a one-day assistance
        EndEnterpriseAssistanceEndpoint.Decide(new(D("2025-02-28"), null), log, id, Today).Problem!.Errors!.Keys.ShouldBe(["endedOn"]);
        EndEnterpriseAssistanceEndpoint.Decide(new(D("2026-11-27"), null), log, id, Today).Problem!.Errors!.Keys.ShouldBe(["endedOn"]);
        EndEnterpriseAssistanceEndpoint.Decide(new(D("2026-06-30"), null), log, Guid.NewGuid(), Today).Problem!.Status.ShouldBe(404);
        var ended = Leader(f => f.Assisting("甲公司", "2025-03-01", id).AssistanceEnded(id, "甲公司", "2025-12-31"));
        EndEnterpriseAssistanceEndpoint.Decide(new(D("2026-06-30"), null), ended, id, Today).Problem!.Status.ShouldBe(409);
    }

    [Fact]
    public void An_article_is_recorded_once_and_not_dated_in_the_future()
    {
        RecordResearchArticleEndpoint.Decide(new(" 调研报告 ", D("2026-05-01")), Leader(), NewId, Today).Events.ShouldHaveSingleItem()
            .ShouldBe(new ResearchArticleRecorded("A-1", NewId, "调研报告", D("2026-05-01")));
        var log = Leader(f => f.Article("2026-05-01", "调研报告"));
        RecordResearchArticleEndpoint.Decide(new("调研报告", D("2026-05-01")), log, NewId, Today).Problem!.Status.ShouldBe(409);
        RecordResearchArticleEndpoint.Decide(new("调研报告", D("2026-05-02")), log, NewId, Today).Accepted.ShouldBeTrue();
        RecordResearchArticleEndpoint.Decide(new("调研报告", D("2026-11-27")), log, NewId, Today).Problem!.Errors!.Keys.ShouldBe(["completedOn"]);
    }

    [Fact]
    public void Suggestions_are_recorded_with_blank_optional_fields_left_out_and_once_per_title_and_day()
    {
        RecordImprovementSuggestionEndpoint.Decide(new("建议", D("2026-05-01"), " 加强巡查 ", "  ", null), Leader(), NewId, Today)
            .Events.ShouldHaveSingleItem().ShouldBe(new ImprovementSuggestionRecorded("A-1", NewId, "建议", D("2026-05-01"), "加强巡查", null, null));
        var log = Leader(f => f.Suggestion("2026-05-01", "建议"));
        RecordImprovementSuggestionEndpoint.Decide(new("建议", D("2026-05-01"), "x", null, null), log, NewId, Today).Problem!.Status.ShouldBe(409);
        RecordImprovementSuggestionEndpoint.Decide(new("建议", D("2014-05-01"), "x", null, null), log, NewId, Today).Problem!.Errors!.Keys.ShouldBe(["madeOn"]);
    }

    [Fact]
    public void Revoking_an_assistance_article_or_suggestion_records_the_reason_once_and_frees_it_to_be_recorded_again()
    {
        Guid assistance = Guid.NewGuid(), article = Guid.NewGuid(), suggestion = Guid.NewGuid();
        var log = Leader(f => f.Assisting("甲公司", "2025-01-01", assistance).Article("2025-03-01", "调研", article).Suggestion("2025-04-01", "建议", suggestion));
        RevokeRecordEndpoints.Decide(RevocableKind.Assistance, new(" 录错企业 "), log, assistance).Events.ShouldHaveSingleItem()
            .ShouldBe(new EnterpriseAssistanceRevoked("A-1", assistance, "录错企业"));
        RevokeRecordEndpoints.Decide(RevocableKind.Article, new("重复"), log, article).Events.ShouldHaveSingleItem()
            .ShouldBe(new ResearchArticleRevoked("A-1", article, "重复"));
        RevokeRecordEndpoints.Decide(RevocableKind.Suggestion, new("重复"), log, suggestion).Events.ShouldHaveSingleItem()
            .ShouldBe(new ImprovementSuggestionRevoked("A-1", suggestion, "重复"));
        RevokeRecordEndpoints.Decide(RevocableKind.Assistance, new("x"), log, Guid.NewGuid()).Problem!.Status.ShouldBe(404);
        RevokeRecordEndpoints.Decide(RevocableKind.Article, new("x"), log, Guid.NewGuid()).Problem!.Status.ShouldBe(404);
        RevokeRecordEndpoints.Decide(RevocableKind.Suggestion, new("x"), log, Guid.NewGuid()).Problem!.Status.ShouldBe(404);

        var revoked = Leader(f => f.Assisting("甲公司", "2025-01-01", assistance).AssistanceRevoked(assistance)
            .Article("2025-03-01", "调研", article).ArticleRevoked(article).Suggestion("2025-04-01", "建议", suggestion).SuggestionRevoked(suggestion));
        RevokeRecordEndpoints.Decide(RevocableKind.Assistance, new("again"), revoked, assistance).Problem!.Status.ShouldBe(409);
        RevokeRecordEndpoints.Decide(RevocableKind.Article, new("again"), revoked, article).Problem!.Status.ShouldBe(409);
        RevokeRecordEndpoints.Decide(RevocableKind.Suggestion, new("again"), revoked, suggestion).Problem!.Status.ShouldBe(409);
        EndEnterpriseAssistanceEndpoint.Decide(new(D("2025-06-30"), null), revoked, assistance, Today).Problem!.Status.ShouldBe(409);

        // The corrected facts can be recorded again.
        AssistEnterpriseEndpoint.Decide(new("甲公司", D("2025-01-01")), revoked, NewId, Today).Accepted.ShouldBeTrue();
        RecordResearchArticleEndpoint.Decide(new("调研", D("2025-03-01")), revoked, NewId, Today).Accepted.ShouldBeTrue();
        RecordImprovementSuggestionEndpoint.Decide(new("建议", D("2025-04-01"), "x", null, null), revoked, NewId, Today).Accepted.ShouldBeTrue();
    }

    [Theory]
    [InlineData(null, "2025-03-01", "Rural", "某镇", null, "from")]
    [InlineData("2025-03-01", null, "Rural", "某镇", null, "to")]
    [InlineData("2025-03-02", "2025-03-01", "Rural", "某镇", null, "to")]
    [InlineData("2024-01-01", "2025-01-01", "Rural", "某镇", null, "to")] // 367 days
    [InlineData("2025-03-01", "2025-03-01", null, "某镇", null, "kind")]
    [InlineData("2025-03-01", "2025-03-01", "Rural", "  ", null, "place")]
    [InlineData("2025-03-01", "2025-03-01", "Enterprise", "某镇", null, "enterprise")]
    [InlineData("2025-03-01", "2025-03-01", "Enterprise", "某镇", " ", "enterprise")]
    [InlineData("2025-03-01", "2025-03-01", "Rural", "某镇", "甲公司", "enterprise")]
    public void The_visit_validator_names_the_bad_field(string? from, string? to, string? kind, string? place, string? enterprise, string field)
    {
        var command = new RecordGrassrootsVisit(from is null ? null : D(from), to is null ? null : D(to),
            kind is null ? null : Enum.Parse<VisitKind>(kind), place, enterprise);
        var result = new RecordGrassrootsVisitValidator().Validate(command);
        // Property names are camelCased by the host's global resolver; compare without case so this runs with or without it.
        result.Errors.Select(e => e.PropertyName.ToLowerInvariant()).Distinct().ShouldBe([field.ToLowerInvariant()]);
    }

    [Fact]
    public void A_visit_of_exactly_366_days_is_valid()
    {
        new RecordGrassrootsVisitValidator().Validate(new RecordGrassrootsVisit(D("2024-01-01"), D("2024-12-31"), VisitKind.Rural, "某镇", null))
            .IsValid.ShouldBeTrue();
    }
}
