using System.Xml.Linq;
using CapabilityOps.Appraisal;
using Shouldly;
using Xunit;

namespace CapabilityOps.Architecture.Tests;

/// <summary>
/// Appraisal owns the engine and the rulebook and knows no module: every module contributes through the interfaces in
/// Appraisal.Contracts, from its own AddXModule(). So Appraisal may reach only its own Contracts, Organization's Contracts
/// (the cadre and unit records it scores) and the SharedKernel — directly or through what it references.
/// </summary>
public class AppraisalKnowsNoModuleTests
{
    private static readonly string[] Allowed =
        ["CapabilityOps.Appraisal.Contracts", "CapabilityOps.Organization.Contracts", "CapabilityOps.SharedKernel"];

    [Fact]
    public void The_Appraisal_project_and_what_it_references_reach_no_other_module()
    {
        var reached = new HashSet<string>();
        var pending = new Stack<string>([ProjectFile("CapabilityOps.Appraisal")]);
        while (pending.TryPop(out var file))
        {
            foreach (var include in XDocument.Load(file).Descendants("ProjectReference").Select(r => r.Attribute("Include")!.Value))
            {
                var referenced = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, include));
                if (reached.Add(Path.GetFileNameWithoutExtension(referenced))) pending.Push(referenced);
            }
        }
        reached.ShouldBeSubsetOf(Allowed, $"CapabilityOps.Appraisal reaches {string.Join(", ", reached.Except(Allowed))}");
    }

    [Fact]
    public void The_Appraisal_assembly_uses_no_other_module()
    {
        var used = typeof(AppraisalModule).Assembly.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(n => n.StartsWith("CapabilityOps.", StringComparison.Ordinal)).ToList();
        used.ShouldContain("CapabilityOps.Appraisal.Contracts");
        used.ShouldBeSubsetOf(Allowed, $"CapabilityOps.Appraisal uses {string.Join(", ", used.Except(Allowed))}");
    }

    private static string ProjectFile(string project)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CapabilityOps.sln")))
                return Directory.EnumerateFiles(Path.Combine(dir.FullName, "src", "Modules"), project + ".csproj", SearchOption.AllDirectories).Single();
        throw new InvalidOperationException("CapabilityOps.sln not found above the test's folder.");
    }
}
