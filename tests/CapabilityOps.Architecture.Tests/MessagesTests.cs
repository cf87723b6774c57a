using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CapabilityOps.SharedKernel;
using Shouldly;
using Xunit;

namespace CapabilityOps.Architecture.Tests;

/// <summary>
/// Every message in both languages (docs/ARCHITECTURE.md, "Messages and languages"): each project's Messages.resx (Chinese)
/// and Messages.en.resx (English) hold the same keys with the same numbered placeholders, every key the project's code names
/// in <c>Msg("…")</c> is in them, and every enum of a contract has a name a person reads in both languages.
/// </summary>
public partial class MessagesTests
{
    private static readonly string Root = FindRoot();

    [GeneratedRegex(@"\bMsg\(\s*""(?<key>[^""]+)""")]
    private static partial Regex MsgKey();

    [GeneratedRegex(@"\{(\d+)(?::[^}]*)?\}")]
    private static partial Regex Placeholder();

    /// <summary>Every project under src with its resource pair (a project that has no message yet has none).</summary>
    public static TheoryData<string> Projects()
    {
        var data = new TheoryData<string>();
        foreach (var project in Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories).Order())
            data.Add(Path.GetRelativePath(Root, Path.GetDirectoryName(project)!));
        return data;
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Both_languages_hold_the_same_keys_with_the_same_placeholders(string project)
    {
        var chinese = Read(project, "Messages.resx");
        var english = Read(project, "Messages.en.resx");
        chinese.Keys.Except(english.Keys).ShouldBeEmpty($"{project}: keys without English in Messages.en.resx");
        english.Keys.Except(chinese.Keys).ShouldBeEmpty($"{project}: keys without Chinese in Messages.resx");
        foreach (var (key, zh) in chinese)
        {
            zh.Trim().ShouldNotBeEmpty($"{project}: {key} is empty in Chinese");
            english[key].ShouldNotBeEmpty($"{project}: {key} is empty in English");
            Placeholders(zh).ShouldBe(Placeholders(english[key]), $"{project}: {key} has other placeholders in Chinese than in English");
            if (key.StartsWith("Operation.", StringComparison.Ordinal) || key.StartsWith("Enum.", StringComparison.Ordinal) || key.StartsWith("Problem.", StringComparison.Ordinal))
                CjkPattern().IsMatch(zh).ShouldBeTrue($"{project}: {key} is not Chinese in Messages.resx: {zh}");
        }
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Every_key_the_code_names_is_in_the_projects_messages(string project)
    {
        var keys = Read(project, "Messages.resx").Keys.ToHashSet(StringComparer.Ordinal);
        var missing = Sources(project)
            .SelectMany(file => MsgKey().Matches(Code(file)).Select(m => $"{Path.GetFileName(file)}: {m.Groups["key"].Value}"))
            .Where(use => !keys.Contains(use[(use.IndexOf(": ", StringComparison.Ordinal) + 2)..]))
            .ToList();
        missing.ShouldBeEmpty($"{project}: Msg keys with no message in Messages.resx");
    }

    [Fact]
    public void Every_enum_of_a_contract_has_a_name_in_both_languages()
    {
        var assemblies = Directory.EnumerateFiles(AppContext.BaseDirectory, "CapabilityOps.*.Contracts.dll").Select(Assembly.LoadFrom).ToList();
        assemblies.Count.ShouldBeGreaterThan(3);
        var missing = new List<string>();
        // FactDateRule says how the appender checks a date: code, never shown to a person.
        foreach (var type in assemblies.SelectMany(a => a.GetExportedTypes()).Where(t => t.IsEnum && t.Name != "FactDateRule"))
        foreach (var value in Enum.GetValues(type).Cast<Enum>())
        {
            var catalog = MessageCatalog.Of(type.Assembly);
            var key = $"Enum.{type.Name}.{value}";
            if (catalog.Template(key, System.Globalization.CultureInfo.GetCultureInfo("zh-CN")) is null
                || catalog.Resources.GetResourceSet(System.Globalization.CultureInfo.GetCultureInfo("en"), true, false)?.GetString(key) is null)
                missing.Add($"{type.Assembly.GetName().Name}: {key}");
        }
        missing.ShouldBeEmpty();
    }

    [Fact]
    public void A_text_renders_in_the_language_asked_for_and_its_arguments_with_it()
    {
        var chinese = System.Globalization.CultureInfo.GetCultureInfo("zh-CN");
        var english = System.Globalization.CultureInfo.GetCultureInfo("en");
        var problem = Problem.NoSuchCadre("A-1");
        problem.Detail.ToString(chinese).ShouldBe("不存在工号为“A-1”的干部。");
        problem.Detail.ToString(english).ShouldBe("There is no cadre with staff number 'A-1'.");
        problem.ToProblemDetails(chinese).Title.ShouldBe("未找到");
        problem.ToProblemDetails(english).Type.ShouldBe("/problems/not-found");
        Text.Render(CapabilityOps.Organization.Contracts.Rank.SectionLevel, null, chinese).ShouldBe("科级");
        Text.Render(CapabilityOps.Organization.Contracts.Rank.Leader, null, chinese).ShouldBe("县处级及以上");
        Text.Render(CapabilityOps.Organization.Contracts.Rank.SectionLevel, null, english).ShouldBe("SectionLevel");
        Text.Render(new[] { "a", "b" }, null, chinese).ShouldBe("a、b");
    }

    [GeneratedRegex(@"[\u4e00-\u9fff]")]
    private static partial Regex CjkPattern();

    private static IReadOnlyList<string> Placeholders(string template) =>
        Placeholder().Matches(template).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToList();

    private static Dictionary<string, string> Read(string project, string file)
    {
        var path = Path.Combine(Root, project, file);
        if (!File.Exists(path)) return [];
        return XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);
    }

    /// <summary>A source file without its comment lines (a doc comment may show the pattern).</summary>
    private static string Code(string file) =>
        string.Join('\n', File.ReadLines(file).Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal)));

    private static IEnumerable<string> Sources(string project) =>
        Directory.EnumerateFiles(Path.Combine(Root, project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(Path.Combine(Root, project), f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj" or "Internal"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CapabilityOps.sln"))) return dir.FullName;
        throw new InvalidOperationException("CapabilityOps.sln not found above " + AppContext.BaseDirectory);
    }
}
