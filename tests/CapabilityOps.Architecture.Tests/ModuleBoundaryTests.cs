using System.Reflection;
using System.Xml.Linq;
using Shouldly;
using Xunit;

namespace CapabilityOps.Architecture.Tests;

/// <summary>
/// One rule for every module: a module's implementation may use the SharedKernel, its own Contracts and
/// other modules' Contracts — never another module's implementation; Contracts use only the SharedKernel
/// and other Contracts. Checked on the project files (what may be compiled against) and on the built
/// assemblies (what is compiled against).
/// </summary>
public class ModuleBoundaryTests
{
    private static readonly string Root = FindRoot();

    public static TheoryData<string> ModuleProjects() =>
        new(Directory.EnumerateFiles(Path.Combine(Root, "src", "Modules"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetFileNameWithoutExtension(p)).Order());

    [Theory]
    [MemberData(nameof(ModuleProjects))]
    public void A_module_project_references_only_what_the_rule_allows(string project)
    {
        var file = Directory.EnumerateFiles(Path.Combine(Root, "src", "Modules"), project + ".csproj", SearchOption.AllDirectories).Single();
        var references = XDocument.Load(file).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value));
        foreach (var reference in references)
            Allowed(project, reference).ShouldBeTrue($"{project} must not reference {reference}");
    }

    [Fact]
    public void Every_module_assembly_uses_only_what_the_rule_allows()
    {
        var modules = typeof(Program).Assembly.GetReferencedAssemblies()
            .Where(a => a.Name!.StartsWith("CapabilityOps.", StringComparison.Ordinal))
            .Select(Assembly.Load)
            .SelectMany(a => a.GetReferencedAssemblies().Select(Assembly.Load).Prepend(a))
            .DistinctBy(a => a.FullName)
            .ToList();
        modules.Count.ShouldBeGreaterThan(2);
        // The dashboard is part of the host, not a module: like the host it reads the modules' own query code (their endpoint
        // methods and read models), so it may use their implementations; no module may use it (the rule below still says so).
        foreach (var module in modules.Where(m => !HostSide.Contains(m.GetName().Name!)))
        foreach (var used in module.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("CapabilityOps.", StringComparison.Ordinal)))
            Allowed(module.GetName().Name!, used.Name!).ShouldBeTrue($"{module.GetName().Name} must not use {used.Name}");
    }

    [Theory]
    [InlineData("CapabilityOps.Learning", "CapabilityOps.Organization", false)]
    [InlineData("CapabilityOps.Learning", "CapabilityOps.Organization.Contracts", true)]
    [InlineData("CapabilityOps.Learning.Contracts", "CapabilityOps.Learning", false)]
    [InlineData("CapabilityOps.Learning", "CapabilityOps.Learning.Contracts", true)]
    [InlineData("CapabilityOps.SharedKernel", "CapabilityOps.Organization.Contracts", false)]
    public void The_rule_itself(string from, string to, bool allowed) => Allowed(from, to).ShouldBe(allowed);

    /// <summary>Assemblies of the host itself, which composes the modules: they are not modules.</summary>
    private static readonly HashSet<string> HostSide = ["CapabilityOps.Dashboard"];

    private static bool Allowed(string from, string to)
    {
        if (to == "CapabilityOps.SharedKernel") return from != to;
        if (from == "CapabilityOps.SharedKernel") return false;
        if (!to.EndsWith(".Contracts", StringComparison.Ordinal)) return false;
        return !from.EndsWith(".Contracts", StringComparison.Ordinal) || from != to;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CapabilityOps.sln"))) return dir.FullName;
        throw new InvalidOperationException("CapabilityOps.sln not found above the test's folder.");
    }
}
