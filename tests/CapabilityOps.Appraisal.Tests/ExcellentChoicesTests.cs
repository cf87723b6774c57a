using System.Text.Json.Nodes;
using CapabilityOps.Appraisal.Contracts.Events;
using CapabilityOps.Appraisal.Scoring;
using MiniExcelLibs;

namespace CapabilityOps.Appraisal.Tests;

/// <summary>Ties at the Excellent quota's boundary: the system does not pick, the appraisal group does (APPRAISAL.md).</summary>
[Collection(ApiCollection.Name)]
public class ExcellentChoicesTests(ApiFixture api)
{
    private static readonly QuotaTie Tie = new(100, ["A", "B", "C"], 2);

    [Fact]
    public void A_choice_within_the_tied_cadres_and_the_places_left_is_recorded()
    {
        var decision = ChooseExcellentPlacesEndpoint.Decide(new ChooseExcellentPlaces(2025, ["C", "A"]), "U-1", Tie);
        decision.Events.ShouldHaveSingleItem().ShouldBe(new ExcellentPlacesChosen("U-1", 2025, ["C", "A"]), new ChosenComparer());
    }

    [Fact]
    public void A_choice_naming_an_untied_cadre_more_cadres_than_places_or_with_no_tie_is_refused_naming_staffNos()
    {
        var untied = ChooseExcellentPlacesEndpoint.Decide(new ChooseExcellentPlaces(2025, ["A", "X", "Y"]), "U-1", Tie).Problem.ShouldNotBeNull();
        untied.Errors!.Keys.ShouldBe(["staffNos"]);
        untied.Detail.ToString().ShouldContain("not tied: X, Y");

        var tooMany = ChooseExcellentPlacesEndpoint.Decide(new ChooseExcellentPlaces(2025, ["A", "B", "C"]), "U-1", Tie).Problem.ShouldNotBeNull();
        tooMany.Errors!.Keys.ShouldBe(["staffNos"]);
        tooMany.Detail.ToString().ShouldContain("only 2 Excellent places remain");

        ChooseExcellentPlacesEndpoint.Decide(new ChooseExcellentPlaces(2025, ["A"]), "U-1", null).Problem.ShouldNotBeNull()
            .Errors!.Keys.ShouldBe(["staffNos"]);
    }

