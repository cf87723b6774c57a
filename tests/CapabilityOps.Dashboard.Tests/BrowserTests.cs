using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace CapabilityOps.Dashboard.Tests;

/// <summary>
/// The dashboard in a real browser: Debian's headless Chromium driven through chromium-driver, against the host on a real port.
/// Sign in, the city view with its charts drawn, a drill-down into a county, a non-compliant cadre's explained compliance, sign-out,
/// and a Reader key of one county refused the other. Writes screenshots of the city view and the county drill-down under
/// artifacts/screenshots (not committed).
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class BrowserTests(DashboardHost host)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [BrowserFact]
    public void A_person_signs_in_drills_from_the_city_to_a_cadre_and_signs_out()
    {
        using var driver = Chromium.Start(1280, 1000);
        var wait = new WebDriverWait(driver, Patience);

        // Any page asks for the key first; the key is typed into the form, never into a URL.
        driver.Navigate().GoToUrl(new Uri(host.BaseAddress, "/dashboard"));
        wait.Until(d => d.Url.Contains("/dashboard/login", StringComparison.Ordinal));
        driver.FindElement(By.Id("apiKey")).SendKeys(DashboardHost.AdminKey);
        driver.FindElement(By.Id("sign-in")).Click();

        // The administrator's start is the root of the tree: the city overview, with its charts drawn and the trend loaded.
        wait.Until(d => d.Url.Contains($"/dashboard/units/{host.City}", StringComparison.Ordinal));
        WaitForCharts(driver, wait);
        driver.FindElement(By.Id("unit-name")).Text.ShouldContain("测试市生态环境局");
        driver.FindElement(By.Id("signed-in-as")).Text.ShouldContain("bootstrap-admin");
        driver.FindElements(By.CssSelector("#chart-own canvas")).ShouldNotBeEmpty();
        driver.FindElements(By.CssSelector("#chart-children canvas")).ShouldNotBeEmpty();
        driver.FindElements(By.CssSelector("#chart-scores canvas")).ShouldNotBeEmpty();
        driver.FindElement(By.Id("kpi-cadres")).Text.ShouldBe("5");
        driver.FindElement(By.Id("kpi-rate")).Text.ShouldBe("20.0%");
        driver.FindElements(By.CssSelector("#children a.drill")).Select(a => a.Text).ShouldBe(["西区分局", "东区分局", "人事科"], ignoreOrder: true);
        driver.Url.ShouldNotContain(DashboardHost.AdminKey);
        driver.PageSource.ShouldNotContain(DashboardHost.AdminKey);
        var session = driver.Manage().Cookies.GetCookieNamed("capops.dashboard");
        session.ShouldNotBeNull();
        session.IsHttpOnly.ShouldBeTrue();
        session.SameSite.ShouldBe("Strict");
        session.Value.ShouldNotContain(DashboardHost.AdminKey);
        Screenshot(driver, "dashboard-city");
        Screenshot(driver, "dashboard-city-top", new System.Drawing.Size(1000, 1150)); // the README's picture: the top of the page

        // Drill down into the west county.
        driver.FindElement(By.CssSelector($"#children a.drill[data-code='{host.CountyWest}']")).Click();
        wait.Until(d => d.Url.Contains($"/dashboard/units/{host.CountyWest}", StringComparison.Ordinal));
        WaitForCharts(driver, wait);
        driver.FindElement(By.Id("unit-name")).Text.ShouldContain("西区分局");
        driver.FindElement(By.Id("kpi-cadres")).Text.ShouldBe("3");
        driver.FindElement(By.CssSelector("nav.trail")).Text.ShouldContain("测试市生态环境局");
        Screenshot(driver, "dashboard-county");

        // Its non-compliant cadres (new cadres with no study hours miss LRN-1), then one cadre's explained compliance.
        driver.FindElement(By.Id("link-cadres")).Click();
        wait.Until(d => d.FindElements(By.CssSelector("#cadres a.cadre")).Count > 0);
        var rows = driver.FindElements(By.CssSelector("#cadres tbody tr"));
        rows.Count.ShouldBe(2);
        rows.ShouldAllBe(r => r.Text.Contains("LRN-1"));
        driver.FindElement(By.CssSelector($"#cadres a.cadre[data-staff-no='{host.CadreWest}']")).Click();
        wait.Until(d => d.FindElements(By.Id("verdict")).Count > 0);
        driver.FindElement(By.Id("cadre-name")).Text.ShouldContain("王小明");
        driver.FindElement(By.Id("verdict")).Text.ShouldBe("本年度未全部达标");
        var lrn1 = driver.FindElement(By.CssSelector("section.check[data-rule='LRN-1']"));
        lrn1.GetAttribute("class")!.ShouldContain("miss");
        lrn1.Text.ShouldContain("年度学习学时");

        // Sign out: the session ends, and a page asks for a key again.
        driver.FindElement(By.Id("sign-out")).Click();
        wait.Until(d => d.FindElements(By.Id("signed-out")).Count > 0);
        driver.Manage().Cookies.GetCookieNamed("capops.dashboard").ShouldBeNull();
        driver.Navigate().GoToUrl(new Uri(host.BaseAddress, $"/dashboard/units/{host.City}"));
        wait.Until(d => d.Url.Contains("/dashboard/login", StringComparison.Ordinal));
    }

    [BrowserFact]
    public void A_reader_of_one_county_cannot_see_another()
    {
        using var driver = Chromium.Start(390, 844); // a phone's width: the same pages, one column
        var wait = new WebDriverWait(driver, Patience);
        driver.Navigate().GoToUrl(new Uri(host.BaseAddress, "/dashboard/login"));
        driver.FindElement(By.Id("apiKey")).SendKeys(host.ReaderWestKey);
        driver.FindElement(By.Id("sign-in")).Click();

        // The reader starts at their own county, and the city above it is not a link they can follow.
        wait.Until(d => d.Url.Contains($"/dashboard/units/{host.CountyWest}", StringComparison.Ordinal));
        WaitForCharts(driver, wait);
        driver.FindElement(By.Id("unit-name")).Text.ShouldContain("西区分局");
        driver.FindElement(By.CssSelector("nav.trail")).Text.ShouldNotContain("测试市生态环境局");
        Screenshot(driver, "dashboard-county-phone");

        foreach (var page in new[] { $"/dashboard/units/{host.CountyEast}", $"/dashboard/units/{host.City}", $"/dashboard/units/{host.CountyEast}/cadres",
                     $"/dashboard/cadres/{host.CadreEast}" })
        {
            driver.Navigate().GoToUrl(new Uri(host.BaseAddress, page));
            wait.Until(d => d.FindElements(By.Id("refusal")).Count > 0);
            driver.FindElement(By.TagName("h1")).Text.ShouldBe("无权查看", customMessage: page);
            driver.PageSource.ShouldNotContain("东区分局", customMessage: page);
            driver.PageSource.ShouldNotContain("钱多多", customMessage: page);
        }

        driver.Navigate().GoToUrl(new Uri(host.BaseAddress, $"/dashboard/units/{host.CountyWest}"));
        wait.Until(d => d.FindElements(By.Id("sign-out")).Count > 0);
        driver.FindElement(By.Id("sign-out")).Click();
        wait.Until(d => d.FindElements(By.Id("signed-out")).Count > 0);
    }

    /// <summary>Until the page's script has drawn its charts and the trend has arrived.</summary>
    private static void WaitForCharts(IWebDriver driver, WebDriverWait wait)
    {
        wait.Until(d => d.FindElement(By.TagName("body")).GetAttribute("data-charts") == "ready");
        wait.Until(d => d.FindElement(By.Id("chart-trend")).GetAttribute("data-loaded") is "true" or "failed");
        driver.FindElement(By.Id("chart-trend")).GetAttribute("data-loaded").ShouldBe("true");
    }

    /// <summary>The whole page (the window made as tall as the page for the picture), or the window at <paramref name="window"/>.</summary>
    private static void Screenshot(IWebDriver driver, string name, System.Drawing.Size? window = null)
    {
        var directory = Path.Combine(DashboardHost.Root(), "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        var height = Convert.ToInt32(((IJavaScriptExecutor)driver).ExecuteScript("return document.documentElement.scrollHeight"), System.Globalization.CultureInfo.InvariantCulture);
        var size = driver.Manage().Window.Size;
        driver.Manage().Window.Size = window ?? new System.Drawing.Size(size.Width, Math.Min(Math.Max(height, size.Height), 4000));
        Thread.Sleep(1000); // the charts redraw at the new size (each watches its box's size)
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(Path.Combine(directory, name + ".png"));
        driver.Manage().Window.Size = size;
    }
}

