using System.Text.Json.Nodes;

namespace CapabilityOps.Notifications.Tests;

public sealed class WebhookFixture() : IAsyncLifetime
{
    public ApiFixture Api { get; } = ApiFixture.WithSettings(Webhooks.Settings);
    public Task InitializeAsync() => Api.InitializeAsync();
    public Task DisposeAsync() => Api.DisposeAsync();
}

public sealed class WebhookTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>
{
    private readonly ApiFixture _api = fixture.Api;

    [Fact]
    public async Task A_fact_is_posted_signed_with_the_secret_and_the_secret_is_never_answered()
    {
        await using var receiver = new Receiver();
        var name = Ids.Next("hook");
        const string secret = "a-secret-for-the-signature-42";
        var created = await (await _api.Client().Register(name, receiver.Url(), ["UnitRegistered"], secret)).Json(HttpStatusCode.Created);
        created.ToJsonString().ShouldNotContain(secret);
        created["events"]!.AsArray().Select(e => e!.GetValue<string>()).ShouldBe(["UnitRegistered"]);

        var unit = await _api.Client().Unit();

        var request = (await receiver.WaitFor(1)).Single(r => r.Body.Contains(unit));
        request.Signature.ShouldBe(Webhooks.Sign(secret, request.Body));
        request.Signature.ShouldNotBe(Webhooks.Sign("another-secret-000000", request.Body));
        var body = JsonNode.Parse(request.Body)!;
        body["type"]!.GetValue<string>().ShouldBe("UnitRegistered");
        body["data"]!["code"]!.GetValue<string>().ShouldBe(unit);
        body["occurredAt"]!.GetValue<DateTimeOffset>().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
        var id = body["id"]!.GetValue<Guid>();

        var delivery = await _api.Client().WaitForDelivery(name, d => d["status"]!.GetValue<string>() == "Delivered");
        delivery["id"]!.GetValue<Guid>().ShouldBe(id);
        delivery["attempts"]!.GetValue<int>().ShouldBe(1);
        delivery["lastError"].ShouldBeNull();
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_gets_the_third_attempt_with_the_same_body()
    {
        await using var receiver = new Receiver { Answer = n => n <= 2 ? 500 : 204 };
        var name = Ids.Next("hook");
        await (await _api.Client().Register(name, receiver.Url(), ["UnitRegistered"])).Json(HttpStatusCode.Created);

        await _api.Client().Unit();

        var requests = await receiver.WaitFor(3);
        requests.Select(r => r.Body).Distinct().Count().ShouldBe(1);
        var delivery = await _api.Client().WaitForDelivery(name, d => d["status"]!.GetValue<string>() == "Delivered");
        delivery["attempts"]!.GetValue<int>().ShouldBe(3);
        await Task.Delay(500);
        receiver.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_failing_attempt_is_logged_with_its_error_and_retried()
    {
        await using var receiver = new Receiver { Answer = _ => 503 };
        var name = Ids.Next("hook");
        await (await _api.Client().Register(name, receiver.Url(), ["UnitRegistered"])).Json(HttpStatusCode.Created);

        await _api.Client().Unit();

        var delivery = await _api.Client().WaitForDelivery(name, d => d["attempts"]!.GetValue<int>() >= 2);
        delivery["status"]!.GetValue<string>().ShouldBe("Pending");
        delivery["lastError"]!.GetValue<string>().ShouldContain("503");
    }

    [Fact]
    public async Task A_study_hours_record_written_by_the_group_commit_is_delivered()
    {
        await using var receiver = new Receiver();
        var name = Ids.Next("hook");
        await (await _api.Client().Register(name, receiver.Url(), ["StudyHoursLogged"])).Json(HttpStatusCode.Created);
        var staffNo = await _api.Client().Cadre(await _api.Client().Unit());

        var logged = await (await _api.Client().PostJson($"/api/v1/cadres/{staffNo}/study-hours",
            new { hours = 2.5m, studiedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-2)).ToString("yyyy-MM-dd"), channel = "Online", source = "学习强国" }))
            .Json(HttpStatusCode.Created);

        var request = (await receiver.WaitFor(1)).Single();
        var body = JsonNode.Parse(request.Body)!;
        body["type"]!.GetValue<string>().ShouldBe("StudyHoursLogged");
        body["data"]!["staffNo"]!.GetValue<string>().ShouldBe(staffNo);
        logged["id"].ShouldNotBeNull();
    }

    [Fact]
    public async Task A_redirect_is_not_followed()
    {
        await using var target = new Receiver();
        await using var receiver = new Receiver { Answer = _ => 307, RedirectTo = target.Url() };
        var name = Ids.Next("hook");
        await (await _api.Client().Register(name, receiver.Url(), ["UnitRegistered"])).Json(HttpStatusCode.Created);

        await _api.Client().Unit();

        var delivery = await _api.Client().WaitForDelivery(name, d => d["attempts"]!.GetValue<int>() >= 1);
        delivery["status"]!.GetValue<string>().ShouldBe("Pending");
        delivery["lastError"]!.GetValue<string>().ShouldContain("redirect");
        target.Requests.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("http://evil.example.com/hook")]
    [InlineData("http://10.0.0.7/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]:8080/hook")]
    public async Task A_host_not_allowed_is_refused_at_registration(string url)
    {
        var name = Ids.Next("hook");
        var problem = await (await _api.Client().Register(name, url, ["UnitRegistered"])).Problem(HttpStatusCode.BadRequest, "url");
        problem["errors"]!["url"]![0]!.GetValue<string>().ShouldContain("AllowedHosts");
        await (await _api.Client().GetAsync($"/api/v1/admin/webhooks/{name}/deliveries")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Registration_names_every_bad_field_and_offers_no_confidential_fact()
    {
        var problem = await (await _api.Client().PostJson("/api/v1/admin/webhooks",
            new { name = "bad name!", url = "ftp://127.0.0.1/x", events = new[] { "SanctionImposed", "NoSuchEvent", "AdmonitionGiven" }, secret = "short" }))
            .Problem(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        errors.Select(e => e.Key).Order().ShouldBe(["events[0]", "events[1]", "events[2]", "name", "secret", "url"]);
    }

    [Fact]
    public async Task A_second_webhook_of_one_name_is_a_conflict_and_only_an_administrator_registers()
    {
        var name = Ids.Next("hook");
        await (await _api.Client().Register(name, "https://hooks.example.org/a", ["ReminderDue"])).Json(HttpStatusCode.Created);
        await (await _api.Client().Register(name, "https://hooks.example.org/b", ["ReminderDue"])).Problem(HttpStatusCode.Conflict);

        var reader = await _api.IssueKey("Reader", await _api.Client().Unit());
        (await _api.Client(apiKey: reader).Register(Ids.Next("hook"), "https://hooks.example.org/a", ["ReminderDue"])).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Facts_recorded_before_registration_are_not_delivered()
    {
        await using var receiver = new Receiver();
        var before = await _api.Client().Unit();
        await _api.WaitForProjections();
        var name = Ids.Next("hook");
        await (await _api.Client().Register(name, receiver.Url(), ["UnitRegistered"])).Json(HttpStatusCode.Created);
        var after = await _api.Client().Unit();

        var requests = await receiver.WaitFor(1);
        await Task.Delay(500);
        receiver.Requests.Count.ShouldBe(1);
        requests.Single().Body.ShouldContain(after);
        requests.Single().Body.ShouldNotContain(before);
    }
}
