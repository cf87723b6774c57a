using System.Text;
using CapabilityOps.Bench.Scenarios;

namespace CapabilityOps.Bench;

/// <summary>The results as a Markdown table (printed, and pasted into docs/PERFORMANCE.md).</summary>
public static class Table
{
    public static string Render(IEnumerable<ScenarioResult> results)
    {
        var text = new StringBuilder("| scenario | size | figures | baseline (same run) | ratio | target | met |\n|---|---|---|---|---|---|---|\n");
        foreach (var r in results)
            text.Append($"| {r.Name} | {Pairs(r.Size)} | {Pairs(r.Metrics)} | {(r.Baseline is null ? "" : Pairs(r.Baseline))} | {r.Ratio} | {r.Target} | {(r.Met ? "yes" : "no")}{(r.Note is null ? "" : " — " + r.Note)} |\n");
        return text.ToString();
    }

    private static string Pairs(Dictionary<string, object> values) =>
        string.Join(", ", values.Select(v => $"{v.Key} {(v.Value is double d ? d.ToString("#,0.##", System.Globalization.CultureInfo.InvariantCulture) : v.Value is long or int ? $"{v.Value:N0}" : v.Value)}"));
}
