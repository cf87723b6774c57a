using CapabilityOps.Appraisal.Compliance;
using CapabilityOps.Appraisal.Rulebooks;

namespace CapabilityOps.Appraisal.Tests;

/// <summary>One valid range of years (the programme's start through the current China year) and one problem, on every year route.</summary>
[Collection(ApiCollection.Name)]
public class YearViewTests(ApiFixture api)
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    // 31 December 2026, 16:30 UTC is 1 January 2027, 00:30 in China.
    private static readonly YearViews Years = new(new Rulebooks.Rulebooks([]), new FixedClock(new DateTimeOffset(2026, 12, 31, 16, 30, 0, TimeSpan.Zero)));

    [Fact]
    public void The_range_runs_from_the_programme_start_to_the_current_China_year_and_a_past_year_is_measured_on_31_December()
    {
        Years.Dates(null, null, null).Dates.ShouldBe((2027, new DateOnly(2027, 1, 1)));
        Years.Dates(2026, null, null).Dates.ShouldBe((2026, new DateOnly(2026, 12, 31)));
        Years.Dates(2020, null, null).Dates.ShouldBe((2020, new DateOnly(2020, 12, 31)));
        foreach (var wrong in new[] { 2019, 2028, 1900, 20250 })
        {
            var problem = Years.Dates(wrong, null, null).Problem.ShouldNotBeNull();
            problem.Detail.ToString().ShouldBe("'year' must be from 2020 to 2027.");
            Years.Year(wrong).Problem!.Detail.ShouldBe(problem.Detail);
        }
    }

    [Fact]
    public void As_of_an_earlier_instant_the_range_ends_with_its_year_and_on_date_must_fall_in_the_year_up_to_the_view_date()
    {
        var asOf = new DateTimeOffset(2025, 6, 30, 20, 0, 0, TimeSpan.Zero); // 1 July 2025 in China
        Years.Dates(null, asOf, null).Dates.ShouldBe((2025, new DateOnly(2025, 7, 1)));
        Years.Dates(2026, asOf, null).Problem!.Detail.ToString().ShouldBe("'year' must be from 2020 to 2025.");
        Years.Dates(null, null, new DateOnly(2024, 3, 1)).Dates.ShouldBe((2024, new DateOnly(2024, 3, 1)));
        Years.Dates(2025, asOf, new DateOnly(2025, 7, 2)).Problem!.Detail.ToString().ShouldBe("'onDate' must be a day of 2025 up to 2025-07-01.");
        Years.Dates(2024, null, new DateOnly(2025, 1, 1)).Problem!.Detail.ToString().ShouldBe("'onDate' must be a day of 2024 up to 2024-12-31.");
    }

    [Fact]
    public async Task Every_year_route_answers_a_year_before_the_programme_with_the_same_problem()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var staffNo = await client.Cadre(unit);
        string[] routes =
        [
            $"/api/v1/compliance/cadres/{staffNo}", $"/api/v1/compliance/units/{unit}", $"/api/v1/appraisals/cadres/{staffNo}",
            $"/api/v1/appraisals/units/{unit}", $"/api/v1/exports/compliance/units/{unit}", $"/api/v1/exports/appraisals/units/{unit}",
            $"/api/v1/learning/cadres/{staffNo}", $"/api/v1/learning/units/{unit}", $"/api/v1/cadres/{staffNo}/study-hours",
            $"/api/v1/units/{unit}/learning-sessions", $"/api/v1/units/{unit}/competitions", $"/api/v1/service-visits/cadres/{staffNo}",
            $"/api/v1/service-visits/units/{unit}", $"/api/v1/units/{unit}/publicity-items",
        ];
        var thisYear = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).Year;
        foreach (var route in routes)
        foreach (var year in new[] { 2019, thisYear + 1 })
        {
            var problem = await (await client.GetAsync($"{route}?year={year}")).Problem(HttpStatusCode.BadRequest, "year");
            problem["detail"]!.GetValue<string>().ShouldBe($"'year' must be from 2020 to {thisYear}.", route);
        }
        (await client.GetAsync($"/api/v1/learning/units/{unit}?year=2020")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync($"/api/v1/service-visits/units/{unit}?year=2020")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
