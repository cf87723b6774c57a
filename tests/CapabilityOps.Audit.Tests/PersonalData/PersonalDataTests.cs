using System.Reflection;
using CapabilityOps.Audit.PersonalData;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.Audit.Tests.PersonalData;

/// <summary>ID-card numbers and health results never enter an event: by the shape of every event type, and by a scan of the content.</summary>
public class IdCardNumberTests
{
    [Theory]
    [InlineData("11010519491231002X")]
    [InlineData("11010519491231002x")]
    [InlineData("511902198801011236")]
    public void A_number_with_a_real_birth_date_and_a_valid_check_character_is_an_ID_card_number(string number) =>
        IdCardNumbers.IsValid(number).ShouldBeTrue();

    [Theory]
    [InlineData("110105194912310021")] // wrong check character
    [InlineData("511902198813011236")] // no 13th month
    [InlineData("51190219880101123")] // 17 characters
    public void Anything_else_is_not(string number) => IdCardNumbers.IsValid(number).ShouldBeFalse();

    [Fact]
    public void Numbers_are_found_in_free_text_but_not_inside_longer_numbers()
    {
        IdCardNumbers.Find("恩阳区柳林镇，联系人身份证511902198801011236，电话13800138000").ShouldBe(["511902198801011236"]);
        IdCardNumbers.Find("""{"place": "11010519491231002X"}""").ShouldBe(["11010519491231002X"]);
        IdCardNumbers.Find("order 9511902198801011236 and 5119021988010112361").ShouldBeEmpty();
        IdCardNumbers.Mask("511902198801011236").ShouldBe("5119*************6");
    }
}

[Collection(ApiCollection.Name)]
public class PersonalDataTests(ApiFixture api)
{
    /// <summary>Field names that would hold an ID-card number or health findings.</summary>
    private static readonly string[] Forbidden =
    [
        "idcard", "idnumber", "identitycard", "identitynumber", "identityno", "citizenid", "nationalid", "residentid", "shenfenzheng", "sfz",
        "diagnos", "healthresult", "medical", "finding", "labresult", "bloodpressure", "disease", "illness", "symptom",
    ];

    [Fact]
    public void No_event_type_has_a_field_for_an_ID_card_number_or_health_findings()
    {
        var types = api.Host.Services.GetRequiredService<IDocumentStore>().Options.Events.AllKnownEventTypes().Select(t => t.EventType).ToList();
        types.Count.ShouldBeGreaterThan(10);
        var offending = types.SelectMany(t => Fields(t, [])).Where(f => Forbidden.Any(word => f.Name.Contains(word, StringComparison.OrdinalIgnoreCase)))
            .Select(f => $"{f.Owner}.{f.Name}").ToList();
        offending.ShouldBeEmpty();
    }

    /// <summary>Every field of a type and of the project's own types it holds (records, lists of them).</summary>
    private static IEnumerable<(string Owner, string Name)> Fields(Type type, HashSet<Type> seen)
    {
        if (!seen.Add(type)) yield break;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            yield return (type.Name, property.Name);
            var inner = property.PropertyType.IsGenericType ? property.PropertyType.GetGenericArguments() : [property.PropertyType];
            foreach (var held in inner.Where(t => t.Namespace?.StartsWith("CapabilityOps.", StringComparison.Ordinal) == true && !t.IsEnum))
            foreach (var field in Fields(held, seen))
                yield return field;
        }
    }

    [Fact]
    public async Task The_scan_finds_an_ID_card_number_typed_into_free_text_and_shows_it_masked()
    {
        var client = api.Client();
        var staffNo = await client.Cadre(await client.Unit(), "Leader");
        await (await client.PostJson($"/api/v1/cadres/{staffNo}/grassroots-visits",
            new { from = "2025-03-01", to = "2025-03-02", kind = "Rural", place = "柳林镇 联系人身份证511902198801011236" })).Json(HttpStatusCode.Created);

        var scan = await client.GetJson("/api/v1/audit/personal-data");
        scan["clean"]!.GetValue<bool>().ShouldBeFalse();
        scan["eventsScanned"]!.GetValue<long>().ShouldBe(await api.CountEvents());
        var finding = scan["findings"]!.AsArray().Single(f => f!["streamKey"]!.GetValue<string>() == $"cadre:{staffNo}")!;
        finding["type"]!.GetValue<string>().ShouldBe("grassroots_visit_recorded");
        finding["numbers"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["5119*************6"]);
        scan.ToJsonString().ShouldNotContain("511902198801011236");

        var reader = api.Client(apiKey: await api.IssueKey("Reader", await client.Unit()));
        (await reader.GetAsync("/api/v1/audit/personal-data")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
