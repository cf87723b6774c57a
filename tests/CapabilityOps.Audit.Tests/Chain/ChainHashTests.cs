using System.Security.Cryptography;
using CapabilityOps.Audit.Chain;

namespace CapabilityOps.Audit.Tests.Chain;

public class ChainHashTests
{
    public static EventRow Row(long sequence = 7, string data = """{"to": "2025-03-04", "from": "2025-03-01", "place": "恩阳区柳林镇"}""") => new(
        sequence, Guid.Parse("0195f3a0-0000-7000-8000-000000000001"), "cadre:S-001", 3, "grassroots_visit_recorded",
        new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc).AddTicks(1234560), "*DEFAULT*",
        "CapabilityOps.ServiceVisits.Contracts.Events.GrassrootsVisitRecorded, CapabilityOps.ServiceVisits.Contracts",
        "4bf92f3577b34da6a3ce929d0e0e4736", null, "hr-desk", """{"source": "hr-system"}""", data, null);

    [Fact]
    public void The_genesis_value_is_the_hash_of_the_chain_s_name() =>
        ChainHash.Genesis.ShouldBe(SHA256.HashData("CapabilityOps audit chain v1"u8));

    [Fact]
    public void The_canonical_encoding_is_pinned_so_existing_chains_keep_verifying() =>
        // If this changes, every chain already stored stops verifying: the encoding is a format, not an implementation detail.
        ChainHash.Hex(new ChainHash().Link(ChainHash.Genesis, Row())).ShouldBe(PinnedHash);

    /// <summary>Also computed independently (Python, from the encoding described on <see cref="ChainHash"/>).</summary>
    private const string PinnedHash = "65d141c9d7877c52d9de1688d286e6b5bb36bfa06fe659362111cdd026083834";

    [Fact]
    public void The_same_row_after_the_same_link_hashes_alike_and_the_previous_link_matters()
    {
        var hasher = new ChainHash();
        hasher.Link(ChainHash.Genesis, Row()).ShouldBe(new ChainHash().Link(ChainHash.Genesis, Row()));
        hasher.Link(ChainHash.Genesis, Row()).ShouldNotBe(hasher.Link(SHA256.HashData("other"u8), Row()));
    }

    public static TheoryData<string> Edits() => new(Changes.Keys);

    private static readonly Dictionary<string, Func<EventRow, EventRow>> Changes = new()
    {
        ["sequence"] = r => r with { Sequence = 8 },
        ["id"] = r => r with { Id = Guid.NewGuid() },
        ["stream"] = r => r with { StreamKey = "cadre:S-002" },
        ["version"] = r => r with { Version = 4 },
        ["type"] = r => r with { Type = "grassroots_visit_revoked" },
        ["timestamp"] = r => r with { Timestamp = r.Timestamp.AddTicks(10) },
        ["tenant"] = r => r with { TenantId = "other" },
        ["dotnet type"] = r => r with { DotNetType = "Something.Else" },
        ["correlation id"] = r => r with { CorrelationId = null },
        ["causation id"] = r => r with { CausationId = "x" },
        ["recorded by"] = r => r with { UserName = "someone-else" },
        ["headers"] = r => r with { Headers = """{"source": "elsewhere"}""" },
        ["data"] = r => r with { Data = r.Data.Replace("柳林镇", "别处") },
        ["binary data"] = r => r with { BinaryData = [1] },
        ["null versus empty"] = r => r with { CausationId = "" },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void Any_change_to_a_hashed_column_changes_the_link(string edit) =>
        new ChainHash().Link(ChainHash.Genesis, Changes[edit](Row())).ShouldNotBe(new ChainHash().Link(ChainHash.Genesis, Row()));

    [Fact]
    public void Length_prefixes_keep_neighbouring_fields_apart() =>
        new ChainHash().Link(ChainHash.Genesis, Row() with { StreamKey = "cadre:S-0013", Type = "rank" })
            .ShouldNotBe(new ChainHash().Link(ChainHash.Genesis, Row() with { StreamKey = "cadre:S-001", Type = "3rank" }));

    [Fact]
    public void Timestamps_count_in_microseconds_as_PostgreSQL_stores_them_whatever_the_DateTime_kind()
    {
        var row = Row();
        var link = new ChainHash().Link(ChainHash.Genesis, row);
        new ChainHash().Link(ChainHash.Genesis, row with { Timestamp = row.Timestamp.AddTicks(9) }).ShouldBe(link);
        new ChainHash().Link(ChainHash.Genesis, row with { Timestamp = DateTime.SpecifyKind(row.Timestamp, DateTimeKind.Unspecified) }).ShouldBe(link);
        ChainHash.Microseconds(new DateTime(1970, 1, 1, 0, 0, 1, DateTimeKind.Utc)).ShouldBe(1_000_000);
    }
}
