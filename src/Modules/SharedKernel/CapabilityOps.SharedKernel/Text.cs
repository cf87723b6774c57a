using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace CapabilityOps.SharedKernel;

/// <summary>
/// A human-facing text: a key in one module's messages and its arguments, rendered in the reader's language only when it
/// is written (a problem's <c>title</c>, <c>detail</c> and <c>errors</c>, a rule's note, an appraisal reason, a cell of an
/// export). Pure code (a <c>Decide</c>, a rule) builds texts and never reads the request's language.
/// </summary>
/// <remarks>
/// Templates number their arguments (<c>{0}</c>, <c>{1:yyyy-MM-dd}</c>); anything else in braces (FluentValidation's
/// <c>{PropertyName}</c>) is left as it is. Values are formatted invariantly (dates, numbers); an argument that is itself a
/// <see cref="Text"/>, an enum (its name in <c>Enum.{Type}.{Value}</c> of the enum's module) or a list of those is
/// rendered in the same language.
/// </remarks>
[JsonConverter(typeof(TextJsonConverter))]
public sealed partial class Text : IEquatable<Text>
{
    private readonly MessageCatalog? _catalog;
    private readonly object?[] _args;

    internal Text(MessageCatalog? catalog, string key, object?[] args)
    {
        _catalog = catalog;
        Key = key;
        _args = args;
    }

    /// <summary>The message's key in its module's resources (for a verbatim text, the text itself).</summary>
    public string Key { get; }

    public IReadOnlyList<object?> Args => _args;

    /// <summary>Text that is data, not a message (a name a person typed): shown as it is in every language.</summary>
    public static Text Verbatim(string text) => new(null, text, []);

    public string ToString(CultureInfo culture)
    {
        if (_catalog is null) return Key;
        var template = _catalog.Template(Key, culture) ?? Key;
        if (_args.Length == 0) return template;
        var parts = Parsed.GetOrAdd(template, Parse);
        if (parts.Length == 1 && parts[0].Index < 0) return template;
        var text = new StringBuilder(template.Length + 16 * _args.Length);
        foreach (var part in parts)
            text.Append(part.Index >= 0 && part.Index < _args.Length ? Render(_args[part.Index], part.Format, culture) : part.Literal);
        return text.ToString();
    }

    /// <summary>A template's literal runs and placeholders, parsed once: a catch-up renders the same few notes for every cadre.</summary>
    private static readonly ConcurrentDictionary<string, TemplatePart[]> Parsed = new(StringComparer.Ordinal);

    /// <param name="Literal">The run as written (for a placeholder, its own text, kept when it names no argument).</param>
    /// <param name="Index">The argument's number; -1 for a literal run.</param>
    private readonly record struct TemplatePart(string Literal, int Index, string? Format);

    private static TemplatePart[] Parse(string template)
    {
        var parts = new List<TemplatePart>();
        var start = 0;
        foreach (var m in Placeholder().EnumerateMatches(template))
        {
            if (m.Index > start) parts.Add(new(template[start..m.Index], -1, null));
            var placeholder = template.Substring(m.Index, m.Length);
            var colon = placeholder.IndexOf(':');
            var index = int.Parse(placeholder.AsSpan(1, (colon < 0 ? placeholder.Length - 1 : colon) - 1), CultureInfo.InvariantCulture);
            parts.Add(new(placeholder, index, colon < 0 ? null : placeholder[(colon + 1)..^1]));
            start = m.Index + m.Length;
        }
        if (start < template.Length || parts.Count == 0) parts.Add(new(template[start..], -1, null));
        return [.. parts];
    }

    /// <summary>In the current UI language: the request's, set by the host's request localization.</summary>
    public override string ToString() => ToString(CultureInfo.CurrentUICulture);

