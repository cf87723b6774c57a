namespace CapabilityOps.Dashboard;

/// <summary>
/// This project's messages: Messages.resx (Chinese, the default) and Messages.en.resx (English) beside this file. Pages and code
/// say <c>Msg("Key", args)</c> (a global static using; the pages' _ViewImports) and Razor writes the <see cref="SharedKernel.Text"/>
/// in the reader's language (docs/ARCHITECTURE.md, "Messages and languages").
/// </summary>
internal static class Messages
{
    private static readonly SharedKernel.MessageCatalog Catalog = SharedKernel.MessageCatalog.Of(typeof(Messages).Assembly);

    /// <summary>The message <paramref name="key"/> of this project, with its arguments.</summary>
    public static SharedKernel.Text Msg(string key, params object?[] args) => Catalog[key, args];
}
