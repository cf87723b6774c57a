using System.Net;
using System.Text;
using CapabilityOps.SharedKernel;

namespace CapabilityOps.Host.Infrastructure;

/// <summary>
/// The pages a problem's <c>type</c> points at (<c>/problems/{name}</c>): what the problem means and what to do, in Chinese
/// and English on one page, so a person who follows the link reads it whatever language the answer was in.
/// </summary>
internal static class ProblemPages
{
    public static WebApplication MapProblemPages(this WebApplication app)
    {
        app.MapGet(ProblemTypes.Prefix + "{name}", (string name) =>
                ProblemTypes.Names.Values.Contains(name) ? Results.Content(Page(name), "text/html; charset=utf-8") : Results.NotFound())
            .AllowAnonymous().ExcludeFromDescription();
        app.MapGet(ProblemTypes.Prefix.TrimEnd('/'), () => Results.Content(Index(), "text/html; charset=utf-8"))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static string Status(string name) => ProblemTypes.Names.First(n => n.Value == name).Key.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Page(string name)
    {
        var status = int.Parse(Status(name), System.Globalization.CultureInfo.InvariantCulture);
        var title = ProblemTypes.Title(status);
        return Html($"{title.ToString(Languages.Chinese)} ({title.ToString(Languages.English)})", body =>
        {
            body.Append($"<h1>{Encode(title.ToString(Languages.Chinese))} <small>{Encode(title.ToString(Languages.English))} · HTTP {status}</small></h1>");
            body.Append($"<p lang=\"zh-CN\">{Encode(ProblemTypes.About(name).ToString(Languages.Chinese))}</p>");
            body.Append($"<p lang=\"en\">{Encode(ProblemTypes.About(name).ToString(Languages.English))}</p>");
            body.Append($"<p><a href=\"{ProblemTypes.Prefix.TrimEnd('/')}\">{Encode(Msg("AllProblems").ToString(Languages.Chinese))} (All problem types)</a></p>");
        });
    }

    private static string Index() => Html("问题类型 (Problem types)", body =>
    {
        body.Append("<h1>问题类型 <small>Problem types</small></h1><ul>");
        foreach (var (status, name) in ProblemTypes.Names)
        {
            var title = ProblemTypes.Title(status);
            body.Append($"<li><a href=\"{ProblemTypes.Prefix}{name}\">{status} {Encode(title.ToString(Languages.Chinese))} ({Encode(title.ToString(Languages.English))})</a></li>");
        }
        body.Append("</ul>");
    });

    private static string Html(string title, Action<StringBuilder> body)
    {
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>")
            .Append(Encode(title)).Append(" · CapabilityOps</title><style>body{font-family:sans-serif;max-width:40em;margin:2em auto;line-height:1.6}small{color:#666;font-weight:normal}</style></head><body>");
        body(html);
        return html.Append("</body></html>").ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
