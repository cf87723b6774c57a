using System.Text.Json.Nodes;
using CapabilityOps.SharedKernel;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CapabilityOps.Host.Tests.Access;

/// <summary>
/// Every route × every role × a unit in and out of the key's scope. Routes are found from the running
/// host, so a new route is in the matrix the day it is written — and fails here if it declares no role
/// and scope, or (scoped by its body) has no sample body below.
/// </summary>
[Collection(ApiCollection.Name)]
public class RouteMatrixTests(ApiFixture api)
{
    /// <summary>
    /// Bodies for routes that name their unit in the body. {unit} is the unit under test, {cadre} a cadre in it,
    /// {new} a fresh code.
    /// </summary>
    private static readonly Dictionary<string, string> SampleBodies = new()
    {
        ["POST /api/v1/units"] = """{"code":"{new}","name":"测试科","kind":"Department","parentCode":"{unit}"}""",
        ["POST /api/v1/cadres"] = """{"staffNo":"{new}","name":"张伟","unitCode":"{unit}","rank":"Staff","birthDate":"1990-01-01","education":"Bachelor","postCategory":"General","partyMember":false,"joinedOn":"2015-01-01"}""",
        ["POST /api/v1/practice-events"] = """{"kind":"MonitoringContest","title":"监测大比武","heldOn":"2024-05-01","organiserUnitCode":"{unit}","results":[{"staffNo":"{cadre}","rank":1}]}""",
        ["POST /api/v1/cadres/{staffNo}/transfers"] = """{"toUnitCode":"{unit}","effectiveOn":"2024-01-01"}""",
        ["POST /api/v1/equipment"] = """{"assetNo":"{new}","kind":"Drone","name":"无人机","unitCode":"{unit}","acquiredOn":"2024-01-01","valueYuan":1000,"serviceLifeYears":5}""",
        ["POST /api/v1/reserve-items"] = """{"sku":"{new}","name":"围油栏","measure":"米","depotUnitCode":"{unit}","minimumStock":10}""",
        ["POST /api/v1/earmarks"] = """{"year":2024,"category":"Training","unitCode":"{unit}","amountYuan":1000}""",
        ["POST /api/v1/information-systems"] = """{"code":"{new}","name":"视频会议系统","kind":"VideoConference","unitCode":"{unit}"}""",
        ["POST /api/v1/monitoring-stations"] = """{"code":"{new}","name":"空气自动站","kind":"AirAutomatic","unitCode":"{unit}"}""",
        ["POST /api/v1/substitution-items"] = """{"itemNo":"{new}","unitCode":"{unit}","category":"数据库","currentProduct":"Oracle","targetProduct":"达梦","dueOn":"2022-06-30"}""",
        ["POST /api/v1/talent-pools/{post}/members"] = """{"staffNo":"{cadre}","since":"2024-01-01","reason":"遴选"}""",
        ["POST /api/v1/talent-pools/{post}/exits"] = """{"staffNo":"{cadre}","on":"2024-01-01","reason":"复核"}""",
        ["POST /api/v1/mentorships"] = """{"mentor":"{cadre}","mentee":"{cadre}","from":"2024-01-01"}""",
        ["POST /api/v1/recruitment-campaigns"] = """{"kind":"OpenRecruitment","unitCode":"{unit}","posts":1,"opensOn":"2024-01-01"}""",
    };

    public sealed record Route(string Method, string Pattern, string Policy, IUnitScopeMetadata Scope)
    {
        public override string ToString() => $"{Method} {Pattern}";
    }

