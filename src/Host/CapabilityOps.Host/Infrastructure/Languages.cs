using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace CapabilityOps.Host.Infrastructure;

/// <summary>
/// The language of a request's messages: Simplified Chinese, the language of the bureau's people, unless the request asks
/// for English (<c>Accept-Language: en</c>). Only the UI language changes: numbers and dates are formatted invariantly
/// whatever the language, so JSON, files and logs read the same for everyone.
/// </summary>
public static class Languages
{
    public static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public static void Configure(RequestLocalizationOptions options)
    {
        options.DefaultRequestCulture = new RequestCulture(CultureInfo.InvariantCulture, Chinese);
        options.SupportedCultures = [CultureInfo.InvariantCulture];
        options.SupportedUICultures = [Chinese, English];
        // zh, zh-Hans, zh-TW … read Chinese, en-US, en-GB … English: the parent language answers.
        options.FallBackToParentUICultures = true;
        options.RequestCultureProviders = [new AcceptLanguageHeaderRequestCultureProvider { MaximumAcceptLanguageHeaderValuesToTry = 5 }];
    }
}
