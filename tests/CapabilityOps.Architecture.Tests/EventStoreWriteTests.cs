using System.Text.RegularExpressions;
using Shouldly;
using Xunit;

namespace CapabilityOps.Architecture.Tests;

/// <summary>
/// Every fact about a cadre goes through the one cadre-fact appender (Organization.Contracts/CadreFacts): no other source file
/// writes Marten's event tables. Checked on the source text: a statement that inserts into, updates, copies into, deletes
/// from or truncates <c>mt_events</c> or <c>mt_streams</c>. Reading them (a select, a join) is fine anywhere.
/// </summary>
public partial class EventStoreWriteTests
{
    private static readonly string Root = FindRoot();

    /// <summary>The appender's files, where the bulk SQL path lives, and Wolverine's generated handlers.</summary>
    private static readonly string[] Allowed =
    [
        Path.Combine("src", "Modules", "Organization", "CapabilityOps.Organization.Contracts", "CadreFacts") + Path.DirectorySeparatorChar,
        Path.Combine("src", "Host", "CapabilityOps.Host", "Internal", "Generated") + Path.DirectorySeparatorChar,
    ];

    [GeneratedRegex(@"\b(insert\s+into|update|copy|delete\s+from|truncate(\s+table)?)\s+[^\s(;]*\bmt_(events|streams)\b", RegexOptions.IgnoreCase)]
    private static partial Regex WritesEventTables();

    [Fact]
    public void No_file_outside_the_cadre_fact_appender_writes_martens_event_tables()
    {
        var files = Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .ToList();
        files.Count.ShouldBeGreaterThan(100);

        var writers = files.Where(f => !Allowed.Any(f.StartsWith))
            .Where(f => WritesEventTables().IsMatch(File.ReadAllText(Path.Combine(Root, f))))
            .ToList();
        writers.ShouldBeEmpty("only the cadre-fact appender (Organization.Contracts/CadreFacts) may write mt_events or mt_streams");

        // The appender itself is where the check says it is, and it does write them.
        files.Where(f => f.StartsWith(Allowed[0], StringComparison.Ordinal))
            .Any(f => WritesEventTables().IsMatch(File.ReadAllText(Path.Combine(Root, f)))).ShouldBeTrue();
    }

    [Theory]
    [InlineData("$\"insert into {_schema}.mt_events (seq_id, version) select 1\"", true)]
    [InlineData("$\"update {schema}.mt_streams set version = version + 1\"", true)]
    [InlineData("$\"COPY {_schema}.mt_events (seq_id) FROM STDIN (FORMAT BINARY)\"", true)]
    [InlineData("\"delete from capops.mt_events where stream_id = $1\"", true)]
    [InlineData("\"truncate table capops.mt_streams\"", true)]
    [InlineData("$\"select data from {_schema}.mt_events where type = $1\"", false)]
    [InlineData("$\"insert into {_entriesTable} (id, data) select (data ->> 'recordId')::uuid, data from {_schema}.mt_events\"", false)]
    [InlineData("$\"select id, version from {schema}.mt_streams where id = any($1) order by id for update\"", false)]
    public void The_check_tells_writes_from_reads(string source, bool writes) => WritesEventTables().IsMatch(source).ShouldBe(writes);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CapabilityOps.sln"))) return dir.FullName;
        throw new InvalidOperationException("CapabilityOps.sln not found above the test's folder.");
    }
}
