using System.Text.RegularExpressions;

namespace CapabilityOps.Dashboard.Tests;

/// <summary>
/// The dashboard's session over HTTP, without a browser: sign-in with a key (antiforgery-checked), the cookie's attributes, the key
/// never in a URL, a page or a log line, sign-out, a revoked key ending its sessions, and the key's unit scope on every page.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed partial class SessionTests(DashboardHost host)
{
    [Fact]
    public async Task Signing_in_opens_a_session_cookie_that_is_HttpOnly_SameSite_Strict_and_scoped_to_the_dashboard()
    {
        var browser = new Browser(host.BaseAddress);
        var response = await browser.SignIn(DashboardHost.AdminKey);

        response.StatusCode.ShouldBe(HttpStatusCode.Found);
        response.Headers.Location!.OriginalString.ShouldBe("/dashboard");
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("capops.dashboard=", StringComparison.Ordinal));
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=strict", Case.Insensitive);
        cookie.ShouldContain("path=/dashboard", Case.Insensitive);
        cookie.ShouldNotContain(DashboardHost.AdminKey);

        var page = await browser.Get($"/dashboard/units/{host.City}");
        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Html.ShouldContain("测试市生态环境局");
        page.Html.ShouldContain("西区分局");
        page.Html.ShouldNotContain(DashboardHost.AdminKey);
        page.Headers.CacheControl!.NoStore.ShouldBeTrue();
        page.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self'");
    }

    [Fact]
    public async Task A_page_without_a_session_sends_the_reader_to_sign_in_and_an_api_key_header_opens_no_page()
    {
        var anonymous = await new Browser(host.BaseAddress).Get($"/dashboard/units/{host.City}");
        anonymous.Status.ShouldBe(HttpStatusCode.Found);
        anonymous.Location.ShouldStartWith("http://127.0.0.1");
        anonymous.Location.ShouldContain("/dashboard/login?returnUrl=");

        var withHeader = new Browser(host.BaseAddress);
        withHeader.Client.DefaultRequestHeaders.Add("X-Api-Key", DashboardHost.AdminKey);
        (await withHeader.Get($"/dashboard/units/{host.City}")).Status.ShouldBe(HttpStatusCode.Found);
    }

    [Fact]
    public async Task A_key_that_is_not_recognised_opens_no_session_and_is_not_shown_back()
    {
        var browser = new Browser(host.BaseAddress);
        var response = await browser.SignIn("cok_not-a-key-at-all");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("密钥无法识别");
        html.ShouldNotContain("cok_not-a-key-at-all");
        response.Headers.TryGetValues("Set-Cookie", out var cookies);
        (cookies ?? []).ShouldNotContain(c => c.StartsWith("capops.dashboard=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signing_in_without_the_antiforgery_token_is_refused()
    {
        var browser = new Browser(host.BaseAddress);
        var response = await browser.Client.PostAsync("/dashboard/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["apiKey"] = DashboardHost.AdminKey }));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.TryGetValues("Set-Cookie", out var cookies);
        (cookies ?? []).ShouldNotContain(c => c.StartsWith("capops.dashboard=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var browser = new Browser(host.BaseAddress);
        await browser.SignIn(DashboardHost.AdminKey);
        (await browser.Get($"/dashboard/units/{host.City}")).Status.ShouldBe(HttpStatusCode.OK);

        var signedOut = await browser.Post("/dashboard/logout", $"/dashboard/units/{host.City}");
        signedOut.StatusCode.ShouldBe(HttpStatusCode.Found);
        signedOut.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("capops.dashboard=;", StringComparison.Ordinal));
        (await browser.Get($"/dashboard/units/{host.City}")).Status.ShouldBe(HttpStatusCode.Found);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_for_a_copy_of_the_cookie_too_on_every_instance()
    {
        var browser = new Browser(host.BaseAddress);
        await browser.SignIn(DashboardHost.AdminKey);
        var copied = Copy(browser.Cookies);
        var (other, address) = await host.StartAnotherHost();
        try
        {
            var here = new Browser(host.BaseAddress, copied);
            var there = new Browser(address, copied);
            (await here.Get($"/dashboard/units/{host.City}")).Status.ShouldBe(HttpStatusCode.OK);
            (await there.Get($"/dashboard/units/{host.City}")).Status.ShouldBe(HttpStatusCode.OK);

            (await browser.Post("/dashboard/logout", $"/dashboard/units/{host.City}")).StatusCode.ShouldBe(HttpStatusCode.Found);

            var refusedHere = await new Browser(host.BaseAddress, Copy(copied)).Get($"/dashboard/units/{host.City}");
            refusedHere.Status.ShouldBe(HttpStatusCode.Found);
            refusedHere.Location.ShouldContain("/dashboard/login?returnUrl=");
            var refusedThere = await new Browser(address, Copy(copied)).Get($"/dashboard/units/{host.City}");
            refusedThere.Status.ShouldBe(HttpStatusCode.Found);
            refusedThere.Location.ShouldContain("/dashboard/login?returnUrl=");

            // Signing in again opens a new session, which the old cookie does not share.
            var again = new Browser(host.BaseAddress);
            await again.SignIn(DashboardHost.AdminKey);
            (await again.Get($"/dashboard/units/{host.City}")).Status.ShouldBe(HttpStatusCode.OK);
            (await new Browser(host.BaseAddress, Copy(copied)).Get($"/dashboard/units/{host.City}")).Status.ShouldBe(HttpStatusCode.Found);
        }
        finally
        {
            other.Kill(entireProcessTree: true);
            await other.WaitForExitAsync();
            other.Dispose();
        }

        // A fresh container with the cookie as it was copied: a refused request deletes it from the container it came in.
        static CookieContainer Copy(CookieContainer from)
        {
            var to = new CookieContainer();
            foreach (Cookie cookie in from.GetAllCookies()) to.Add(new Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));
            return to;
        }
    }

    [Fact]
    public async Task A_session_opened_on_one_instance_is_read_by_another()
    {
        var browser = new Browser(host.BaseAddress);
        await browser.SignIn(DashboardHost.AdminKey);
        var (other, address) = await host.StartAnotherHost();
        try
        {
            // Cookies go to a host name whatever its port: the same cookie, presented to the second instance.
            var there = new Browser(address, browser.Cookies);
            var page = await there.Get($"/dashboard/units/{host.City}");
            page.Status.ShouldBe(HttpStatusCode.OK);
            page.Html.ShouldContain("测试市生态环境局");
        }
        finally
        {
            other.Kill(entireProcessTree: true);
            await other.WaitForExitAsync();
            other.Dispose();
        }
    }

    [Fact]
    public async Task A_revoked_key_ends_its_sessions()
    {
        var name = Ids.Next("revoked");
        var key = await host.IssueKey("Reader", host.CountyWest, name);
        var browser = new Browser(host.BaseAddress);
        await browser.SignIn(key);
        (await browser.Get($"/dashboard/units/{host.CountyWest}")).Status.ShouldBe(HttpStatusCode.OK);

        (await host.Api().DeleteAsync($"/api/v1/admin/api-keys/{name}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        // Every instance forgets an accepted key within the key cache's few seconds.
        await Task.Delay(TimeSpan.FromSeconds(6));
        (await browser.Get($"/dashboard/units/{host.CountyWest}")).Status.ShouldBe(HttpStatusCode.Found);
    }

    [Fact]
    public async Task A_reader_of_one_county_sees_that_county_and_nothing_of_another()
    {
        var browser = new Browser(host.BaseAddress);
        (await browser.SignIn(host.ReaderWestKey)).Headers.Location!.OriginalString.ShouldBe("/dashboard");

        var start = await browser.Get("/dashboard");
        start.Location.ShouldStartWith($"/dashboard/units/{host.CountyWest}");
        var own = await browser.Get($"/dashboard/units/{host.CountyWest}");
        own.Status.ShouldBe(HttpStatusCode.OK);
        own.Html.ShouldContain("西区分局");
        own.Html.ShouldNotContain("测试市生态环境局"); // the city above is not in the key's reach, not even in the trail

        foreach (var page in new[]
                 {
                     $"/dashboard/units/{host.CountyEast}", $"/dashboard/units/{host.City}", $"/dashboard/units/{host.CountyEast}/cadres",
                     $"/dashboard/units/{host.CountyEast}/reports", $"/dashboard/units/{host.CountyEast}/equipment", $"/dashboard/cadres/{host.CadreEast}",
                     $"/dashboard/units/{host.CountyEast}?handler=trend",
                 })
        {
            var refused = await browser.Get(page);
            refused.Status.ShouldBe(HttpStatusCode.Forbidden, page);
            refused.Html.ShouldNotContain("东区分局", customMessage: page);
            refused.Html.ShouldNotContain("钱多多", customMessage: page);
        }
        (await browser.Get($"/dashboard/cadres/{host.CadreWest}")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Every_page_answers_for_an_administrator_and_the_key_is_never_logged()
    {
        var browser = new Browser(host.BaseAddress);
        await browser.SignIn(DashboardHost.AdminKey);
        foreach (var page in new[]
                 {
                     $"/dashboard/units/{host.City}", $"/dashboard/units/{host.CountyWest}/cadres", $"/dashboard/units/{host.City}/reports",
                     $"/dashboard/units/{host.City}/equipment", $"/dashboard/cadres/{host.CadreWest}", $"/dashboard/units/{host.City}?handler=trend",
                     $"/dashboard/units/{host.City}?year=2025",
                 })
            (await browser.Get(page)).Status.ShouldBe(HttpStatusCode.OK, page);

        (await browser.Get("/dashboard/assets/echarts.min.js")).Status.ShouldBe(HttpStatusCode.OK);
        host.Logs.ShouldNotBeEmpty();
        host.Logs.ShouldNotContain(line => line.Contains(DashboardHost.AdminKey, StringComparison.Ordinal));
        host.Logs.ShouldNotContain(line => line.Contains(host.ReaderWestKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_trend_gives_the_units_compliance_on_each_months_end_so_far()
    {
        var browser = new Browser(host.BaseAddress);
        await browser.SignIn(DashboardHost.AdminKey);
        // The closed months' points are the background's: wait for it to have computed them after the fixture's cadres.
        System.Text.Json.Nodes.JsonArray points;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            var trend = await browser.Get($"/dashboard/units/{host.City}?handler=trend&year=2025");
            trend.Status.ShouldBe(HttpStatusCode.OK);
            points = System.Text.Json.Nodes.JsonNode.Parse(trend.Html)!.AsArray();
            if (points.All(p => p!["cadres"]!.GetValue<int>() == 5)) break;
            await Task.Delay(100);
        }
        while (waited.Elapsed < TimeSpan.FromSeconds(60));
        points.Count.ShouldBe(12);
        points[0]!["onDate"]!.GetValue<string>().ShouldBe("2025-01-31");
        points[11]!["onDate"]!.GetValue<string>().ShouldBe("2025-12-31");
        points.ShouldAllBe(p => p!["cadres"]!.GetValue<int>() == 5);
    }

    /// <summary>An HTTP client that keeps cookies and does not follow redirects, as a browser's requests look to the host.</summary>
    private sealed partial class Browser
    {
        public Browser(Uri baseAddress, CookieContainer? cookies = null)
        {
            Cookies = cookies ?? new CookieContainer();
            Client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        }

        public CookieContainer Cookies { get; }

        public HttpClient Client { get; }

        public async Task<HttpResponseMessage> SignIn(string key)
        {
            var form = await Client.GetStringAsync("/dashboard/login");
            return await Client.PostAsync("/dashboard/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["apiKey"] = key, ["__RequestVerificationToken"] = Token(form),
            }));
        }

        /// <summary>Posts a page's form (its antiforgery token taken from <paramref name="fromPage"/>).</summary>
        public async Task<HttpResponseMessage> Post(string url, string fromPage)
        {
            var html = await Client.GetStringAsync(fromPage);
            return await Client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(html) }));
        }

        public async Task<(HttpStatusCode Status, string Html, string Location, System.Net.Http.Headers.HttpResponseHeaders Headers)> Get(string url)
        {
            var response = await Client.GetAsync(url);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString ?? "", response.Headers);
        }

        private static string Token(string html) => TokenPattern().Match(html).Groups[1].Value;

        [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
        private static partial Regex TokenPattern();
    }
}
