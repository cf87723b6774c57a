namespace CapabilityOps.SharedKernel;

/// <summary>
/// This project's messages: Messages.resx (Chinese, the default) and Messages.en.resx (English) beside this file — problem
/// titles, the shared field rules, the refusals every module gives alike. Every module has a class like this one
/// (docs/ARCHITECTURE.md, "Messages and languages").
/// </summary>
internal static class Messages
{
    private static readonly MessageCatalog Catalog = MessageCatalog.Of(typeof(Messages).Assembly);

    /// <summary>The message <paramref name="key"/> of this project, with its arguments.</summary>
    public static Text Msg(string key, params object?[] args) => Catalog[key, args];
}
