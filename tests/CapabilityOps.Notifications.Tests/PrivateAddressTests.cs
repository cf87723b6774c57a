namespace CapabilityOps.Notifications.Tests;

/// <summary>A host whose list names 'localhost' but not its address: a private address is reached only when listed literally.</summary>
public sealed class PrivateAddressTests : IAsyncLifetime
{
    private readonly ApiFixture _api = ApiFixture.WithSettings(new Dictionary<string, string>(Webhooks.Settings)
    {
        ["Webhooks:AllowedHosts:0"] = "localhost", ["Webhooks:AllowedHosts:1"] = "hooks.example.org", ["Webhooks:AllowedHosts:2"] = "hooks.example.org",
    });

    public Task InitializeAsync() => _api.InitializeAsync();
    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task A_listed_name_that_resolves_to_a_private_address_not_listed_is_refused_at_delivery()
    {
        await using var receiver = new Receiver();
        var name = Ids.Next("hook");
        // 'localhost' is listed, so registration accepts it; it resolves to a loopback address that is not listed itself.
        await (await _api.Client().Register(name, $"http://localhost:{receiver.Port}/hook", ["UnitRegistered"])).Json(HttpStatusCode.Created);
        await (await _api.Client().Register(Ids.Next("hook"), receiver.Url(), ["UnitRegistered"])).Problem(HttpStatusCode.BadRequest, "url");

        await _api.Client().Unit();

        var delivery = await _api.Client().WaitForDelivery(name, d => d["status"]!.GetValue<string>() == "Refused");
        delivery["attempts"]!.GetValue<int>().ShouldBe(1);
        delivery["lastError"]!.GetValue<string>().ShouldContain("localhost");
        receiver.Requests.ShouldBeEmpty();
    }
}
