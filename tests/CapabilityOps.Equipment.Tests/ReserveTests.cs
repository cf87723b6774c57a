namespace CapabilityOps.Equipment.Tests;

/// <summary>The emergency reserve depot (EQP-3): stock never goes negative, also under concurrent issues.</summary>
[Collection(ApiCollection.Name)]
public class ReserveTests(ApiFixture api)
{
    [Fact]
    public async Task Issuing_7_of_5_in_stock_is_a_409_and_the_stock_stays_5()
    {
        var client = api.Client();
        var depot = await client.Unit();
        var sku = await client.ReserveItem(depot, minimumStock: 2, stock: 5);
        var before = await api.CountEvents();

        var problem = await (await client.PostJson($"/api/v1/reserve-items/{sku}/issues", new { quantity = 7, issuedOn = Depot.Today.Iso(), incidentRef = "TF-1" }))
            .Problem(HttpStatusCode.Conflict);
        problem["detail"]!.GetValue<string>().ShouldContain("7 asked for, 5 米 in stock");
        (await api.CountEvents()).ShouldBe(before);
        (await client.GetJson($"/api/v1/reserve-items/{sku}"))["stock"]!.GetValue<decimal>().ShouldBe(5m);

        var issued = await (await client.PostJson($"/api/v1/reserve-items/{sku}/issues", new { quantity = 5, issuedOn = Depot.Today.Iso(), incidentRef = "TF-1" })).Json(HttpStatusCode.Created);
        issued["stock"]!.GetValue<decimal>().ShouldBe(0m);
        issued["low"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Twenty_concurrent_issues_of_1_against_a_stock_of_10_accept_exactly_10()
    {
        var client = api.Client();
        var depot = await client.Unit();
        var sku = await client.ReserveItem(depot, minimumStock: 0, stock: 10);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => api.Client().PostJson(
            $"/api/v1/reserve-items/{sku}/issues", new { quantity = 1, issuedOn = Depot.Today.Iso(), incidentRef = $"TF-{i}" })));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        statuses.Count(s => s == 201).ShouldBe(10, string.Join(",", statuses));
        statuses.Count(s => s == 409).ShouldBe(10, string.Join(",", statuses));
        (await client.GetJson($"/api/v1/reserve-items/{sku}"))["stock"]!.GetValue<decimal>().ShouldBe(0m);
    }

    [Fact]
    public async Task Low_stock_and_expiring_lists_and_issues_take_the_lots_that_expire_first()
    {
        var client = api.Client();
        var depot = await client.Unit();
        var today = Depot.Today;
        var low = await client.ReserveItem(depot, minimumStock: 100, stock: 40);
        var fine = await client.ReserveItem(depot, minimumStock: 10, stock: 40);
        var expiring = await client.ReserveItem(depot, minimumStock: 0);
        await (await client.PostJson($"/api/v1/reserve-items/{expiring}/receipts", new { quantity = 30, receivedOn = today.AddDays(-100).Iso(), expiresOn = today.AddDays(20).Iso() })).Json(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/reserve-items/{expiring}/receipts", new { quantity = 50, receivedOn = today.Iso(), expiresOn = today.AddDays(400).Iso() })).Json(HttpStatusCode.Created);

        (await client.GetJson($"/api/v1/reserve-items?unit={depot}&low=true")).Codes("sku").ShouldBe([low]);
        (await client.GetJson($"/api/v1/reserve-items?unit={depot}&low=false")).Codes("sku").ShouldBe([fine, expiring], ignoreOrder: true);
        (await client.GetJson($"/api/v1/reserve-items?unit={depot}&expiring=true")).Codes("sku").ShouldBe([expiring]);
        (await client.GetJson($"/api/v1/reserve-items/{expiring}"))["expiringWithin30Days"]!.GetValue<decimal>().ShouldBe(30m);

        // An issue takes the lot that expires first: 35 empties the 30 expiring soon and takes 5 of the rest.
        await (await client.PostJson($"/api/v1/reserve-items/{expiring}/issues", new { quantity = 35, issuedOn = today.Iso(), incidentRef = "TF-9" })).Json(HttpStatusCode.Created);
        var after = await client.GetJson($"/api/v1/reserve-items/{expiring}");
        after["stock"]!.GetValue<decimal>().ShouldBe(45m);
        after["expiringWithin30Days"]!.GetValue<decimal>().ShouldBe(0m);
        (await client.GetJson($"/api/v1/reserve-items?unit={depot}&expiring=true")).AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Bad_quantities_dates_and_unknown_items_are_refused_and_record_nothing()
    {
        var client = api.Client();
        var depot = await client.Unit();
        var sku = await client.ReserveItem(depot, stock: 5);
        var before = await api.CountEvents();
        await (await client.PostJson($"/api/v1/reserve-items/{sku}/issues", new { quantity = -1, issuedOn = Depot.Today.Iso(), incidentRef = "TF" })).Problem(HttpStatusCode.BadRequest, "quantity");
        await (await client.PostJson($"/api/v1/reserve-items/{sku}/issues", new { quantity = 0.125m, issuedOn = Depot.Today.Iso(), incidentRef = "TF" })).Problem(HttpStatusCode.BadRequest, "quantity");
        await (await client.PostJson($"/api/v1/reserve-items/{sku}/issues", new { quantity = 1, issuedOn = Depot.Today.AddDays(1).Iso(), incidentRef = "TF" })).Problem(HttpStatusCode.BadRequest, "issuedOn");
        await (await client.PostJson($"/api/v1/reserve-items/{sku}/receipts", new { quantity = 1, receivedOn = "2025-01-01", expiresOn = "2024-01-01" })).Problem(HttpStatusCode.BadRequest, "expiresOn");
        await (await client.PostJson("/api/v1/reserve-items/NO-SUCH-SKU/issues", new { quantity = 1, issuedOn = Depot.Today.Iso(), incidentRef = "TF" })).Problem(HttpStatusCode.NotFound);
        await (await client.PostJson("/api/v1/reserve-items", new { sku, name = "围油栏", measure = "米", depotUnitCode = depot, minimumStock = 1 })).Problem(HttpStatusCode.Conflict);
        await (await client.PostJson("/api/v1/reserve-items", new { sku = Ids.Next("R"), name = "围油栏", measure = "米", depotUnitCode = "NO-SUCH-UNIT", minimumStock = 1 }))
            .Problem(HttpStatusCode.BadRequest, "depotUnitCode");
        (await api.CountEvents()).ShouldBe(before);
    }
}
