using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace CapabilityOps.Host.Tests.Api;

/// <summary>
/// Messages in the bureau's language, Chinese unless the request asks for English, and the problems as one family:
/// one type scheme with a page behind it, a 415 naming the media types, every wrong field of a body in one 400, and a
/// 401 that says whether the key was missing or not recognised.
/// </summary>
[Collection(ApiCollection.Name)]
public partial class LanguageAndProblemsTests(ApiFixture api)
{
    [Fact]
    public async Task A_validation_error_is_chinese_by_default_and_english_with_accept_language_en()
    {
        var body = new { code = "bad code!", name = "某局", kind = "CityBureau" };

        var chinese = await (await api.Client(language: null).PostJson("/api/v1/units", body)).Problem(HttpStatusCode.BadRequest, "code");
        chinese["title"]!.GetValue<string>().ShouldBe("请求无效");
        chinese["errors"]!["code"]![0]!.GetValue<string>().ShouldBe("'code' 须为 1–32 个字母、数字或“-”。");
        chinese["type"]!.GetValue<string>().ShouldBe("/problems/invalid-request");

        var english = await (await api.Client(language: "en").PostJson("/api/v1/units", body)).Problem(HttpStatusCode.BadRequest, "code");
        english["title"]!.GetValue<string>().ShouldBe("Invalid request");
        english["errors"]!["code"]![0]!.GetValue<string>().ShouldBe("'code' must be 1–32 letters, digits or '-'.");

        // A regional English and a list of languages pick English too; a language we do not speak gets Chinese.
        var client = api.Client(language: null);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR, en-GB;q=0.8");
        (await (await client.PostJson("/api/v1/units", body)).Problem(HttpStatusCode.BadRequest))["title"]!.GetValue<string>().ShouldBe("Invalid request");
        var french = api.Client(language: "fr");
        (await (await french.PostJson("/api/v1/units", body)).Problem(HttpStatusCode.BadRequest))["title"]!.GetValue<string>().ShouldBe("请求无效");
    }