/// <summary>A test that needs the browser: skipped, saying why, where Debian's chromium or chromium-driver is not installed.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Chromium.Missing() is { } missing) Skip = missing;
    }
}

/// <summary>Debian's Chromium (<c>chromium</c>) and its driver (<c>chromium-driver</c>), headless, with a new empty profile.</summary>
public static class Chromium
{
    private static readonly string[] Browsers = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
    private static readonly string[] Drivers = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"];

    public static string? Missing()
    {
        if (Browsers.FirstOrDefault(File.Exists) is null)
            return "No browser: the dashboard's browser test needs Debian's chromium (apt-get install chromium chromium-driver fonts-noto-cjk; build/test installs them).";
        if (Drivers.FirstOrDefault(File.Exists) is null)
            return "No chromedriver: the dashboard's browser test needs Debian's chromium-driver (apt-get install chromium-driver; build/test installs it).";
        return null;
    }

    public static ChromeDriver Start(int width, int height)
    {
        // The system's browser and driver, never one Selenium Manager would download.
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        var driverPath = Drivers.First(File.Exists);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driverPath)!, Path.GetFileName(driverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = Browsers.First(File.Exists) };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--lang=zh-CN",
            $"--window-size={width},{height}");
        options.AddUserProfilePreference("intl.accept_languages", "zh-CN,zh");
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }
}
