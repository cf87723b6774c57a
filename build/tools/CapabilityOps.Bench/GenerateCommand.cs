using CapabilityOps.Bench.Generation;
using CapabilityOps.SharedKernel;

namespace CapabilityOps.Bench;

/// <summary><c>generate --cadres N --years Y --seed S [--last-year YYYY] [--long-stream E] [--connection …] [--if-empty]</c>.</summary>
public static class GenerateCommand
{
    /// <summary>
    /// The plan for the command line. "Today" is the one time-dependent value: the generated years end with the last
    /// completed year (China time) unless <c>--last-year</c> says otherwise, so a seed gives the same facts all year.
    /// </summary>
    public static GenerationPlan Plan(Options options)
    {
        var today = ChinaTime.Today(TimeProvider.System);
        var lastYear = options.Int("last-year", today.Year - 1);
        var dayOf = lastYear < today.Year ? new DateOnly(lastYear, 12, 31) : today;
        return new GenerationPlan(options.Int("cadres", 2000), options.Int("years", 1), options.Int("seed", 8), lastYear, dayOf,
            options.Int("long-stream", 0));
    }

    public static async Task<int> RunAsync(Options options, CancellationToken cancellation)
    {
        var connection = options.Get("connection") ?? Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
            ?? throw new ArgumentException("give --connection or set ConnectionStrings__Postgres");
        if (options.Flag("if-empty") && await EventLoader.CountCadresAsync(connection, cancellation) > 0)
        {
            Console.Error.WriteLine("generate: the database has cadres already; nothing generated");
            return 0;
        }
        var result = await GenerateAsync(connection, Plan(options), cancellation);
        Console.WriteLine($"generated {result.Events:N0} events ({result.Cadres:N0} cadres, years {result.Plan.FirstYear}–{result.Plan.LastYear}) in {result.Seconds:0.0} s");
        return 0;
    }

    public sealed record Result(GenerationPlan Plan, int Cadres, long Events, double Seconds, IReadOnlyList<CadreProfile> Profiles);

    public static async Task<Result> GenerateAsync(string connection, GenerationPlan plan, CancellationToken cancellation)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Console.Error.WriteLine($"generate: {plan.Cadres:N0} cadres, {plan.Years} year(s) {plan.FirstYear}–{plan.LastYear}, seed {plan.Seed}");
        var generator = new FactGenerator(plan);
        var events = await EventLoader.LoadAsync(connection, generator.Streams(), generator.StreamCount, cancellation);
        Console.Error.WriteLine("generate: ANALYZE");
        await EventLoader.AnalyzeAsync(connection, cancellation);
        return new Result(plan, plan.Cadres, events, clock.Elapsed.TotalSeconds, generator.Profiles);
    }
}