    /// <summary>
    /// Records 60 study hours in 2025 (LRN-1 met), a talk and a health check (CARE-1, CARE-3 met) and an assessment of
    /// <paramref name="score"/> in every dimension.
    /// </summary>
    private static async Task Score(HttpClient client, string staffNo, int score, bool study = true)
    {
        if (study)
        {
            for (var i = 0; i < 3; i++)
                await (await client.PostJson($"/api/v1/cadres/{staffNo}/study-hours",
                    new { hours = 20, studiedOn = $"2025-03-0{i + 1}", channel = "Offline", source = "集中培训", externalId = $"t-{i}" })).Json(HttpStatusCode.Created);
            await client.TalkAndCheck(staffNo);
        }
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/assessments",
            new { year = 2025, morality = score, ability = score, diligence = score, achievement = score, integrity = score })).Json(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Cadres_tied_at_the_quota_are_Competent_until_the_appraisal_group_chooses_and_a_later_choice_replaces_the_earlier()
    {
        var client = api.Client();
        var unit = await client.Unit();
        // Staff born in 1975: LRN-1, CARE-1 and CARE-3 are their rules, so 60 study hours and an assessment of 100 score 100.
        var tied = new List<string>();
        for (var i = 0; i < 10; i++) tied.Add(await client.Cadre(unit, birthDate: "1975-01-01"));
        foreach (var staffNo in tied) await Score(client, staffNo, 100);
        var weak = await client.Cadre(unit, birthDate: "1975-01-01");
        await Score(client, weak, 50, study: false);

        async Task<JsonNode> Appraise(string staffNo)
        {
            await api.WaitForReadModel(); // the unit's other cadres, graded together, as the background has them
            return await client.GetJson($"/api/v1/appraisals/cadres/{staffNo}?year=2025");
        }
        static string Reasons(JsonNode a) => string.Join(" | ", a["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));

        // 11 graded cadres: a 15% quota is 1 place, and 10 cadres share the top score.
        foreach (var staffNo in tied)
        {
            var view = await Appraise(staffNo);
            view["score"]!.GetValue<decimal>().ShouldBe(100);
            view["grade"]!.GetValue<string>().ShouldBe("Competent");
            Reasons(view).ShouldContain("Tied at score 100 with 9 others for 1 remaining Excellent place — the appraisal group decides.");
            Reasons(view).ShouldNotContain("higher scores");
        }
        (await Appraise(weak))["grade"]!.GetValue<string>().ShouldBe("Incompetent");

        var url = $"/api/v1/appraisals/units/{unit}/excellent-choices";
        await (await client.PostJson(url, new { year = 2025, staffNos = new[] { tied[0], tied[1] } })).Problem(HttpStatusCode.BadRequest, "staffNos");
        var untied = await (await client.PostJson(url, new { year = 2025, staffNos = new[] { weak } })).Problem(HttpStatusCode.BadRequest, "staffNos");
        untied["detail"]!.GetValue<string>().ShouldContain(weak);
        await (await client.PostJson(url, new { year = 2025, staffNos = new[] { tied[0], tied[0] } })).Problem(HttpStatusCode.BadRequest, "staffNos");
        await (await client.PostJson(url, new { year = 2025, staffNos = Array.Empty<string>() })).Problem(HttpStatusCode.BadRequest, "staffNos");
        await (await client.PostJson(url, new { year = 2019, staffNos = new[] { tied[0] } })).Problem(HttpStatusCode.BadRequest, "year");
        await (await client.PostJson($"/api/v1/appraisals/units/{Ids.Next("U")}/excellent-choices", new { year = 2025, staffNos = new[] { tied[0] } }))
            .Problem(HttpStatusCode.NotFound);
        var writer = api.Client(apiKey: await api.IssueKey("UnitWriter", unit));
        (await writer.PostJson(url, new { year = 2025, staffNos = new[] { tied[0] } })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await (await client.PostJson(url, new { year = 2025, staffNos = new[] { tied[3] } })).Json(HttpStatusCode.Created))["id"].ShouldNotBeNull();
        var chosen = await Appraise(tied[3]);
        chosen["grade"]!.GetValue<string>().ShouldBe("Excellent");
        Reasons(chosen).ShouldContain("chosen by the appraisal group");
        foreach (var staffNo in tied.Where(s => s != tied[3]))
        {
            var other = await Appraise(staffNo);
            other["grade"]!.GetValue<string>().ShouldBe("Competent");
            Reasons(other).ShouldContain("the appraisal group chose 1 of the 10 tied cadres");
            Reasons(other).ShouldNotContain("decides");
        }

        // A later choice for the same unit and year replaces the earlier one.
        await (await client.PostJson(url, new { year = 2025, staffNos = new[] { tied[7] } })).Json(HttpStatusCode.Created);
        (await Appraise(tied[7]))["grade"]!.GetValue<string>().ShouldBe("Excellent");
        (await Appraise(tied[3]))["grade"]!.GetValue<string>().ShouldBe("Competent");

        // The workbook grades as the route does.
        var export = await api.Client(language: null).GetAsync($"/api/v1/exports/appraisals/units/{unit}?year=2025"); // cells in Chinese
        using var book = new MemoryStream(await export.Content.ReadAsByteArrayAsync());
        var grades = (await book.QueryAsync(useHeaderRow: true, sheetName: "干部等次")).Cast<IDictionary<string, object>>()
            .ToDictionary(r => (string)r["工号"], r => (string)r["建议等次"]);
        grades[tied[7]].ShouldBe("优秀");
        grades.Count(g => g.Value == "优秀").ShouldBe(1);
        grades[tied[3]].ShouldBe("称职");
    }

    private sealed class ChosenComparer : IEqualityComparer<object>
    {
        public new bool Equals(object? x, object? y) =>
            x is ExcellentPlacesChosen a && y is ExcellentPlacesChosen b && a.UnitCode == b.UnitCode && a.Year == b.Year && a.StaffNos.SequenceEqual(b.StaffNos);

        public int GetHashCode(object obj) => 0;
    }
}