    private IReadOnlyList<Route> Routes() =>
        api.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => new Route(
                m, e.RoutePattern.RawText!,
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).SingleOrDefault(p => p is not null) ?? "",
                e.Metadata.GetMetadata<IUnitScopeMetadata>()!)))
            .ToList();

    [Fact]
    public void Every_route_declares_one_role_policy_and_a_unit_scope()
    {
        var routes = Routes();
        routes.Count.ShouldBeGreaterThan(10);
        foreach (var route in routes)
        {
            route.Policy.ShouldBeOneOf([AccessPolicies.Read, AccessPolicies.Write, AccessPolicies.Admin, AccessPolicies.Discipline, AccessPolicies.WriteOrDiscipline],
                $"{route} declares no role");
            route.Scope.ShouldNotBeNull($"{route} declares no unit scope");
            if (route.Scope is ScopedByBodyAttribute) SampleBodies.ShouldContainKey(route.ToString(), $"{route} is scoped by its body: add a sample body to the matrix");
        }
    }

    [Fact]
    public async Task Each_role_in_and_out_of_scope_gets_what_it_may_and_a_refusal_changes_nothing()
    {
        var admin = api.Client();
        var city = await admin.Unit();
        var inside = await admin.Unit("CountyBureau", city);
        var outside = await admin.Unit("CountyBureau", city);
        var cadreInside = await admin.Cadre(inside, "Leader");
        var cadreOutside = await admin.Cadre(outside, "Leader");
        var clients = new Dictionary<string, HttpClient>
        {
            ["Admin"] = admin,
            ["UnitWriter"] = api.Client(apiKey: await api.IssueKey("UnitWriter", inside)),
            ["Reader"] = api.Client(apiKey: await api.IssueKey("Reader", inside)),
            ["DisciplineOfficer"] = api.Client(apiKey: await api.IssueKey("DisciplineOfficer", inside)),
            ["none"] = api.Client(apiKey: null),
        };

        var failures = new List<string>();
        foreach (var route in Routes())
        foreach (var (role, client) in clients)
        foreach (var inScope in new[] { true, false })
        {
            var unit = inScope ? inside : outside;
            var cadre = inScope ? cadreInside : cadreOutside;
            var expectRefusal = Refusal(route, role, inScope);
            var before = await api.CountEvents();
            var response = await Send(client, route, unit, cadre);
            var status = (int)response.StatusCode;
            var refused = status is 401 or 403;
            if (status >= 500) failures.Add($"{route} as {role} ({(inScope ? "in" : "out of")} scope): {status}");
            else if (expectRefusal is { } expected && status != expected)
                failures.Add($"{route} as {role} ({(inScope ? "in" : "out of")} scope): expected {expected}, got {status}");
            else if (expectRefusal is null && refused)
                failures.Add($"{route} as {role} ({(inScope ? "in" : "out of")} scope): refused with {status}");
            if (refused && await api.CountEvents() != before) failures.Add($"{route} as {role}: a refused request recorded something");
        }
        failures.ShouldBeEmpty(string.Join("\n", failures));
    }

    /// <summary>The status a role must get, or null when it may use the route.</summary>
    private static int? Refusal(Route route, string role, bool inScope)
    {
        if (role == "none") return 401;
        if (role == "Admin") return null;
        var roleAllowed = route.Policy switch
        {
            AccessPolicies.Read => true,
            AccessPolicies.Write => role == "UnitWriter",
            AccessPolicies.Discipline => role == "DisciplineOfficer",
            AccessPolicies.WriteOrDiscipline => role is "UnitWriter" or "DisciplineOfficer",
            _ => false,
        };
        if (!roleAllowed) return 403;
        return !inScope && route.Scope is not NotUnitScopedAttribute ? 403 : null;
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, Route route, string unit, string cadre)
    {
        var path = route.Pattern.Replace("{staffNo}", cadre).Replace("{code}", unit).Replace("{name}", "no-such-key");
        path = System.Text.RegularExpressions.Regex.Replace(path, @"\{[^}]+\}", Guid.NewGuid().ToString());
        var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (route.Method is "POST" or "PUT" or "PATCH")
        {
            var body = SampleBodies.GetValueOrDefault(route.ToString(), "{}")
                .Replace("{unit}", unit).Replace("{cadre}", cadre).Replace("{new}", Ids.Next("N"));
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }
        return client.SendAsync(request);
    }
}