    [Fact]
    public async Task A_refusal_decided_in_a_slice_and_a_rule_note_follow_the_request_language()
    {
        var client = api.Client();
        var unit = await client.Unit();
        var missing = Ids.Next("C");
        var zh = await (await api.Client(language: null).GetAsync($"/api/v1/cadres/{missing}")).Problem(HttpStatusCode.NotFound);
        zh["detail"]!.GetValue<string>().ShouldBe($"不存在工号为“{missing}”的干部。");
        zh["title"]!.GetValue<string>().ShouldBe("未找到");
        zh["type"]!.GetValue<string>().ShouldBe("/problems/not-found");
        var en = await (await client.GetAsync($"/api/v1/cadres/{missing}")).Problem(HttpStatusCode.NotFound);
        en["detail"]!.GetValue<string>().ShouldBe($"There is no cadre with staff number '{missing}'.");

        var staffNo = await client.Cadre(unit, birthDate: "1990-01-01", education: "Bachelor");
        var note = (await api.Client(language: null).GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2025"))["checks"]!.AsArray()
            .Single(c => c!["rule"]!.GetValue<string>() == "LRN-1")!["note"]!.GetValue<string>();
        note.ShouldContain("全年：60 学时。");
        // The live view is remembered per language: English after Chinese is English.
        var englishNote = (await client.GetJson($"/api/v1/compliance/cadres/{staffNo}?year=2025"))["checks"]!.AsArray()
            .Single(c => c!["rule"]!.GetValue<string>() == "LRN-1")!["note"]!.GetValue<string>();
        englishNote.ShouldContain("Full year: 60 hours.");
    }

    [Fact]
    public async Task A_body_sent_as_curl_sends_it_without_a_content_type_is_a_415_that_names_the_accepted_media_types_in_both_languages()
    {
        // curl -d '{…}' without -H 'Content-Type: application/json' sends application/x-www-form-urlencoded.
        var request = () => new HttpRequestMessage(HttpMethod.Post, "/api/v1/units")
        {
            Content = new StringContent("{\"code\":\"X\"}", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        var zh = await (await api.Client(language: null).SendAsync(request())).Problem(HttpStatusCode.UnsupportedMediaType);
        zh["detail"]!.GetValue<string>().ShouldContain("application/json");
        zh["detail"]!.GetValue<string>().ShouldContain("接受的媒体类型");
        zh["type"]!.GetValue<string>().ShouldBe("/problems/unsupported-media-type");
        var en = await (await api.Client().SendAsync(request())).Problem(HttpStatusCode.UnsupportedMediaType);
        en["detail"]!.GetValue<string>().ShouldContain("accepts the media types application/json");

        // A wrong type named, rather than none.
        var wrong = await (await api.Client().PostRaw("/api/v1/units", "code,name", "text/csv")).Problem(HttpStatusCode.UnsupportedMediaType);
        wrong["detail"]!.GetValue<string>().ShouldContain("application/json");
    }

    [Fact]
    public async Task Every_field_of_a_body_with_the_wrong_type_is_named_in_one_400()
    {
        var unit = await api.Client().Unit();
        var body = $$"""{"staffNo":"{{Ids.Next("C")}}","name":"王芳","unitCode":"{{unit}}","rank":"General","birthDate":"1990-13-45","joinedOn":12,"education":"Bachelor","partyMember":"yes"}""";
        var en = await (await api.Client().PostRaw("/api/v1/cadres", body)).Problem(HttpStatusCode.BadRequest);
        var errors = en["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(["rank", "birthDate", "joinedOn", "partyMember"], ignoreOrder: true);
        errors["rank"]![0]!.GetValue<string>().ShouldStartWith("'rank' must be one of Leader, SectionLevel, Staff");
        errors["birthDate"]![0]!.GetValue<string>().ShouldBe("'birthDate' must be a date, YYYY-MM-DD.");
        errors["partyMember"]![0]!.GetValue<string>().ShouldBe("'partyMember' must be true or false.");
        en["type"]!.GetValue<string>().ShouldBe("/problems/invalid-request");

        var zh = await (await api.Client(language: null).PostRaw("/api/v1/cadres", body)).Problem(HttpStatusCode.BadRequest);
        zh["errors"]!["birthDate"]![0]!.GetValue<string>().ShouldBe("'birthDate' 须为日期，格式 YYYY-MM-DD。");

        // Not JSON at all: one error for the body, where the reader stopped.
        var broken = await (await api.Client().PostRaw("/api/v1/cadres", "{\"staffNo\": ")).Problem(HttpStatusCode.BadRequest);
        broken["errors"]!.AsObject().Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_401_says_whether_the_key_was_missing_or_not_recognised_and_never_which_keys_exist()
    {
        var missing = await (await api.Client(apiKey: null, language: null).GetAsync("/api/v1/units")).Problem(HttpStatusCode.Unauthorized);
        missing["detail"]!.GetValue<string>().ShouldBe("缺少 API 密钥：请在 X-Api-Key 请求头中提供。");
        missing["type"]!.GetValue<string>().ShouldBe("/problems/unauthorized");
        (await (await api.Client(apiKey: null).GetAsync("/api/v1/units")).Problem(HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>()
            .ShouldBe("No API key: send one in the X-Api-Key header.");

        var unknown = await (await api.Client(apiKey: "no-such-key-0123456789").GetAsync("/api/v1/units")).Problem(HttpStatusCode.Unauthorized);
        unknown["detail"]!.GetValue<string>().ShouldBe("The API key in the X-Api-Key header is not recognised (unknown, revoked or expired).");
        var name = Ids.Next("k");
        var revokedKey = await api.IssueKey("Reader", await api.Client().Unit(), name);
        await api.Client().DeleteAsync($"/api/v1/admin/api-keys/{name}");
        await Task.Delay(CapabilityOps.Host.Access.ApiKeyAuthentication.CacheFor + TimeSpan.FromMilliseconds(200));
        var revoked = await (await api.Client(apiKey: revokedKey).GetAsync("/api/v1/units")).Problem(HttpStatusCode.Unauthorized);
        revoked["detail"]!.GetValue<string>().ShouldBe(unknown["detail"]!.GetValue<string>()); // a revoked key reads as an unknown one
        (await (await api.Client(apiKey: "no-such-key-0123456789", language: null).GetAsync("/api/v1/units")).Problem(HttpStatusCode.Unauthorized))["detail"]!
            .GetValue<string>().ShouldBe("X-Api-Key 请求头中的 API 密钥无法识别（未知、已撤销或已过期）。");
    }

    [Fact]
    public async Task Every_problem_type_is_a_page_of_the_host_in_both_languages()
    {
        var client = api.Client(apiKey: null);
        foreach (var name in SharedKernel.ProblemTypes.Names.Values)
        {
            var response = await client.GetAsync($"/problems/{name}");
            response.StatusCode.ShouldBe(HttpStatusCode.OK, name);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
            var page = await response.Content.ReadAsStringAsync();
            CjkPattern().IsMatch(page).ShouldBeTrue(name);
            page.ShouldContain("<p lang=\"en\">");
        }
        (await client.GetAsync("/problems/no-such-problem")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The framework's own answers are of the family too: a route that does not exist.
        var notFound = await (await api.Client().GetAsync("/api/v1/no-such-route")).Problem(HttpStatusCode.NotFound);
        notFound["type"]!.GetValue<string>().ShouldBe("/problems/not-found");
    }

    [Fact]
    public async Task Every_operation_has_a_chinese_summary_with_the_english_beside_it_and_no_internal_name()
    {
        var document = await api.Client().GetJson("/swagger/v1/swagger.json");
        var operations = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(m => m.Key is "get" or "post" or "put" or "delete" or "patch").Select(m => (Route: $"{m.Key.ToUpperInvariant()} {p.Key}", Operation: m.Value!)))
            .ToList();
        operations.Count.ShouldBeGreaterThan(60);
        foreach (var (route, operation) in operations)
        {
            var summary = operation["summary"]?.GetValue<string>() ?? "";
            summary.ShouldNotBeNullOrWhiteSpace($"{route} has no summary");
            SummaryPattern().IsMatch(summary).ShouldBeTrue($"{route}: '{summary}' is not 中文 (English)");
            InternalName().IsMatch(summary).ShouldBeFalse($"{route}: the summary starts with an internal name");
            // Every parameter described opens in Chinese, the English beside it.
            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
                if (parameter!["description"]?.GetValue<string>() is { } said)
                    CjkPattern().IsMatch(said.Split('(')[0]).ShouldBeTrue($"{route}: parameter {parameter["name"]} is not described in Chinese first: {said}");
            var description = operation["description"]?.GetValue<string>() ?? "";
            InternalName().IsMatch(description).ShouldBeFalse($"{route}: the description starts with an internal name");
            if (description.Length == 0) continue;
            var paragraphs = description.Split("\n\n");
            paragraphs.ShouldNotContain(p => InternalName().IsMatch(p), $"{route}: the description holds an internal name");
            // The first paragraph is the Chinese one; the English (Latin words) follows it.
            var first = paragraphs[0];
            (CjkPattern().IsMatch(first) && !EnglishSentence().IsMatch(first)).ShouldBeTrue($"{route}: the description does not open in Chinese: {first}");
            paragraphs.Skip(1).ShouldContain(p => EnglishSentence().IsMatch(p), $"{route}: the description has no English after the Chinese");
        }

        // A description (the endpoint's remarks) reads Chinese, then the same in English, before the role lines.
        var registerCadre = operations.Single(o => o.Route == "POST /api/v1/cadres").Operation["description"]!.GetValue<string>();
        var history = operations.Single(o => o.Route == "GET /api/v1/cadres/{staffNo}/history").Operation["parameters"]!.AsArray();
        history.Single(p => p!["name"]!.GetValue<string>() == "limit")!["description"]!.GetValue<string>()
            .ShouldBe("最多返回的条数（1–1000，默认 500）。 (At most this many entries (1–1000, default 500).)");
        registerCadre.ShouldStartWith("工号重复返回 409；单位不存在返回 400。\n\nA duplicate staff number is a 409; an unknown unit a 400.\n\n**角色：**");
    }

    [Fact]
    public async Task Every_described_schema_and_schema_property_reads_chinese_first_with_the_english_beside_it()
    {
        var document = await api.Client().GetJson("/swagger/v1/swagger.json");
        var schemas = document["components"]!["schemas"]!.AsObject();
        var described = 0;
        foreach (var (name, schema) in schemas)
            foreach (var (property, value) in (schema!["properties"]?.AsObject() ?? []).Prepend(new("", schema)))
            {
                if (value?["description"]?.GetValue<string>() is not { } said) continue;
                described++;
                // The Chinese (full-width brackets only) comes before the English in parentheses.
                var chinese = said.Split('(')[0];
                (CjkPattern().IsMatch(chinese) && !EnglishSentence().IsMatch(chinese)).ShouldBeTrue($"{name}.{property} is not described in Chinese first: {said}");
                said.ShouldContain("(", customMessage: $"{name}.{property} has no English beside the Chinese: {said}");
            }
        described.ShouldBeGreaterThan(300);
        schemas["RegisterCadre"]!["description"]!.GetValue<string>().ShouldBe("在单位登记干部。 (Register a cadre (干部) in a unit.)");
        schemas["RegisterCadre"]!["properties"]!["staffNo"]!["description"]!.GetValue<string>()
            .ShouldBe("本局工号：1–32 个字母、数字或“-”。唯一，区分大小写。 (The bureau's staff number: 1–32 letters, digits or '-'. Unique and case-sensitive.)");
    }

    /// <summary>Three English words in a row.</summary>
    [GeneratedRegex(@"\b[A-Za-z]{2,}\s+[a-z]{2,}\s+[a-z]{2,}\b")]
    private static partial Regex EnglishSentence();

    [GeneratedRegex(@"[\u4e00-\u9fff]")]
    private static partial Regex CjkPattern();

    /// <summary>Chinese first, then the English term in parentheses.</summary>
    [GeneratedRegex(@"^[^()]*[\u4e00-\u9fff][^()]*[（(]?.*\([A-Za-z][^()]*(\([^()]*\))?[^()]*\)$")]
    private static partial Regex SummaryPattern();

    /// <summary>Wolverine's generated handler names: GET_api_v1_units_code and the like.</summary>
    [GeneratedRegex(@"^(GET|POST|PUT|DELETE|PATCH|HEAD)_")]
    private static partial Regex InternalName();
}
