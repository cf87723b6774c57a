using CapabilityOps.Bench;

// build/bench and build/run --demo drive this tool (docs/PERFORMANCE.md).
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
var options = new Options(args);
return options.Command switch
{
    "generate" => await GenerateCommand.RunAsync(options, cancellation.Token),
    "bench" => await BenchCommand.RunAsync(options, cancellation.Token),
    "tenancy" => await TenancyCommand.RunAsync(options, cancellation.Token),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          generate --cadres N --years Y [--seed S] [--last-year YYYY] [--long-stream EVENTS] [--connection CS] [--if-empty]
          bench [--quick] [--only write,capture,write-training,write-talent,write-equipment,write-discipline,import,rebuild,read,dashboard,asof,readmodel,startup,verify] [--cadres N --years Y] [--out artifacts/bench/results.json]
          tenancy [--connection CS] [--cadres N] [--talks K] [--keep] [--out artifacts/bench/tenancy.json]
        """);
    return 2;
}