    /// <summary>One argument in <paramref name="culture"/>: texts and enums translated, values formatted invariantly.</summary>
    public static string Render(object? value, string? format, CultureInfo culture) => value switch
    {
        null => "",
        Text text => text.ToString(culture),
        Enum e => MessageCatalog.EnumName(e, culture),
        string s => s,
        IFormattable f => f.ToString(format, CultureInfo.InvariantCulture),
        IEnumerable items => string.Join(MessageCatalog.Shared.Template("ListSeparator", culture) ?? ", ",
            items.Cast<object?>().Select(i => Render(i, format, culture))),
        _ => value.ToString() ?? "",
    };

    public bool Equals(Text? other) =>
        other is not null && ReferenceEquals(_catalog, other._catalog) && Key == other.Key && _args.SequenceEqual(other._args);

    public override bool Equals(object? obj) => Equals(obj as Text);

    public override int GetHashCode() => HashCode.Combine(_catalog, Key, _args.Length);

    [GeneratedRegex(@"\{\d+(?::[^}]*)?\}")]
    private static partial Regex Placeholder();
}

/// <summary>A text in JSON is a string in the current UI language (the request's): written when the response is.</summary>
public sealed class TextJsonConverter : JsonConverter<Text>
{
    public override Text Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Text.Verbatim(reader.GetString() ?? "");

    public override void Write(Utf8JsonWriter writer, Text value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}

/// <summary>
/// One assembly's messages: <c>Messages.resx</c> at the project's root (Chinese, the neutral language the bureau reads by
/// default) and <c>Messages.en.resx</c> beside it (English). Each module reaches its own through its <c>Messages.Msg</c>.
/// </summary>
public sealed class MessageCatalog
{
    private static readonly ConcurrentDictionary<Assembly, MessageCatalog> Catalogs = new();

    /// <summary>The resource file's name at each project's root.</summary>
    public const string BaseName = "Messages";

    private MessageCatalog(Assembly assembly)
    {
        Assembly = assembly;
        Resources = new ResourceManager($"{assembly.GetName().Name}.{BaseName}", assembly);
    }

    public static MessageCatalog Of(Assembly assembly) => Catalogs.GetOrAdd(assembly, a => new MessageCatalog(a));

    /// <summary>The SharedKernel's own messages: problem titles, the shared field rules, list punctuation.</summary>
    public static MessageCatalog Shared { get; } = Of(typeof(MessageCatalog).Assembly);

    public Assembly Assembly { get; }

    public ResourceManager Resources { get; }

    public Text this[string key, params object?[] args] => new(this, key, args);

    /// <summary>
    /// Templates already looked up, by key and language: <see cref="ResourceManager.GetString(string, CultureInfo)"/> takes a lock on
    /// every call, and a catch-up evaluating cadres on every core renders a few notes per cadre, which queued on that lock
    /// (docs/PERFORMANCE.md). The keys are the code's, the languages the host's: the map stays small.
    /// </summary>
    private readonly ConcurrentDictionary<(string Key, CultureInfo Culture), string?> _templates = new();

    /// <summary>The template of <paramref name="key"/> in <paramref name="culture"/> (falling back to Chinese), or null when there is none.</summary>
    public string? Template(string key, CultureInfo culture) =>
        _templates.GetOrAdd((key, culture), static (entry, catalog) => catalog.Lookup(entry.Key, entry.Culture), this);

    private string? Lookup(string key, CultureInfo culture)
    {
        try
        {
            return Resources.GetString(key, culture);
        }
        catch (MissingManifestResourceException)
        {
            return null;
        }
    }

    /// <summary>An enum value as a person reads it (科级, 县处级及以上 …): <c>Enum.{Type}.{Value}</c> in the enum's assembly, else its name.</summary>
    public static string EnumName(Enum value, CultureInfo culture) =>
        Of(value.GetType().Assembly).Template($"Enum.{value.GetType().Name}.{value}", culture) ?? value.ToString();

    /// <summary>Every key and template of one language (the neutral one for Chinese), for the tests that hold both languages equal.</summary>
    public IReadOnlyDictionary<string, string> All(CultureInfo culture)
    {
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false);
        return set is null ? new Dictionary<string, string>()
            : set.Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => e.Value as string ?? "");
    }
}
